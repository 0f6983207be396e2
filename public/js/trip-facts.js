// Where an activity that leaves the school goes (docs/field-visits.md), as rows of the activity
// page's facts: only the fields the organizer gave.
import { el } from './api.js';
import { extend, t, zoneName } from './i18n.js';

extend({
  'trip.factDestination': '目的地', 'trip.factMeeting': '集合', 'trip.factTransport': '交通', 'trip.factContact': '当天联系人', 'trip.meetAt': '{time}（{zone}）集合', 'trip.sep': '，',
}, {
  'trip.factDestination': 'Destination', 'trip.factMeeting': 'Meeting point', 'trip.factTransport': 'Transport', 'trip.factContact': 'Contact on the day', 'trip.meetAt': 'meet at {time} ({zone})', 'trip.sep': ', ',
});

/** @param {any} activity the API's activity (meetingAt carries the offset of its zone) */
export function tripFacts(activity) {
  const meeting = [activity.meetingPoint, activity.meetingAt ? t('trip.meetAt', { time: String(activity.meetingAt).slice(11, 16), zone: zoneName(activity.timeZone) }) : '']
    .filter(Boolean).join(t('trip.sep'));
  const rows = [
    ['destination', t('trip.factDestination'), activity.destination],
    ['meeting', t('trip.factMeeting'), meeting],
    ['transport', t('trip.factTransport'), activity.transport],
    ['contact', t('trip.factContact'), [activity.contact, activity.contactPhone].filter(Boolean).join(t('trip.sep'))],
  ];
  return rows.filter(([, , value]) => value).flatMap(([key, label, value]) => [el('dt', { text: label }), el('dd', { id: `activity-${key}`, text: value })]);
}
