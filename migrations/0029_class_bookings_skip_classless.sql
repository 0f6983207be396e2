-- Issue 23: the INSERT of an activity's occurrence (the booking benchmark's baseline) cost twice what
-- it did. Measured server-side (400 occurrence + claim INSERTs in one plpgsql loop, 100,000 claims
-- loaded): 5.1–5.8 ms each as migrated, 2.7–2.8 ms with the occurrences trigger's call of
-- class_bookings_upsert made a no-op. That SQL function was planned afresh on every call (SQL
-- functions keep no plans between calls), its DELETE and INSERT … ON CONFLICT fired the two class
-- busy-time statement triggers of 0026 even with no rows, and it ran for every occurrence written,
-- though almost no activity has a class. An activity with no class attached and no class bookings
-- left has nothing to derive or drop, so the function now returns at once for those (one indexed
-- probe each), and as plpgsql it keeps its plans for the session. Its results are unchanged.
CREATE OR REPLACE FUNCTION class_bookings_upsert(p_activities bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  with_classes bigint[];
BEGIN
  SELECT array_agg(k.id) INTO with_classes
    FROM (SELECT DISTINCT id FROM unnest(p_activities) u (id)) k
   WHERE EXISTS (SELECT 1 FROM activity_classes ac WHERE ac.activity_id = k.id)
      OR EXISTS (SELECT 1 FROM class_bookings cb WHERE cb.activity_id = k.id);
  IF with_classes IS NULL THEN
    RETURN;
  END IF;
  DELETE FROM class_bookings cb
   USING unnest(with_classes) k (id)
   WHERE cb.activity_id = k.id
     AND NOT EXISTS (SELECT 1 FROM activity_classes ac WHERE ac.activity_id = cb.activity_id AND ac.class_id = cb.class_id);
  INSERT INTO class_bookings (class_id, occurrence_id, activity_id, period, active)
  SELECT ac.class_id, o.id, o.activity_id, tstzrange(o.starts_at, o.ends_at, '[)'),
         a.status IN ('requested', 'confirmed') AND o.status = 'scheduled'
    FROM unnest(with_classes) k (id)
    JOIN activity_classes ac ON ac.activity_id = k.id
    JOIN activities a ON a.id = ac.activity_id
    JOIN occurrences o ON o.activity_id = ac.activity_id
  ON CONFLICT (class_id, occurrence_id) DO UPDATE
     SET period = EXCLUDED.period, active = EXCLUDED.active
   WHERE (class_bookings.period, class_bookings.active) IS DISTINCT FROM (EXCLUDED.period, EXCLUDED.active);
END $$;
