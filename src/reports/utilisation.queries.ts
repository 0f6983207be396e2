import { withTransaction, type Pool, type Queryable } from '../db/pool.ts';
import { ACTIVITY_FILTER, PARAM_TYPES, paramList, type ReportParams } from './reports.filter.queries.ts';
import type { Row } from './delivery.queries.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

/**
 * Utilisation, commitments and email health. Open hours: each local day of the period in the
 * owning unit's zone takes the resource's opening hours for its weekday (a make-up working day
 * takes those of the weekday it stands for; no opening hours = open all day), minus the calendar
 * entries that block it (holiday, exam week, closure, maintenance: shared/calendars blocking kinds).
 * Booked hours are quantity-hours of confirmed activities' scheduled occurrences, setup and teardown
 * included, clipped to the period; the peak is the most items in use at one moment.
 *
 * The bookings in use are summed per resource and clipped start/end first (`spans`). A pool's peak
 * is a sweep: one +quantity / −quantity event per distinct instant, and the running sum in time
 * order. Exclusive bookings (venues, staff) never overlap on their resource (the deferred
 * bookings_exclusive_overlap constraint), so a resource whose spans are all exclusive needs no sweep:
 * its peak is its largest span, first reached at the earliest such span's start, which is what the
 * sweep gives (when all its spans hold the same quantity, as a venue's do, straight from `booked`).
 * A school year's venues are most of the spans, so this halves the sweep; a resource with any
 * non-exclusive span (none today: exclusive follows the resource's kind) is swept whole.
 * Open seconds are computed once per resource (`opened` is materialised: it is read twice).
 * A booking of a day or more (an all-day or multi-day exhibition holds its venue day and night) is
 * booked only while the resource is open (its span clipped to `opened`), so a twelve-day exhibition
 * is not 288 booked hours against a hall open 8 h a day; the subquery runs only for those few spans.
 *
 * $11 is the resource kind (venue or equipment): the service runs the two side by side.
 */
