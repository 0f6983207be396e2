import { Button } from 'tdesign-react';
import { pick, t } from '../i18n.ts';
import type { WordKey } from '../words.ts';
import type { Activity, Resource } from './model.ts';
import { formatInstant, localParts } from './time.ts';

type Slot = { startsAt: string; endsAt: string };
export type Check =
  | { state: 'idle' | 'needResources' | 'incomplete' | 'checking' | 'failed' }
  | { state: 'free' | 'taken'; reasons: string[]; suggestions: Slot[] };

const SAYS: Record<string, WordKey> = { needResources: 'book.needResources', incomplete: 'book.incomplete', checking: 'book.checking', failed: 'error.generic' };

/** Whether the chosen time is free (or why not), and the earliest free times to pick from. */
export function Availability({ check, zone, onPick }: { check: Check; zone: string; onPick: (slot: Slot) => void }) {
  return (
    <div className="availability">
      <div id="book-availability" role="status" aria-live="polite">
        {check.state === 'free' && <p className="ok" id="book-free">{t('book.free')}</p>}
        {check.state === 'taken' && (
          <div className="conflict" id="book-conflict-preview">
            <p>{t('book.notFree')}</p>
            <ul>{check.reasons.map((line) => <li key={line}>{line}</li>)}</ul>
          </div>
        )}
        {SAYS[check.state] && <p className="muted">{t(SAYS[check.state]!)}</p>}
      </div>
      {(check.state === 'free' || check.state === 'taken') && (
        <div id="book-suggestions">
          {check.suggestions.length === 0
            ? <p className="muted">{t('book.noSuggestions')}</p>
            : <>
              <p id="suggestions-label">{t('book.suggestions')}</p>
              <div className="buttons" role="group" aria-labelledby="suggestions-label">
                {check.suggestions.map((slot) => {
                  const when = formatInstant(slot.startsAt, zone).replace(' (', `–${localParts(slot.endsAt, zone).time} (`);
                  return (
                    <Button key={slot.startsAt} variant="outline" className="suggestion" data-starts-at={slot.startsAt} aria-label={t('book.pick', { when })} onClick={() => onPick(slot)}>{when}</Button>
                  );
                })}
              </div>
            </>}
        </div>
      )}
    </div>
  );
}

/** What was booked, its status in words, a link to it and "book another". */
export function Booked({ activity, resources, onAnother }: { activity: Activity; resources: Resource[]; onAnother: () => void }) {
  const zone = activity.timeZone;
  const venue = resources.find((r) => r.id === activity.venueId);
  const claims = activity.claims.filter((c) => c.resourceId !== activity.venueId).map((c) => {
    const r = resources.find((x) => x.id === c.resourceId);
    return `${r ? pick(r.name) : t('book.resource')} × ${c.quantity}`;
  });
  const when = `${formatInstant(activity.startsAt, zone).replace(' (', `–${localParts(activity.endsAt, zone).time} (`)}`;
  const sentence = activity.status === 'requested'
    ? t('book.requested', { until: formatInstant(activity.holdExpiresAt, zone) })
    : t('book.created', { title: pick(activity.title), status: t(`status.${activity.status}` as WordKey) });
  return (
    <div className="booked" id="book-done" tabIndex={-1} role="status">
      <p id="book-result" className={activity.status === 'requested' ? 'warn' : 'ok'}>{sentence}</p>
      <p className="booked-what">{t('book.what', { title: pick(activity.title), when, venue: venue ? pick(venue.name) : t('book.noVenue') })}</p>
      {claims.length > 0 && <p className="booked-what">{t('book.whatClaims', { claims: claims.join('、') })}</p>}
      <p className="muted">{t('book.booked')}</p>
      <p className="buttons">
        <a className="t-button t-button--variant-base t-button--theme-primary" id="book-open" href={`/activities/${activity.id}`}><span className="t-button__text">{t('book.open')}</span></a>
        <Button variant="outline" id="book-another" onClick={onAnother}>{t('book.another')}</Button>
      </p>
    </div>
  );
}
