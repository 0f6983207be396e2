import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchDatabase } from './lib/db.ts';
import { generatedOffer } from './lib/city.ts';
import { scaled, summary } from './lib/summary.ts';
import { activitiesService } from '../src/activities/activities.service.ts';
import { classesService } from '../src/classes/classes.service.ts';
import { offersService } from '../src/allocation/offers.service.ts';
import { allocationService } from '../src/allocation/allocation.service.ts';
import { systemActor } from '../src/shared/actor.ts';
import { FixedClock } from '../src/shared/clock.ts';

/**
 * One offer allocated for real, end to end: 300 slots of 4 classes among 1,500 schools' 6,000 classes
 * (bench/lib/city.ts, seeded; the schools, classes and applications are written in bulk, the offer
 * through the offers service), then POST /offers/{id}/allocation's own service call: decisions under
 * the offer's lock, then every slot booked through the activities service in its own transaction (a
 * venue claim, the slot's classes, confirmed). Goal ≤ 5 s (issue 27); an independent re-check counts
 * slots over capacity and classes booked twice (0 each).
 */
const SLOTS = scaled(300, 60);
const SCHOOLS = scaled(1500, 300);
const CLASSES = scaled(6000, 1200);
const db = await benchDatabase(20);
const { pool } = db;
try {
  const { applications } = generatedOffer({ slots: SLOTS, schools: SCHOOLS, classes: CLASSES, capacity: 4, seed: 2026 });
  const { rows: [academy] } = await pool.query<{ id: number }>(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('planetarium', 'academy_unit', '天文馆', 'Planetarium') RETURNING id`);
  const { rows: [venue] } = await pool.query<{ id: number }>(`INSERT INTO resources (unit_id, kind, name_zh, name_en) VALUES ($1, 'venue', '球幕厅', 'Dome') RETURNING id`, [academy!.id]);
  const { rows: schools } = await pool.query<{ id: number }>(
    `INSERT INTO units (slug, kind, name_zh, name_en, district) SELECT 'school-' || i, 'school', '学校' || i, 'School ' || i, 'district-' || (i % 16) FROM generate_series(0, $1::int - 1) i RETURNING id`, [SCHOOLS]);
  const clock = new FixedClock('2026-12-01T00:00:00Z');
  const offers = offersService(pool, clock);
  const slots = Array.from({ length: SLOTS }, (_, i) => {
    const day = new Date(Date.UTC(2027, 2, 1 + Math.floor(i / 3), 1 + (i % 3) * 2));
    return { startsAt: day.toISOString(), endsAt: new Date(day.getTime() + 90 * 60_000).toISOString(), capacity: 4 };
  });
  const offer = await offers.createOffer(systemActor, {
    unitId: academy!.id, term: 'spring-2027', kind: 'science_show', title: { 'zh-CN': '球幕专场', en: 'Dome show' }, grades: [7], classSize: { min: 1, max: 60 },
    claims: [{ resourceId: venue!.id, quantity: 1 }], slots, opensAt: '2026-11-01T00:00:00Z', closesAt: '2026-11-30T00:00:00Z',
    rules: { perSchoolCap: 3, districtQuotas: {}, termPriority: false, seed: 20260901 },
  });
  const slotIds = new Map(offer.slots.map((s, i) => [`slot-${String(i).padStart(4, '0')}`, s.id]));
  await pool.query(
    `WITH c AS (
       INSERT INTO classes (unit_id, kind, code, name_zh, name_en, grade, number, size)
       SELECT (x.school)::bigint, 'school_class', x.code, x.code, x.code, 7, x.n, x.size FROM jsonb_to_recordset($1::jsonb) AS x (school bigint, code text, n int, size int)
       RETURNING id, unit_id, code)
     INSERT INTO applications (offer_id, school_unit_id, class_id, class_size, preferences, created_at)
     SELECT $2::bigint, c.unit_id, c.id, x.size, x.prefs, x.at FROM c JOIN jsonb_to_recordset($1::jsonb) AS x (school bigint, code text, size int, prefs bigint[], at timestamptz)
       ON x.school = c.unit_id AND x.code = c.code`,
    [JSON.stringify(applications.map((a) => {
      const [, school, n] = a.classId.split('-');
      return { school: schools[Number(school)]!.id, code: `g7-${Number(n) + 1}`, n: (Number(n) % 99) + 1, size: a.classSize, prefs: a.preferences.map((p) => slotIds.get(p)), at: a.submittedAt };
    })), offer.id],
  );
  const allocation = allocationService({ pool, clock, activities: activitiesService(pool), classes: classesService(pool), offers });
  const started = performance.now();
  const result = await allocation.run(systemActor, offer.id, false);
  const seconds = (performance.now() - started) / 1000;
  const { rows: [check] } = await pool.query<{ over: number; twice: number; booked: number }>(
    `SELECT (SELECT count(*)::int FROM (SELECT slot_id FROM applications WHERE offer_id = $1 AND state = 'placed' GROUP BY slot_id HAVING count(*) > 4) o) AS over,
            (SELECT count(*)::int FROM (SELECT class_id FROM activity_classes GROUP BY class_id HAVING count(*) > 1) t) AS twice,
            (SELECT count(DISTINCT activity_id)::int FROM applications WHERE offer_id = $1 AND activity_id IS NOT NULL) AS booked`, [offer.id]);
  process.stdout.write(`${SLOTS} slots, ${SCHOOLS} schools, ${CLASSES} classes: allocated and booked in ${seconds.toFixed(2)} s; placed ${result.placed}, slots booked ${result.booked}, refused ${result.refused}; `
    + `schools with a place ${result.fairness.schoolsWithPlace} (first come ${result.firstCome.schoolsWithPlace}); re-check: slots over capacity ${check!.over}, classes twice ${check!.twice}; load ${os.loadavg()[0]!.toFixed(2)}\n`);
  summary([
    { figure: 'allocate + book one offer (engine)', value: Number(seconds.toFixed(2)), unit: 's', goal: { op: '<=', value: 5 }, note: `${result.booked} slots booked, ${result.placed} places` },
    { figure: 'rule violations on re-check', value: check!.over + check!.twice, goal: { op: '<=', value: 0 } },
  ]);
} finally {
  await db.close();
}