export const UTILISATION = `WITH ${PARAM_TYPES}, res AS (
  SELECT r.id, r.kind, r.quantity, r.name_zh, r.name_en, r.unit_id, u.name_zh AS unit_zh, u.name_en AS unit_en, r.opening_hours, u.time_zone AS tz
    FROM resources r JOIN units u ON u.id = r.unit_id
   WHERE r.kind = $11::text AND ($4::bigint IS NULL OR r.unit_id = $4::bigint)),
hours_groups AS (SELECT DISTINCT unit_id, tz, opening_hours FROM res WHERE opening_hours IS NOT NULL),
days AS (
  SELECT g.unit_id, g.tz, g.opening_hours, d::date AS day,
         coalesce((SELECT ce.as_weekday FROM calendar_entries ce
                    WHERE ce.kind = 'makeup_workday' AND (ce.unit_id IS NULL OR ce.unit_id = g.unit_id) AND ce.resource_id IS NULL
                      AND ce.period && tstzrange(d::date::timestamp AT TIME ZONE g.tz, (d::date + 1)::timestamp AT TIME ZONE g.tz)
                    LIMIT 1), lower(to_char(d, 'Dy'))) AS weekday
    FROM hours_groups g, generate_series(($1::timestamptz AT TIME ZONE g.tz)::date, (($2::timestamptz AT TIME ZONE g.tz) - interval '1 second')::date, interval '1 day') d),
group_open AS (
  SELECT days.unit_id, days.tz, days.opening_hours,
         coalesce(range_agg(tstzrange((days.day + (h->>0)::time) AT TIME ZONE days.tz, (days.day + (h->>1)::time) AT TIME ZONE days.tz)
                            * tstzrange($1::timestamptz, $2::timestamptz)), '{}'::tstzmultirange) AS open
    FROM days, jsonb_array_elements(coalesce(days.opening_hours->days.weekday, '[]'::jsonb)) h
   GROUP BY days.unit_id, days.tz, days.opening_hours),
open AS (
  SELECT res.id,
         CASE WHEN res.opening_hours IS NULL THEN tstzmultirange(tstzrange($1::timestamptz, $2::timestamptz)) ELSE coalesce(g.open, '{}'::tstzmultirange) END
           - coalesce((SELECT range_agg(ce.period) FROM calendar_entries ce
                        WHERE ce.kind IN ('holiday', 'exam_week', 'closure', 'maintenance') AND ce.period && tstzrange($1::timestamptz, $2::timestamptz)
                          AND ((ce.unit_id IS NULL AND ce.resource_id IS NULL) OR ce.unit_id = res.unit_id OR ce.resource_id = res.id)), '{}'::tstzmultirange) AS open
    FROM res LEFT JOIN group_open g ON g.unit_id = res.unit_id AND g.tz = res.tz AND g.opening_hours = res.opening_hours),
opened AS MATERIALIZED (SELECT open.id, open.open, (SELECT coalesce(sum(extract(epoch FROM upper(s) - lower(s))), 0) FROM unnest(open.open) s) AS seconds FROM open),
spans AS (
  SELECT b.resource_id, greatest(lower(b.period), $1::timestamptz) AS s, least(upper(b.period), $2::timestamptz) AS e, sum(b.quantity)::int AS q,
         bool_and(b.exclusive) AS exclusive
    FROM bookings b
   WHERE b.active AND b.period && tstzrange($1::timestamptz, $2::timestamptz) AND b.resource_id IN (SELECT id FROM res)
     AND b.activity_id NOT IN (SELECT id FROM activities WHERE ${st.requested('activities')})
   GROUP BY 1, 2, 3),
booked AS (
  SELECT resource_id, sum(q * CASE WHEN e - s >= interval '24 hours'
             THEN (SELECT coalesce(sum(date_part('epoch', upper(x) - lower(x))), 0) FROM opened, unnest(tstzmultirange(tstzrange(spans.s, spans.e)) * opened.open) x
                    WHERE opened.id = spans.resource_id)
             ELSE date_part('epoch', e - s) END) AS seconds,
         bool_and(exclusive) AS exclusive, max(q) AS top, min(q) AS bottom, min(s) AS first
    FROM spans GROUP BY resource_id),
events AS (
  SELECT spans.resource_id, x.t, sum(x.delta)::int AS delta
    FROM spans CROSS JOIN LATERAL (VALUES (spans.s, spans.q), (spans.e, -spans.q)) x (t, delta)
   WHERE NOT spans.exclusive OR spans.resource_id IN (SELECT resource_id FROM booked WHERE NOT exclusive)
   GROUP BY 1, 2),
sweep AS (SELECT resource_id, t, delta, sum(delta) OVER (PARTITION BY resource_id ORDER BY t ROWS UNBOUNDED PRECEDING) AS in_use FROM events),
peaks AS (
  (SELECT DISTINCT ON (resource_id) resource_id, in_use, t FROM sweep WHERE delta > 0 ORDER BY resource_id, in_use DESC, t)
  UNION ALL
  SELECT resource_id, top, first FROM booked WHERE exclusive AND top = bottom
  UNION ALL
  SELECT spans.resource_id, booked.top, min(spans.s) FROM spans JOIN booked ON booked.resource_id = spans.resource_id
   WHERE booked.exclusive AND booked.top <> booked.bottom AND spans.q = booked.top GROUP BY 1, 2),
loaned AS (
  SELECT l.resource_id, count(*) FILTER (WHERE li.returned_at IS NULL) AS out_now,
         count(*) FILTER (WHERE li.returned_at IS NULL AND l.due_back < $10::timestamptz) AS overdue,
         sum(greatest(0, extract(epoch FROM least(coalesce(li.returned_at, $10::timestamptz), $2::timestamptz) - greatest(l.out_since, $1::timestamptz)))) AS seconds
    FROM loans l JOIN loan_items li ON li.loan_id = l.id
   WHERE l.resource_id IN (SELECT id FROM res WHERE kind = 'equipment') GROUP BY l.resource_id),
unserviceable AS (SELECT resource_id, count(*) AS n FROM items WHERE status <> 'in_service' AND resource_id IN (SELECT id FROM res WHERE kind = 'equipment') GROUP BY resource_id)
SELECT res.id AS "resourceId", res.kind, res.name_zh AS "nameZh", res.name_en AS "nameEn", res.unit_id AS "unitId", res.unit_zh AS "unitZh", res.unit_en AS "unitEn", res.quantity,
       round((opened.seconds / 3600.0)::numeric, 2)::float8 AS "openHours",
       round((opened.seconds * res.quantity / 3600.0)::numeric, 2)::float8 AS "capacityHours",
       round(coalesce(booked.seconds, 0)::numeric / 3600, 2)::float8 AS "bookedHours",
       coalesce(peaks.in_use, 0)::int AS peak, peaks.t AS "peakAt",
       CASE WHEN res.kind = 'equipment' THEN coalesce(loaned.out_now, 0)::int END AS "itemsOut",
       CASE WHEN res.kind = 'equipment' THEN coalesce(loaned.overdue, 0)::int END AS "itemsOverdue",
       CASE WHEN res.kind = 'equipment' THEN round((coalesce(loaned.seconds, 0) / 86400.0)::numeric, 2)::float8 END AS "loanDays",
       CASE WHEN res.kind = 'equipment' THEN coalesce(unserviceable.n, 0)::int END AS "outOfService"
  FROM res JOIN opened ON opened.id = res.id LEFT JOIN booked ON booked.resource_id = res.id LEFT JOIN peaks ON peaks.resource_id = res.id
  LEFT JOIN loaned ON loaned.resource_id = res.id LEFT JOIN unserviceable ON unserviceable.resource_id = res.id
 ORDER BY res.unit_id, res.id`;

