#!/usr/bin/python3
"""Independent check of an iCalendar feed with Debian's python3-icalendar (and python3-dateutil for
RRULE expansion). Run with /usr/bin/python3 (it sees Debian's modules). Reads the feed on stdin and
prints JSON: {"ok": true, ...summary} or {"ok": false, "error": "..."} (exit status 1).
With --itip it checks an emailed invitation instead: METHOD required, ORGANIZER and ATTENDEE on
every VEVENT (a subscription feed must have neither).

Times are interpreted with the feed's own VTIMEZONE (Timezone.to_tz), not with a zone database,
so a wrong VTIMEZONE shows up as wrong local offsets.
"""
import datetime
import json
import sys

import icalendar
from dateutil import rrule


class Problem(Exception):
    pass


def check_bytes(raw):
    if not raw.endswith(b'\r\n'):
        raise Problem('the feed does not end with CRLF')
    for number, line in enumerate(raw[:-2].split(b'\r\n'), 1):
        if b'\n' in line or b'\r' in line:
            raise Problem('line %d has a bare CR or LF' % number)
        if len(line) > 75:
            raise Problem('line %d is %d octets long (max 75)' % (number, len(line)))
        try:
            line.decode('utf-8')
        except UnicodeDecodeError:
            raise Problem('line %d is not valid UTF-8 on its own (a fold split a character)' % number)


def iso(value):
    return value.isoformat() if value is not None else None


def naive_local(prop_dt):
    return prop_dt.replace(tzinfo=None) if hasattr(prop_dt, 'hour') else prop_dt


def expand(event, start, tz, limit=80):
    """Local start times of a recurring event from its RRULE minus EXDATEs, offsets from the VTIMEZONE."""
    recur = event['RRULE']
    parts = []
    for key, values in recur.items():
        values = values if isinstance(values, list) else [values]
        if key != 'UNTIL':
            parts.append('%s=%s' % (key, ','.join(str(v) for v in values)))
            continue
        value = values[0]
        if hasattr(value, 'hour') and value.tzinfo is not None and tz is not None:
            value = value.astimezone(tz).replace(tzinfo=None)
        parts.append('UNTIL=' + value.strftime('%Y%m%dT%H%M%S' if hasattr(value, 'hour') else '%Y%m%d'))
    first = start if hasattr(start, 'hour') else datetime.datetime(start.year, start.month, start.day)
    rule = rrule.rrulestr(';'.join(parts), dtstart=first)
    excluded = set()
    exdates = event.get('EXDATE')
    for group in (exdates if isinstance(exdates, list) else [exdates] if exdates is not None else []):
        for item in group.dts:
            excluded.add(naive_local(item.dt))
    out = []
    for when in rule:
        if len(out) >= limit:
            break
        key = when if hasattr(start, 'hour') else when.date()
        if key in excluded:
            continue
        if tz is not None:
            aware = tz.localize(when)
            out.append(aware.isoformat())
        else:
            out.append(key.isoformat())
    return out


def summarize(raw, itip=False):
    check_bytes(raw)
    cal = icalendar.Calendar.from_ical(raw)
    for component in cal.walk():
        if component.errors:
            raise Problem('%s: %s' % (component.name, component.errors))
    method = str(cal['METHOD']) if cal.get('METHOD') is not None else None
    if not itip and method is not None:
        raise Problem('a subscription feed has no METHOD')
    if itip and method is None:
        raise Problem('an iTIP message without METHOD')
    zones = {}
    for vtimezone in cal.walk('VTIMEZONE'):
        zones[str(vtimezone['TZID'])] = vtimezone.to_tz()
    events = []
    for event in cal.walk('VEVENT'):
        for person in ('ORGANIZER', 'ATTENDEE'):
            if not itip and event.get(person) is not None:
                raise Problem('event %s has %s' % (event.get('UID'), person))
            if itip and event.get(person) is None:
                raise Problem('invitation event %s has no %s' % (event.get('UID'), person))
        for stamp in ('DTSTAMP', 'LAST-MODIFIED', 'CREATED'):
            if event.get(stamp) is not None and not event[stamp].to_ical().endswith(b'Z'):
                raise Problem('%s of %s is not UTC' % (stamp, event.get('UID')))
        dtstart = event['DTSTART']
        tzid = dtstart.params.get('TZID')
        is_date = not hasattr(dtstart.dt, 'hour')
        if not is_date and tzid is None:
            raise Problem('event %s has a floating or UTC start without TZID' % event.get('UID'))
        if tzid is not None and tzid not in zones:
            raise Problem('TZID %s has no VTIMEZONE' % tzid)
        tz = zones.get(tzid) if tzid else None
        start_local = naive_local(dtstart.dt)
        end_local = naive_local(event['DTEND'].dt) if event.get('DTEND') is not None else None
        rid = event.get('RECURRENCE-ID')
        events.append({
            'uid': str(event['UID']),
            'summary': str(event.get('SUMMARY', '')),
            'description': str(event.get('DESCRIPTION', '')),
            'location': str(event.get('LOCATION', '')),
            'status': str(event.get('STATUS', '')),
            'sequence': int(event.get('SEQUENCE', 0)),
            'tzid': tzid,
            'allDay': is_date,
            'start': tz.localize(start_local).isoformat() if tz else start_local.isoformat(),
            'end': (tz.localize(end_local).isoformat() if tz else end_local.isoformat()) if end_local is not None else None,
            'dtstamp': iso(event.decoded('DTSTAMP')),
            'lastModified': iso(event.decoded('LAST-MODIFIED')) if event.get('LAST-MODIFIED') is not None else None,
            'recurrenceId': (tz.localize(naive_local(rid.dt)).isoformat() if tz else naive_local(rid.dt).isoformat()) if rid is not None else None,
            'rrule': event['RRULE'].to_ical().decode() if event.get('RRULE') is not None else None,
            'instances': expand(event, start_local, tz) if event.get('RRULE') is not None else None,
        })
    # Moved occurrences: the override's start replaces the instance it names (as calendar apps show it).
    moved = {(e['uid'], e['recurrenceId']): e['start'] for e in events if e['recurrenceId']}
    for e in events:
        if e['instances'] is not None:
            e['instances'] = [moved.get((e['uid'], when), when) for when in e['instances']]
    return {
        'ok': True,
        'method': method,
        'name': str(cal.get('X-WR-CALNAME', '')),
        'description': str(cal.get('X-WR-CALDESC', '')),
        'timezones': sorted(zones),
        'events': events,
    }


def main():
    try:
        result = summarize(sys.stdin.buffer.read(), itip='--itip' in sys.argv[1:])
    except Problem as problem:
        print(json.dumps({'ok': False, 'error': str(problem)}))
        sys.exit(1)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == '__main__':
    main()
