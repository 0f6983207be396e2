-- Issue 25, item 9: a short check-in code per registration that a person can read out at the door
-- when the QR code cannot be scanned (the signed QR payload of src/notifications/check-in.ts is ~55
-- characters). Seven characters of an alphabet without the look-alikes 0/O, 1/I/L (and U, which
-- reads like V), shown as ABC-DEFG; 30^7 ≈ 2.2·10^10 codes.
--
-- Unique across all registrations, not per activity: a code typed at the wrong activity's door is
-- then recognised as "another activity's code" instead of naming whoever holds the same code here,
-- and a single mistyped character almost surely names nobody (one in ~20,000 at a million
-- registrations) rather than someone else. The code only lets an organizer of the activity's unit
-- mark that registration present; it reveals nothing by itself.
--
-- Made by the database as the column default, so every path that inserts a registration (the
-- public form, class bookings, imports, the demo seed, splits) gets one without knowing about it.
-- gen_random_uuid() draws from the server's strong random source; the loop skips a code in use and
-- the unique index is the backstop for two inserts drawing the same code at the same moment.
CREATE FUNCTION new_check_in_code() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  alphabet constant text := '23456789ABCDEFGHJKMNPQRSTVWXYZ';
  -- byte pairs of two version-4 UUIDs that hold no version or variant bits
  starts constant int[] := ARRAY[0, 2, 4, 9, 11, 13, 16];
  random_bytes bytea;
  code text;
BEGIN
  LOOP
    random_bytes := uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
    code := '';
    FOR i IN 1..7 LOOP
      code := code || substr(alphabet, 1 + (get_byte(random_bytes, starts[i]) * 256 + get_byte(random_bytes, starts[i] + 1)) % 30, 1);
    END LOOP;
    EXIT WHEN NOT EXISTS (SELECT 1 FROM registrations WHERE check_in_code = code);
  END LOOP;
  RETURN code;
END $$;

ALTER TABLE registrations ADD COLUMN check_in_code text CHECK (check_in_code ~ '^[2-9A-HJKMNP-TV-Z]{7}$');
UPDATE registrations SET check_in_code = new_check_in_code();
ALTER TABLE registrations ALTER COLUMN check_in_code SET NOT NULL, ALTER COLUMN check_in_code SET DEFAULT new_check_in_code();
CREATE UNIQUE INDEX registrations_check_in_code_key ON registrations (check_in_code);