/**
 * Summing a school year's bookings into spans takes a hash table of about 10 MB: with the default
 * work_mem it spills to disk, and the plan's cost makes PostgreSQL JIT-compile it, which takes longer
 * than running it. Both are set for this read-only transaction only (the bench's REPORTS_EXPLAIN too).
 */
export const UTILISATION_SETTINGS = [`SET LOCAL work_mem = '64MB'`, 'SET LOCAL jit = off'];

export async function utilisation(pool: Pool, p: ReportParams): Promise<Row[]> {
  // Venues (opening hours, no sweep) and pools (the sweep, loans) each read the period's bookings
  // once, on two connections: the report waits for the slower of the two, not for their sum.
  const parts = await Promise.all(['venue', 'equipment'].map((kind) => withTransaction(pool, async (db) => {
    for (const setting of UTILISATION_SETTINGS) await db.query(setting);
    return (await db.query<Row & { peakAt: Date | null }>(UTILISATION, [...paramList(p), kind])).rows;
  })));
  return parts.flat().map((r) => ({ ...r, peakAt: r.peakAt ? (r.peakAt as Date).toISOString() : null }));
}

// Committed = count × classes (per class) or count; null for a cadence. Planned = accepted plans'
// bookings in the period; delivered = those whose activity held an occurrence in the period.
const COMMITMENTS = `WITH ${PARAM_TYPES}, pb AS (
  SELECT pb.commitment_id, pb.activity_id FROM plan_bookings pb JOIN plans pl ON pl.id = pb.plan_id
   WHERE pl.status = 'accepted' AND pb.starts_at >= $1::timestamptz AND pb.starts_at < $2::timestamptz)
SELECT c.id AS "commitmentId", coalesce(tn.zh, c.term) AS "termZh", coalesce(tn.en, c.term) AS "termEn", c.kind, c.organizer_unit_id AS "unitId", u.name_zh AS "unitZh", u.name_en AS "unitEn", c.title_zh AS "titleZh", c.title_en AS "titleEn",
       CASE WHEN c.spec ? 'count' THEN (c.spec->>'count')::int * CASE WHEN coalesce((c.spec->>'perClass')::boolean, true)
            THEN greatest(jsonb_array_length(coalesce(c.spec->'classIds', '[]'::jsonb)), 1) ELSE 1 END END AS committed,
       (SELECT count(*) FROM pb WHERE pb.commitment_id = c.id)::int AS planned,
       (SELECT count(*) FROM pb JOIN activities a ON a.id = pb.activity_id
         WHERE pb.commitment_id = c.id AND ${st.confirmed('a')} AND EXISTS (
           SELECT 1 FROM occurrences o WHERE o.activity_id = a.id AND o.status = 'scheduled'
              AND o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz AND o.ends_at <= $10::timestamptz))::int AS delivered
  FROM commitments c JOIN units u ON u.id = c.organizer_unit_id
  -- The term by its name ("2026 秋季学期"), not its code: the term calendar entry holding the commitment's first day.
  LEFT JOIN LATERAL (
    SELECT to_char(lower(e.period) AT TIME ZONE e.time_zone, 'YYYY') || ' ' || e.name_zh AS zh,
           to_char(lower(e.period) AT TIME ZONE e.time_zone, 'YYYY') || ' ' || e.name_en AS en
      FROM calendar_entries e
     WHERE e.kind = 'term' AND (e.unit_id IS NULL OR e.unit_id = c.organizer_unit_id OR e.unit_id = u.parent_id)
       AND e.period @> (((c.spec->'window'->>'startsOn')::date + time '12:00') AT TIME ZONE e.time_zone)
     ORDER BY e.unit_id NULLS LAST, e.id LIMIT 1) tn ON true
 WHERE ($4::bigint IS NULL OR c.organizer_unit_id = $4::bigint) AND ($5::text IS NULL OR c.kind = $5::text)
   AND (EXISTS (SELECT 1 FROM pb WHERE pb.commitment_id = c.id)
        OR NOT EXISTS (SELECT 1 FROM plan_bookings x JOIN plans y ON y.id = x.plan_id WHERE x.commitment_id = c.id AND y.status = 'accepted'))
 ORDER BY c.term, c.id`;

