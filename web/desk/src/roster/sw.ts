/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';

/**
 * The roster page's service worker (served at /desk/roster-sw.js, scope /desk/): the page and its
 * hashed assets come from the cache when the network is off. Hashed assets never change (CacheFirst);
 * the page itself is asked of the network first so a new build reaches phones, the cache after
 * 3 s. The roster's data is not here: it lives in IndexedDB (store.ts), erased after the visit.
 * The page puts its own assets in ASSETS once the worker controls it (main.tsx), since the first
 * load happens before the worker exists.
 */
declare const self: ServiceWorkerGlobalScope;
const ASSETS = 'orrery-roster-assets';
const PAGES = 'orrery-roster-page';

void self.skipWaiting();
clientsClaim();
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/desk/assets/'), new CacheFirst({ cacheName: ASSETS }));
registerRoute(({ url }) => url.origin === self.location.origin && ['/desk/roster.html', '/desk/roster.webmanifest', '/desk/roster-icon.svg'].includes(url.pathname),
  new NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 3, matchOptions: { ignoreSearch: true } }));
