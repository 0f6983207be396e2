import type { SubscribeLinks } from './feeds.schema.ts';

/**
 * PURE: the ways to subscribe to a feed. Calendar apps take the plain URL; `webcal://` makes a
 * browser hand it to the system calendar (Apple Calendar, Outlook desktop); Google and Outlook on
 * the web have "add by URL" pages that take it as a parameter.
 */
export function subscribeLinks(publicBaseUrl: string, token: string, name: string): SubscribeLinks {
  const https = `${publicBaseUrl}/feeds/${token}.ics`;
  const webcal = https.replace(/^https?:/, 'webcal:');
  const addFromWeb = (host: string) =>
    `https://${host}/calendar/0/addfromweb?url=${encodeURIComponent(https)}&name=${encodeURIComponent(name)}`;
  return {
    https,
    webcal,
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    outlook: addFromWeb('outlook.live.com'),
    outlookOffice365: addFromWeb('outlook.office.com'),
  };
}