export async function commitments(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(COMMITMENTS, paramList(p))).rows;
}

// The outbox: one row per kind. Unsubscribed (on the reminder row): registrations of the filtered
// activities whose reminders are off and that last changed in the period (the unsubscribe is their
// last change unless something else changed them since). Bounced: the outbox keeps only the SMTP
// answer, so it stays null (docs/reports.md).
const EMAIL = `WITH ${PARAM_TYPES}, sent AS (
  SELECT d.kind, count(*) FILTER (WHERE d.status = 'sent') AS sent, count(*) FILTER (WHERE d.status = 'failed') AS failed,
         count(*) FILTER (WHERE d.status IN ('pending', 'sending')) AS pending, count(*) FILTER (WHERE d.status = 'skipped') AS skipped,
         count(*) FILTER (WHERE d.status = 'cancelled') AS cancelled
    FROM deliveries d JOIN activities a ON a.id = d.activity_id
   WHERE d.created_at >= $1::timestamptz AND d.created_at < $2::timestamptz AND ${ACTIVITY_FILTER}
   GROUP BY d.kind),
unsubscribed AS (
  SELECT 'reminder'::text AS kind, count(*) AS n FROM registrations r JOIN activities a ON a.id = r.activity_id
   WHERE NOT r.reminders_enabled AND r.updated_at >= $1::timestamptz AND r.updated_at < $2::timestamptz AND ${ACTIVITY_FILTER})
SELECT coalesce(sent.kind, unsubscribed.kind) AS kind, coalesce(sent.sent, 0)::int AS sent, coalesce(sent.failed, 0)::int AS failed,
       coalesce(sent.pending, 0)::int AS pending, coalesce(sent.skipped, 0)::int AS skipped, coalesce(sent.cancelled, 0)::int AS cancelled,
       NULL::int AS bounced, unsubscribed.n::int AS unsubscribed
  FROM sent FULL JOIN unsubscribed ON unsubscribed.kind = sent.kind
 WHERE sent.kind IS NOT NULL OR unsubscribed.n > 0
 ORDER BY 1`;

export async function email(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(EMAIL, paramList(p))).rows;
}
