import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { z } from 'zod';
import { idParam } from '../http/schemas.ts';
import { renderPage } from './layout.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DESK = path.join(root, 'dist/desk');
// FullCalendar with the luxon plugin, so the grid shows times in the programme's named zone.
const FULLCALENDAR = [
  '/vendor/luxon/luxon.min.js',
  '/vendor/fullcalendar/index.global.min.js',
  '/vendor/fullcalendar-core/locales-all.global.min.js',
  '/vendor/fullcalendar-luxon3/index.global.min.js',
];
const activityParams = z.strictObject({ id: idParam });

/** The web pages: static assets, vendor bundles from node_modules (never a CDN), and page shells. */
export function webRoutes(): Router {
  const r = Router();
  const assets = { maxAge: '1h', fallthrough: false, index: false } as const;
  r.use('/assets', express.static(path.join(root, 'public'), assets));
  r.use('/vendor/fullcalendar', express.static(path.join(root, 'node_modules/fullcalendar'), assets));
  r.use('/vendor/fullcalendar-core', express.static(path.join(root, 'node_modules/@fullcalendar/core'), assets));
  r.use('/vendor/fullcalendar-luxon3', express.static(path.join(root, 'node_modules/@fullcalendar/luxon3'), assets));
  r.use('/vendor/echarts', express.static(path.join(root, 'node_modules/echarts/dist'), assets));
  r.use('/vendor/luxon', express.static(path.join(root, 'node_modules/luxon/build/global'), assets));
  // The QR decoder of the attendance page's camera (ZXing's own UMD file, library included); loaded only when the camera starts.
  r.use('/vendor/zxing', express.static(path.join(root, 'node_modules/@zxing/browser/umd'), assets));

  // Pages without an icon link (the sign-in page) make browsers ask for this; no 404 in their console.
  r.get('/favicon.ico', (_req, res) => {
    res.status(204).set('Cache-Control', 'public, max-age=86400').end();
  });
  r.get('/', (_req, res) => {
    res.type('html').send(renderPage({ title: '科普活动', titleKey: 'nav.programme', script: 'programme.js', vendor: FULLCALENDAR }));
  });
  r.get('/activities/:id', (req, res) => {
    const { id: activityId } = activityParams.parse(req.params);
    res.type('html').send(renderPage({ title: '活动', titleKey: 'page.activity', script: 'activity.js', data: { activity: String(activityId) } }));
  });
  // The organizer desk (web/desk, built into dist/desk by `npm install`): hashed assets kept a year.
  r.use('/desk/assets', express.static(path.join(DESK, 'assets'), { maxAge: '365d', immutable: true, fallthrough: false, index: false }));
  r.get(['/desk', '/desk/'], (req, res) => {
    if (req.path === '/desk') return res.redirect(301, '/desk/');
    if (!existsSync(path.join(DESK, 'index.html'))) {
      return res.status(503).type('text/plain; charset=utf-8').send('组织者工作台尚未构建：请运行 npm install。\nThe organizer desk is not built: run npm install.\n');
    }
    res.set('Cache-Control', 'no-cache').sendFile(path.join(DESK, 'index.html'));
  });
  // The field-visit day's roster (web/desk/roster.html): a phone page that works offline through its
  // service worker, which must be served from a fixed address under /desk/ (its scope) and never cached long.
  const deskFile = (file: string, type?: string) => (_req: express.Request, res: express.Response) => {
    if (!existsSync(path.join(DESK, file))) return res.status(404).type('text/plain; charset=utf-8').send('组织者工作台尚未构建：请运行 npm install。\nThe organizer desk is not built: run npm install.\n');
    if (type) res.type(type);
    res.set('Cache-Control', 'no-cache').sendFile(path.join(DESK, file));
  };
  r.get('/desk/roster.html', deskFile('roster.html'));
  r.get('/desk/roster-sw.js', deskFile('roster-sw.js', 'text/javascript; charset=utf-8'));
  r.get('/desk/roster.webmanifest', deskFile('roster.webmanifest', 'application/manifest+json; charset=utf-8'));
  r.get('/desk/roster-icon.svg', deskFile('roster-icon.svg', 'image/svg+xml'));
  r.get('/organizer', (_req, res) => {
    // luxon turns the form's local date and time in a named zone into an instant with its offset.
    res.type('html').send(renderPage({ title: '组织者工作台', titleKey: 'organizer.title', script: 'organizer.js', vendor: ['/vendor/luxon/luxon.min.js'] }));
  });
  r.get('/organizer/reports', (_req, res) => {
    res.type('html').send(renderPage({ title: '项目报告', titleKey: 'reports.title', script: 'reports.js', vendor: ['/vendor/echarts/echarts.min.js'] }));
  });
  return r;
}
