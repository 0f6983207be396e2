// The booking form's "trip" fields (docs/field-visits.md): where an activity that leaves the school
// goes, where and when participants meet, how they travel, whom to call. Sent only when filled in.
import { el } from './api.js';
import { extend, t } from './i18n.js';
import { field, zonedIso } from './organizer-common.js';
import { timeInput } from './local-inputs.js';

extend({
  'trip.title': '行程（离校活动）', 'trip.hint': '家长同意书、活动页和报名者页面会显示这些信息。',
  'trip.destination': '目的地', 'trip.meetingPoint': '集合地点', 'trip.meetingTime': '集合时间（当天）', 'trip.transport': '交通方式',
  'trip.contact': '当天联系人', 'trip.contactPhone': '联系电话',
}, {
  'trip.title': 'Trip (activities away from school)', 'trip.hint': "Shown on the guardian's consent page, the activity page and the participant page.",
  'trip.destination': 'Destination', 'trip.meetingPoint': 'Meeting point', 'trip.meetingTime': 'Meeting time (on the day)', 'trip.transport': 'Transport',
  'trip.contact': 'Contact on the day', 'trip.contactPhone': "Contact's phone",
});

export function tripFields() {
  const text = (name, max, attrs = {}) => el('input', { type: 'text', name, maxlength: String(max), ...attrs });
  return el('fieldset', { id: 'book-trip', class: 'form-group' },
    el('legend', { text: t('trip.title') }),
    el('p', { class: 'hint', text: t('trip.hint') }),
    field('book-destination', t('trip.destination'), text('destination', 500)),
    field('book-meeting-point', t('trip.meetingPoint'), text('meetingPoint', 500)),
    field('book-meeting-time', t('trip.meetingTime'), timeInput({ name: 'meetingTime' })),
    field('book-transport', t('trip.transport'), text('transport', 2000)),
    field('book-contact', t('trip.contact'), text('contact', 500, { autocomplete: 'name' })),
    field('book-contact-phone', t('trip.contactPhone'), text('contactPhone', 40, { type: 'tel', autocomplete: 'tel' })));
}

/**
 * The filled-in trip fields as API fields (the meeting time on the activity's first day).
 * @param {(name: string) => string} v the form's value by name
 */
export function readTrip(v, date, zone) {
  const out = {};
  for (const name of ['destination', 'meetingPoint', 'transport', 'contact', 'contactPhone']) if (v(name).trim()) out[name] = v(name).trim();
  if (v('meetingTime')) out.meetingAt = zonedIso(date, v('meetingTime'), zone) ?? v('meetingTime');
  return out;
}
