--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';

--
-- Name: activities_derive_bookings(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.activities_derive_bookings() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
  changed bigint[];
BEGIN
  SELECT array_agg(n.id) INTO changed FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status IS DISTINCT FROM o.status;
  IF changed IS NOT NULL THEN
    PERFORM bookings_upsert(NULL, NULL, changed);
    PERFORM class_bookings_upsert(changed);
  END IF;
  RETURN NULL;
END $$;

--
-- Name: activities_ever_confirmed_trigger(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.activities_ever_confirmed_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF NEW.status = 'confirmed' THEN NEW.ever_confirmed := true; END IF;
  RETURN NEW;
END $$;

--
-- Name: activity_classes_derive_bookings(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.activity_classes_derive_bookings() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM class_bookings_upsert((SELECT array_agg(DISTINCT activity_id) FROM new_rows));
  ELSE
    PERFORM class_bookings_upsert((SELECT array_agg(DISTINCT activity_id) FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

--
-- Name: bookings_follow_deletes(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_follow_deletes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM bookings;
  ELSIF TG_TABLE_NAME = 'claims' THEN
    DELETE FROM bookings b USING old_rows o WHERE b.claim_id = o.id;
  ELSE
    DELETE FROM bookings b USING old_rows o WHERE b.occurrence_id = o.id;
  END IF;
  RETURN NULL;
END $$;

--
-- Name: bookings_upsert(bigint[], bigint[], bigint[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_upsert(p_claims bigint[], p_occurrences bigint[], p_activities bigint[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF p_claims IS NOT NULL THEN
    INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
    SELECT b.claim_id, b.occurrence_id, b.activity_id, b.resource_id, b.quantity, b.period, b.exclusive, b.active
      FROM booking_rows b JOIN unnest(p_claims) k (id) ON k.id = b.claim_id
    ON CONFLICT (claim_id, occurrence_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, period = EXCLUDED.period, exclusive = EXCLUDED.exclusive, active = EXCLUDED.active
     WHERE (bookings.quantity, bookings.period, bookings.active) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.period, EXCLUDED.active);
  ELSIF p_occurrences IS NOT NULL THEN
    INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
    SELECT b.claim_id, b.occurrence_id, b.activity_id, b.resource_id, b.quantity, b.period, b.exclusive, b.active
      FROM booking_rows b JOIN unnest(p_occurrences) k (id) ON k.id = b.occurrence_id
    ON CONFLICT (claim_id, occurrence_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, period = EXCLUDED.period, exclusive = EXCLUDED.exclusive, active = EXCLUDED.active
     WHERE (bookings.quantity, bookings.period, bookings.active) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.period, EXCLUDED.active);
  ELSIF p_activities IS NOT NULL THEN
    INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
    SELECT b.claim_id, b.occurrence_id, b.activity_id, b.resource_id, b.quantity, b.period, b.exclusive, b.active
      FROM booking_rows b JOIN unnest(p_activities) k (id) ON k.id = b.activity_id
    ON CONFLICT (claim_id, occurrence_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, period = EXCLUDED.period, exclusive = EXCLUDED.exclusive, active = EXCLUDED.active
     WHERE (bookings.quantity, bookings.period, bookings.active) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.period, EXCLUDED.active);
  END IF;
END $$;

--
-- Name: claims_derive_bookings(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.claims_derive_bookings() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM bookings_upsert((SELECT array_agg(id) FROM new_rows), NULL, NULL);
  ELSE
    PERFORM bookings_upsert((SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
                              WHERE (n.quantity, n.setup_minutes, n.teardown_minutes) IS DISTINCT FROM (o.quantity, o.setup_minutes, o.teardown_minutes)), NULL, NULL);
  END IF;
  RETURN NULL;
END $$;

--
-- Name: claims_venue_is_a_venue(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.claims_venue_is_a_venue() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = NEW.resource_id AND r.kind = 'venue') THEN
    RAISE EXCEPTION 'resource % is not a venue', NEW.resource_id USING ERRCODE = '23503', CONSTRAINT = 'claims_venue_is_a_venue';
  END IF;
  RETURN NEW;
END $$;

--
-- Name: class_bookings_check_busy(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.class_bookings_check_busy() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE hit record;
BEGIN
  SELECT n.class_id, n.activity_id, e.name_en INTO hit
    FROM new_rows n
    JOIN class_calendar_entries e ON e.subscription_id IS NOT NULL AND e.class_id = n.class_id AND e.period && n.period
   WHERE n.active
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'class % is busy (%) during activity %', hit.class_id, hit.name_en, hit.activity_id
      USING ERRCODE = '23P01', CONSTRAINT = 'class_subscription_busy', TABLE = 'class_bookings';
  END IF;
  RETURN NULL;
END $$;

--
-- Name: class_bookings_upsert(bigint[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.class_bookings_upsert(p_activities bigint[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: feed_changes_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.feed_changes_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  PERFORM pg_notify('orrery_feed_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;

--
-- Name: new_check_in_code(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.new_check_in_code() RETURNS text
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: occurrences_derive_bookings(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.occurrences_derive_bookings() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
  changed bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO changed FROM new_rows;
  ELSE
    SELECT array_agg(n.id) INTO changed FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.starts_at, n.ends_at, n.status) IS DISTINCT FROM (o.starts_at, o.ends_at, o.status);
  END IF;
  IF changed IS NOT NULL THEN
    PERFORM bookings_upsert(NULL, changed, NULL);
    PERFORM class_bookings_upsert((SELECT array_agg(DISTINCT o.activity_id) FROM occurrences o JOIN unnest(changed) k (id) ON k.id = o.id));
  END IF;
  RETURN NULL;
END $$;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: activities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activities (
    id bigint NOT NULL,
    kind text NOT NULL,
    title_zh text NOT NULL,
    title_en text NOT NULL,
    description_zh text DEFAULT ''::text NOT NULL,
    description_en text DEFAULT ''::text NOT NULL,
    organizer_unit_id bigint NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    time_zone text NOT NULL,
    all_day boolean DEFAULT false NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    visibility text DEFAULT 'public'::text NOT NULL,
    capacity integer,
    audience_grades smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    languages text[] DEFAULT '{zh-CN}'::text[] NOT NULL,
    recurrence_rule text,
    sequence integer DEFAULT 0 NOT NULL,
    cancelled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    hold_expires_at timestamp with time zone,
    ever_confirmed boolean DEFAULT false NOT NULL,
    registration_scope text DEFAULT 'series'::text NOT NULL,
    transport text DEFAULT ''::text NOT NULL,
    contact text DEFAULT ''::text NOT NULL,
    destination text DEFAULT ''::text NOT NULL,
    meeting_point text DEFAULT ''::text NOT NULL,
    meeting_at timestamp with time zone,
    contact_phone text DEFAULT ''::text NOT NULL,
    pupils_per_adult smallint,
    head_count_days smallint DEFAULT 7 NOT NULL,
    CONSTRAINT activities_audience_grades_check CHECK ((audience_grades <@ '{1,2,3,4,5,6,7,8,9,10,11,12}'::smallint[])),
    CONSTRAINT activities_capacity_check CHECK (((capacity IS NULL) OR ((capacity >= 0) AND (capacity <= 100000)))),
    CONSTRAINT activities_check CHECK ((ends_at > starts_at)),
    CONSTRAINT activities_check1 CHECK (((status = 'cancelled'::text) = (cancelled_at IS NOT NULL))),
    CONSTRAINT activities_contact_check CHECK ((length(contact) <= 500)),
    CONSTRAINT activities_contact_phone_check CHECK ((length(contact_phone) <= 40)),
    CONSTRAINT activities_description_en_check CHECK ((length(description_en) <= 10000)),
    CONSTRAINT activities_description_zh_check CHECK ((length(description_zh) <= 10000)),
    CONSTRAINT activities_destination_check CHECK ((length(destination) <= 500)),
    CONSTRAINT activities_head_count_days_check CHECK (((head_count_days >= 0) AND (head_count_days <= 60))),
    CONSTRAINT activities_hold_only_when_requested CHECK (((hold_expires_at IS NULL) OR (status = 'requested'::text))),
    CONSTRAINT activities_kind_check CHECK ((kind = ANY (ARRAY['exhibition'::text, 'teacher_training'::text, 'summer_camp'::text, 'field_visit'::text, 'research_study'::text, 'club_session'::text, 'talent_training'::text, 'science_show'::text]))),
    CONSTRAINT activities_languages_check CHECK (((languages <@ '{zh-CN,en}'::text[]) AND (cardinality(languages) >= 1))),
    CONSTRAINT activities_meeting_point_check CHECK ((length(meeting_point) <= 500)),
    CONSTRAINT activities_pupils_per_adult_check CHECK (((pupils_per_adult >= 1) AND (pupils_per_adult <= 100))),
    CONSTRAINT activities_recurrence_rule_check CHECK ((length(recurrence_rule) <= 500)),
    CONSTRAINT activities_registration_scope_check CHECK ((registration_scope = ANY (ARRAY['series'::text, 'occurrence'::text]))),
    CONSTRAINT activities_sequence_check CHECK ((sequence >= 0)),
    CONSTRAINT activities_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'requested'::text, 'confirmed'::text, 'cancelled'::text]))),
    CONSTRAINT activities_title_en_check CHECK (((length(title_en) >= 1) AND (length(title_en) <= 200))),
    CONSTRAINT activities_title_zh_check CHECK (((length(title_zh) >= 1) AND (length(title_zh) <= 200))),
    CONSTRAINT activities_transport_check CHECK ((length(transport) <= 2000)),
    CONSTRAINT activities_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'internal'::text])))
);

--
-- Name: activities_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.activities ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.activities_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: activity_classes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activity_classes (
    activity_id bigint NOT NULL,
    class_id bigint NOT NULL
);

--
-- Name: claims; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.claims (
    id bigint NOT NULL,
    activity_id bigint NOT NULL,
    resource_id bigint NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    setup_minutes integer DEFAULT 0 NOT NULL,
    teardown_minutes integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    approval text DEFAULT 'not_needed'::text NOT NULL,
    is_venue boolean DEFAULT false NOT NULL,
    CONSTRAINT claims_approval_check CHECK ((approval = ANY (ARRAY['not_needed'::text, 'pending'::text, 'approved'::text, 'declined'::text]))),
    CONSTRAINT claims_quantity_check CHECK (((quantity >= 1) AND (quantity <= 100000))),
    CONSTRAINT claims_setup_minutes_check CHECK (((setup_minutes >= 0) AND (setup_minutes <= 20160))),
    CONSTRAINT claims_teardown_minutes_check CHECK (((teardown_minutes >= 0) AND (teardown_minutes <= 20160)))
);

--
-- Name: activity_venues; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.activity_venues AS
 SELECT c.activity_id,
    c.resource_id AS venue_id
   FROM public.claims c
  WHERE c.is_venue;

--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    name text NOT NULL,
    token_hash bytea NOT NULL,
    prefix text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT api_tokens_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100)))
);

--
-- Name: api_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.api_tokens ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.api_tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: applications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.applications (
    id bigint NOT NULL,
    offer_id bigint NOT NULL,
    school_unit_id bigint NOT NULL,
    class_id bigint NOT NULL,
    class_size integer NOT NULL,
    preferences bigint[] NOT NULL,
    state text DEFAULT 'submitted'::text NOT NULL,
    slot_id bigint,
    activity_id bigint,
    explanation jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT applications_class_size_check CHECK (((class_size >= 1) AND (class_size <= 10000))),
    CONSTRAINT applications_preferences_check CHECK (((cardinality(preferences) >= 1) AND (cardinality(preferences) <= 10))),
    CONSTRAINT applications_state_check CHECK ((state = ANY (ARRAY['submitted'::text, 'placed'::text, 'waitlisted'::text, 'not_placed'::text])))
);

--
-- Name: applications_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.applications_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: applications_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.applications_id_seq OWNED BY public.applications.id;

--
-- Name: attendance; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attendance (
    registration_id bigint NOT NULL,
    occurrence_id bigint NOT NULL,
    status text NOT NULL,
    method text NOT NULL,
    marked_by text NOT NULL,
    marked_at timestamp with time zone NOT NULL,
    CONSTRAINT attendance_marked_by_check CHECK ((length(marked_by) <= 200)),
    CONSTRAINT attendance_method_check CHECK ((method = ANY (ARRAY['list'::text, 'scan'::text]))),
    CONSTRAINT attendance_status_check CHECK ((status = ANY (ARRAY['present'::text, 'late'::text, 'absent'::text])))
);

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id bigint,
    before jsonb,
    after jsonb,
    request_id text,
    reason text
);

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: occurrences; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.occurrences (
    id bigint NOT NULL,
    activity_id bigint NOT NULL,
    original_starts_at timestamp with time zone NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    status text DEFAULT 'scheduled'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT occurrences_check CHECK ((ends_at > starts_at)),
    CONSTRAINT occurrences_status_check CHECK ((status = ANY (ARRAY['scheduled'::text, 'cancelled'::text])))
);

--
-- Name: resources; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.resources (
    id bigint NOT NULL,
    unit_id bigint NOT NULL,
    kind text NOT NULL,
    category text,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    location_zh text DEFAULT ''::text NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    opening_hours jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    location_en text DEFAULT ''::text NOT NULL,
    CONSTRAINT resources_category_check CHECK ((category ~ '^[a-z0-9_]{1,64}$'::text)),
    CONSTRAINT resources_check CHECK (((kind = 'equipment'::text) OR (quantity = 1))),
    CONSTRAINT resources_description_check CHECK ((length(description) <= 4000)),
    CONSTRAINT resources_kind_check CHECK ((kind = ANY (ARRAY['venue'::text, 'staff'::text, 'equipment'::text]))),
    CONSTRAINT resources_location_en_check CHECK ((length(location_en) <= 500)),
    CONSTRAINT resources_location_zh_check CHECK ((length(location_zh) <= 500)),
    CONSTRAINT resources_name_en_check CHECK (((length(name_en) >= 1) AND (length(name_en) <= 200))),
    CONSTRAINT resources_name_zh_check CHECK (((length(name_zh) >= 1) AND (length(name_zh) <= 200))),
    CONSTRAINT resources_opening_hours_check CHECK (((opening_hours IS NULL) OR (jsonb_typeof(opening_hours) = 'object'::text))),
    CONSTRAINT resources_quantity_check CHECK (((quantity >= 0) AND (quantity <= 100000)))
);

--
-- Name: booking_rows; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.booking_rows AS
 SELECT c.id AS claim_id,
    o.id AS occurrence_id,
    c.activity_id,
    c.resource_id,
    c.quantity,
    tstzrange((o.starts_at - make_interval(mins => c.setup_minutes)), (o.ends_at + make_interval(mins => c.teardown_minutes)), '[)'::text) AS period,
    (r.kind <> 'equipment'::text) AS exclusive,
    ((a.status = ANY (ARRAY['requested'::text, 'confirmed'::text])) AND (o.status = 'scheduled'::text)) AS active
   FROM (((public.claims c
     JOIN public.activities a ON ((a.id = c.activity_id)))
     JOIN public.occurrences o ON ((o.activity_id = c.activity_id)))
     JOIN public.resources r ON ((r.id = c.resource_id)));

--
-- Name: bookings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bookings (
    claim_id bigint NOT NULL,
    occurrence_id bigint NOT NULL,
    activity_id bigint NOT NULL,
    resource_id bigint NOT NULL,
    quantity integer NOT NULL,
    period tstzrange NOT NULL,
    exclusive boolean NOT NULL,
    active boolean NOT NULL,
    CONSTRAINT bookings_period_check CHECK (((NOT isempty(period)) AND lower_inc(period) AND (NOT upper_inc(period)))),
    CONSTRAINT bookings_quantity_check CHECK ((quantity >= 1))
);

--
-- Name: calendar_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.calendar_entries (
    id bigint NOT NULL,
    kind text NOT NULL,
    unit_id bigint,
    resource_id bigint,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    period tstzrange NOT NULL,
    all_day boolean NOT NULL,
    time_zone text NOT NULL,
    as_weekday text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    subscription_id bigint,
    CONSTRAINT calendar_entries_as_weekday_check CHECK ((as_weekday = ANY (ARRAY['mon'::text, 'tue'::text, 'wed'::text, 'thu'::text, 'fri'::text, 'sat'::text, 'sun'::text]))),
    CONSTRAINT calendar_entries_check CHECK (((unit_id IS NULL) OR (resource_id IS NULL))),
    CONSTRAINT calendar_entries_check1 CHECK (((kind = 'makeup_workday'::text) = (as_weekday IS NOT NULL))),
    CONSTRAINT calendar_entries_kind_check CHECK ((kind = ANY (ARRAY['term'::text, 'holiday'::text, 'makeup_workday'::text, 'exam_week'::text, 'closure'::text, 'maintenance'::text]))),
    CONSTRAINT calendar_entries_name_en_check CHECK (((length(name_en) >= 1) AND (length(name_en) <= 200))),
    CONSTRAINT calendar_entries_name_zh_check CHECK (((length(name_zh) >= 1) AND (length(name_zh) <= 200))),
    CONSTRAINT calendar_entries_period_check CHECK (((NOT isempty(period)) AND (NOT lower_inf(period)) AND (NOT upper_inf(period))))
);

--
-- Name: calendar_entries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.calendar_entries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.calendar_entries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: calendar_subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.calendar_subscriptions (
    id bigint NOT NULL,
    resource_id bigint,
    name text NOT NULL,
    url text,
    etag text,
    last_modified text,
    fetched_at timestamp with time zone,
    last_error text,
    busy_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    class_id bigint,
    CONSTRAINT calendar_subscriptions_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT calendar_subscriptions_owner_check CHECK ((num_nonnulls(resource_id, class_id) = 1)),
    CONSTRAINT calendar_subscriptions_url_check CHECK (((url ~ '^https?://'::text) AND (length(url) <= 2000)))
);

--
-- Name: calendar_subscriptions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.calendar_subscriptions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.calendar_subscriptions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: certificates; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.certificates (
    id bigint NOT NULL,
    code text NOT NULL,
    registration_id bigint NOT NULL,
    activity_id bigint NOT NULL,
    name text NOT NULL,
    title_zh text NOT NULL,
    title_en text NOT NULL,
    first_day date NOT NULL,
    last_day date NOT NULL,
    sessions integer NOT NULL,
    hours numeric(7,2) NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    superseded_at timestamp with time zone,
    CONSTRAINT certificates_check CHECK ((last_day >= first_day)),
    CONSTRAINT certificates_code_check CHECK ((code ~ '^[A-Za-z0-9_-]{22}$'::text)),
    CONSTRAINT certificates_hours_check CHECK ((hours > (0)::numeric)),
    CONSTRAINT certificates_sessions_check CHECK ((sessions >= 1))
);

--
-- Name: certificates_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.certificates ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.certificates_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: claims_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.claims ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.claims_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: class_bookings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.class_bookings (
    class_id bigint NOT NULL,
    occurrence_id bigint NOT NULL,
    activity_id bigint NOT NULL,
    period tstzrange NOT NULL,
    active boolean NOT NULL
);

--
-- Name: class_calendar_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.class_calendar_entries (
    id bigint NOT NULL,
    unit_id bigint NOT NULL,
    kind text NOT NULL,
    class_id bigint,
    grade smallint,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    period tstzrange,
    weekday text,
    from_time text,
    to_time text,
    time_zone text DEFAULT 'Asia/Shanghai'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    subscription_id bigint,
    CONSTRAINT class_calendar_entries_check CHECK (((class_id IS NULL) OR (grade IS NULL))),
    CONSTRAINT class_calendar_entries_check1 CHECK (((kind = 'free_afternoon'::text) = ((weekday IS NOT NULL) AND (from_time IS NOT NULL) AND (to_time IS NOT NULL) AND (period IS NULL)))),
    CONSTRAINT class_calendar_entries_check2 CHECK (((kind = 'free_afternoon'::text) OR (period IS NOT NULL))),
    CONSTRAINT class_calendar_entries_check3 CHECK (((from_time IS NULL) OR (to_time > from_time))),
    CONSTRAINT class_calendar_entries_from_time_check CHECK ((from_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'::text)),
    CONSTRAINT class_calendar_entries_grade_check CHECK (((grade >= 1) AND (grade <= 12))),
    CONSTRAINT class_calendar_entries_kind_check CHECK ((kind = ANY (ARRAY['exam_week'::text, 'blocked'::text, 'free_afternoon'::text]))),
    CONSTRAINT class_calendar_entries_name_en_check CHECK (((length(name_en) >= 1) AND (length(name_en) <= 200))),
    CONSTRAINT class_calendar_entries_name_zh_check CHECK (((length(name_zh) >= 1) AND (length(name_zh) <= 200))),
    CONSTRAINT class_calendar_entries_period_check CHECK (((period IS NULL) OR ((NOT isempty(period)) AND (NOT lower_inf(period)) AND (NOT upper_inf(period))))),
    CONSTRAINT class_calendar_entries_to_time_check CHECK ((to_time ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$'::text)),
    CONSTRAINT class_calendar_entries_weekday_check CHECK ((weekday = ANY (ARRAY['mon'::text, 'tue'::text, 'wed'::text, 'thu'::text, 'fri'::text, 'sat'::text, 'sun'::text])))
);

--
-- Name: class_calendar_entries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.class_calendar_entries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.class_calendar_entries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: classes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.classes (
    id bigint NOT NULL,
    unit_id bigint NOT NULL,
    kind text NOT NULL,
    code text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    grade smallint,
    number smallint,
    size integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT classes_check CHECK (((kind = 'school_class'::text) = ((grade IS NOT NULL) AND (number IS NOT NULL)))),
    CONSTRAINT classes_code_check CHECK ((code ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text)),
    CONSTRAINT classes_grade_check CHECK (((grade >= 1) AND (grade <= 12))),
    CONSTRAINT classes_kind_check CHECK ((kind = ANY (ARRAY['school_class'::text, 'teacher_group'::text, 'club'::text]))),
    CONSTRAINT classes_name_en_check CHECK (((length(name_en) >= 1) AND (length(name_en) <= 200))),
    CONSTRAINT classes_name_zh_check CHECK (((length(name_zh) >= 1) AND (length(name_zh) <= 200))),
    CONSTRAINT classes_number_check CHECK (((number >= 1) AND (number <= 99))),
    CONSTRAINT classes_size_check CHECK (((size >= 0) AND (size <= 10000)))
);

--
-- Name: classes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.classes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.classes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: commitments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.commitments (
    id bigint NOT NULL,
    term text NOT NULL,
    organizer_unit_id bigint NOT NULL,
    kind text NOT NULL,
    title_zh text NOT NULL,
    title_en text NOT NULL,
    spec jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT commitments_kind_check CHECK ((kind = ANY (ARRAY['exhibition'::text, 'teacher_training'::text, 'summer_camp'::text, 'field_visit'::text, 'research_study'::text, 'club_session'::text, 'talent_training'::text, 'science_show'::text]))),
    CONSTRAINT commitments_spec_check CHECK ((jsonb_typeof(spec) = 'object'::text)),
    CONSTRAINT commitments_term_check CHECK ((term ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text)),
    CONSTRAINT commitments_title_en_check CHECK (((length(title_en) >= 1) AND (length(title_en) <= 200))),
    CONSTRAINT commitments_title_zh_check CHECK (((length(title_zh) >= 1) AND (length(title_zh) <= 200)))
);

--
-- Name: commitments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.commitments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.commitments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: consents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consents (
    registration_id bigint NOT NULL,
    guardian_email text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    requested_at timestamp with time zone NOT NULL,
    answered_at timestamp with time zone,
    answered_link text,
    updated_at timestamp with time zone NOT NULL,
    text_version text DEFAULT '2026-01'::text NOT NULL,
    CONSTRAINT consents_check CHECK (((status = 'pending'::text) = (answered_at IS NULL))),
    CONSTRAINT consents_guardian_email_check CHECK (((guardian_email = lower(guardian_email)) AND ((length(guardian_email) >= 3) AND (length(guardian_email) <= 254)))),
    CONSTRAINT consents_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'given'::text, 'declined'::text, 'withdrawn'::text]))),
    CONSTRAINT consents_text_version_check CHECK ((text_version ~ '^[0-9]{4}-[0-9]{2}[a-z0-9-]{0,20}$'::text))
);

--
-- Name: deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deliveries (
    id bigint NOT NULL,
    dedupe_key text NOT NULL,
    kind text NOT NULL,
    registration_id bigint,
    activity_id bigint,
    occurrence_id bigint,
    rule text,
    sequence integer DEFAULT 0 NOT NULL,
    itip_method text,
    recipient text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    available_at timestamp with time zone NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    locked_by text,
    locked_until timestamp with time zone,
    message_id text,
    smtp_response text,
    last_error text,
    sent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    user_id bigint,
    claim_id bigint,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    loan_id bigint,
    subject text,
    body_text text,
    body_html text,
    CONSTRAINT deliveries_check CHECK (((kind = 'reminder'::text) = ((rule IS NOT NULL) AND (occurrence_id IS NOT NULL)))),
    CONSTRAINT deliveries_check1 CHECK (((status = 'sending'::text) = (locked_until IS NOT NULL))),
    CONSTRAINT deliveries_itip_method_check CHECK ((itip_method = ANY (ARRAY['REQUEST'::text, 'CANCEL'::text]))),
    CONSTRAINT deliveries_kind_check CHECK ((kind ~ '^[a-z][a-z0-9_]{1,39}$'::text)),
    CONSTRAINT deliveries_one_recipient CHECK ((num_nonnulls(registration_id, user_id, loan_id) = 1)),
    CONSTRAINT deliveries_prepared_check CHECK (((num_nonnulls(subject, body_text, body_html) = ANY (ARRAY[0, 3])) AND ((loan_id IS NULL) OR (subject IS NOT NULL)))),
    CONSTRAINT deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'failed'::text, 'skipped'::text, 'cancelled'::text])))
);

--
-- Name: deliveries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.deliveries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: erasure_requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.erasure_requests (
    id bigint NOT NULL,
    email text,
    release_places boolean NOT NULL,
    unit_id bigint,
    requested_by text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    outcome jsonb DEFAULT '{}'::jsonb NOT NULL,
    requested_at timestamp with time zone NOT NULL,
    settled_at timestamp with time zone,
    CONSTRAINT erasure_requests_check CHECK (((status = 'pending'::text) = (settled_at IS NULL))),
    CONSTRAINT erasure_requests_check1 CHECK (((status = 'pending'::text) = (email IS NOT NULL))),
    CONSTRAINT erasure_requests_email_check CHECK (((email = lower(email)) AND ((length(email) >= 3) AND (length(email) <= 254)))),
    CONSTRAINT erasure_requests_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'done'::text, 'refused'::text])))
);

--
-- Name: erasure_requests_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.erasure_requests ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.erasure_requests_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: feed_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.feed_versions (
    feed_id bigint NOT NULL,
    key text NOT NULL,
    last_modified timestamp with time zone NOT NULL,
    CONSTRAINT feed_versions_last_modified_check CHECK ((date_trunc('second'::text, last_modified) = last_modified))
);

--
-- Name: feeds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.feeds (
    id bigint NOT NULL,
    type text NOT NULL,
    name text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    language text DEFAULT 'both'::text NOT NULL,
    owner_unit_id bigint,
    owner_email text,
    unit_id bigint,
    resource_id bigint,
    filters jsonb DEFAULT '{}'::jsonb NOT NULL,
    token_hash bytea NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    rotated_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT feeds_check CHECK (((owner_unit_id IS NULL) OR (owner_email IS NULL))),
    CONSTRAINT feeds_check1 CHECK (((type = 'programme'::text) OR (owner_unit_id IS NOT NULL) OR (owner_email IS NOT NULL))),
    CONSTRAINT feeds_check2 CHECK (((type = 'participant'::text) = (owner_email IS NOT NULL))),
    CONSTRAINT feeds_check3 CHECK (((type = 'unit'::text) = (unit_id IS NOT NULL))),
    CONSTRAINT feeds_check4 CHECK (((type = 'resource'::text) = (resource_id IS NOT NULL))),
    CONSTRAINT feeds_check5 CHECK (((type = 'programme'::text) OR (filters = '{}'::jsonb))),
    CONSTRAINT feeds_description_check CHECK ((length(description) <= 1000)),
    CONSTRAINT feeds_filters_check CHECK ((jsonb_typeof(filters) = 'object'::text)),
    CONSTRAINT feeds_language_check CHECK ((language = ANY (ARRAY['zh-CN'::text, 'en'::text, 'both'::text]))),
    CONSTRAINT feeds_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT feeds_owner_email_check CHECK (((owner_email = lower(owner_email)) AND ((length(owner_email) >= 3) AND (length(owner_email) <= 254)))),
    CONSTRAINT feeds_token_hash_check CHECK ((length(token_hash) = 32)),
    CONSTRAINT feeds_type_check CHECK ((type = ANY (ARRAY['programme'::text, 'unit'::text, 'participant'::text, 'resource'::text]))),
    CONSTRAINT feeds_version_check CHECK ((version >= 1))
);

--
-- Name: feeds_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.feeds ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.feeds_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: idempotency_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_keys (
    actor text NOT NULL,
    key text NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    request_hash bytea NOT NULL,
    status integer,
    response_body jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT idempotency_keys_key_check CHECK (((length(key) >= 1) AND (length(key) <= 200)))
);

--
-- Name: items; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.items (
    id bigint NOT NULL,
    resource_id bigint NOT NULL,
    label text NOT NULL,
    condition text DEFAULT ''::text NOT NULL,
    home_location text DEFAULT ''::text NOT NULL,
    status text DEFAULT 'in_service'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    label_en text DEFAULT ''::text NOT NULL,
    home_location_en text DEFAULT ''::text NOT NULL,
    CONSTRAINT items_condition_check CHECK ((length(condition) <= 2000)),
    CONSTRAINT items_home_location_check CHECK ((length(home_location) <= 500)),
    CONSTRAINT items_home_location_en_check CHECK ((length(home_location_en) <= 500)),
    CONSTRAINT items_label_check CHECK (((length(label) >= 1) AND (length(label) <= 200))),
    CONSTRAINT items_label_en_check CHECK ((length(label_en) <= 200)),
    CONSTRAINT items_status_check CHECK ((status = ANY (ARRAY['in_service'::text, 'damaged'::text, 'in_repair'::text, 'lost'::text])))
);

--
-- Name: items_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.items ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.items_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: loan_items; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.loan_items (
    loan_id bigint NOT NULL,
    item_id bigint NOT NULL,
    returned_at timestamp with time zone,
    return_note text DEFAULT ''::text NOT NULL,
    CONSTRAINT loan_items_return_note_check CHECK ((length(return_note) <= 2000))
);

--
-- Name: loans; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.loans (
    id bigint NOT NULL,
    resource_id bigint NOT NULL,
    standalone boolean NOT NULL,
    claim_id bigint,
    activity_id bigint,
    holder_name text NOT NULL,
    holder_email text NOT NULL,
    out_since timestamp with time zone NOT NULL,
    due_back timestamp with time zone NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    closed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT loans_check CHECK ((due_back > out_since)),
    CONSTRAINT loans_holder_email_check CHECK (((length(holder_email) >= 3) AND (length(holder_email) <= 320))),
    CONSTRAINT loans_holder_name_check CHECK (((length(holder_name) >= 1) AND (length(holder_name) <= 200))),
    CONSTRAINT loans_note_check CHECK ((length(note) <= 2000))
);

--
-- Name: loans_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.loans ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.loans_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: occurrences_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.occurrences ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.occurrences_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: offer_slots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.offer_slots (
    id bigint NOT NULL,
    offer_id bigint NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    capacity integer NOT NULL,
    CONSTRAINT offer_slots_capacity_check CHECK (((capacity >= 1) AND (capacity <= 1000))),
    CONSTRAINT offer_slots_check CHECK ((ends_at > starts_at))
);

--
-- Name: offer_slots_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.offer_slots_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: offer_slots_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.offer_slots_id_seq OWNED BY public.offer_slots.id;

--
-- Name: offers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.offers (
    id bigint NOT NULL,
    unit_id bigint NOT NULL,
    term text NOT NULL,
    kind text NOT NULL,
    title_zh text NOT NULL,
    title_en text NOT NULL,
    grades smallint[] NOT NULL,
    min_class_size integer NOT NULL,
    max_class_size integer NOT NULL,
    claims jsonb DEFAULT '[]'::jsonb NOT NULL,
    opens_at timestamp with time zone NOT NULL,
    closes_at timestamp with time zone NOT NULL,
    rules jsonb NOT NULL,
    state text DEFAULT 'open'::text NOT NULL,
    allocated_at timestamp with time zone,
    fairness jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT offers_check CHECK (((max_class_size >= min_class_size) AND (max_class_size <= 10000))),
    CONSTRAINT offers_check1 CHECK ((closes_at > opens_at)),
    CONSTRAINT offers_grades_check CHECK ((cardinality(grades) >= 1)),
    CONSTRAINT offers_min_class_size_check CHECK ((min_class_size >= 1)),
    CONSTRAINT offers_state_check CHECK ((state = ANY (ARRAY['open'::text, 'allocated'::text]))),
    CONSTRAINT offers_term_check CHECK ((term ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text)),
    CONSTRAINT offers_title_en_check CHECK (((length(title_en) >= 1) AND (length(title_en) <= 200))),
    CONSTRAINT offers_title_zh_check CHECK (((length(title_zh) >= 1) AND (length(title_zh) <= 200)))
);

--
-- Name: offers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.offers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: offers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.offers_id_seq OWNED BY public.offers.id;

--
-- Name: periodic_jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.periodic_jobs (
    name text NOT NULL,
    next_run_at timestamp with time zone NOT NULL,
    last_started_at timestamp with time zone,
    last_started_by text,
    runs bigint DEFAULT 0 NOT NULL
);

--
-- Name: plan_bookings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.plan_bookings (
    plan_id bigint NOT NULL,
    item_key text NOT NULL,
    commitment_id bigint NOT NULL,
    activity_id bigint NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL
);

--
-- Name: plans; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.plans (
    id bigint NOT NULL,
    term text NOT NULL,
    status text DEFAULT 'queued'::text NOT NULL,
    progress jsonb DEFAULT '{}'::jsonb NOT NULL,
    options jsonb DEFAULT '{}'::jsonb NOT NULL,
    result jsonb,
    pinned jsonb DEFAULT '[]'::jsonb NOT NULL,
    acceptance jsonb,
    error text,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    leased_by text,
    lease_until timestamp with time zone,
    CONSTRAINT plans_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'done'::text, 'failed'::text, 'accepting'::text, 'accepted'::text])))
);

--
-- Name: plans_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.plans ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.plans_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: privacy_holds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.privacy_holds (
    email text NOT NULL,
    reason text NOT NULL,
    placed_by text NOT NULL,
    placed_at timestamp with time zone NOT NULL,
    CONSTRAINT privacy_holds_email_check CHECK (((email = lower(email)) AND ((length(email) >= 3) AND (length(email) <= 254)))),
    CONSTRAINT privacy_holds_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 500)))
);

--
-- Name: rate_limit_hits; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.rate_limit_hits (
    key text NOT NULL,
    hits integer NOT NULL,
    resets_at timestamp with time zone NOT NULL,
    CONSTRAINT rate_limit_hits_hits_check CHECK ((hits >= 0))
);

--
-- Name: registrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.registrations (
    id bigint NOT NULL,
    activity_id bigint NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    grade smallint,
    class_name text,
    language text DEFAULT 'zh-CN'::text NOT NULL,
    time_zone text NOT NULL,
    status text NOT NULL,
    round integer DEFAULT 1 NOT NULL,
    sequence_offset integer DEFAULT 0 NOT NULL,
    reminders_enabled boolean DEFAULT true NOT NULL,
    waitlisted_at timestamp with time zone,
    confirmed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    occurrence_id bigint,
    check_in_code text DEFAULT public.new_check_in_code() NOT NULL,
    anonymised_at timestamp with time zone,
    CONSTRAINT registrations_check_in_code_check CHECK ((check_in_code ~ '^[2-9A-HJKMNP-TV-Z]{7}$'::text)),
    CONSTRAINT registrations_class_name_check CHECK (((length(class_name) >= 1) AND (length(class_name) <= 50))),
    CONSTRAINT registrations_email_check CHECK (((email = lower(email)) AND ((length(email) >= 3) AND (length(email) <= 254)))),
    CONSTRAINT registrations_grade_check CHECK (((grade >= 1) AND (grade <= 12))),
    CONSTRAINT registrations_language_check CHECK ((language = ANY (ARRAY['zh-CN'::text, 'en'::text]))),
    CONSTRAINT registrations_name_check CHECK ((((length(name) >= 1) AND (length(name) <= 200)) AND (name !~ '[\x00-\x1f\x7f]'::text))),
    CONSTRAINT registrations_role_check CHECK ((role = ANY (ARRAY['student'::text, 'teacher'::text, 'guardian'::text, 'staff'::text]))),
    CONSTRAINT registrations_round_check CHECK ((round >= 1)),
    CONSTRAINT registrations_sequence_offset_check CHECK ((sequence_offset >= 0)),
    CONSTRAINT registrations_status_check CHECK ((status = ANY (ARRAY['confirmed'::text, 'waitlisted'::text, 'cancelled'::text])))
);

--
-- Name: registrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.registrations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.registrations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: resources_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.resources ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.resources_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: roster_head_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.roster_head_counts (
    id bigint NOT NULL,
    head_count_id text NOT NULL,
    occurrence_id bigint NOT NULL,
    step text NOT NULL,
    counted integer NOT NULL,
    expected integer NOT NULL,
    missing bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    device_id text NOT NULL,
    device_time timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    counted_by text NOT NULL,
    refused text,
    CONSTRAINT roster_head_counts_counted_check CHECK ((counted >= 0)),
    CONSTRAINT roster_head_counts_device_id_check CHECK (((length(device_id) >= 1) AND (length(device_id) <= 64))),
    CONSTRAINT roster_head_counts_expected_check CHECK ((expected >= 0)),
    CONSTRAINT roster_head_counts_head_count_id_check CHECK ((head_count_id ~ '^[A-Za-z0-9_-]{8,64}$'::text)),
    CONSTRAINT roster_head_counts_refused_check CHECK ((refused = ANY (ARRAY['superseded'::text, 'device_session_revoked'::text]))),
    CONSTRAINT roster_head_counts_step_check CHECK ((step = ANY (ARRAY['left_school'::text, 'arrived'::text, 'left_venue'::text, 'back_at_school'::text])))
);

--
-- Name: roster_head_counts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.roster_head_counts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.roster_head_counts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: roster_marks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.roster_marks (
    id bigint NOT NULL,
    mark_id text NOT NULL,
    registration_id bigint NOT NULL,
    occurrence_id bigint NOT NULL,
    step text NOT NULL,
    method text NOT NULL,
    device_id text NOT NULL,
    device_time timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    marked_by text NOT NULL,
    refused text,
    CONSTRAINT roster_marks_device_id_check CHECK (((length(device_id) >= 1) AND (length(device_id) <= 64))),
    CONSTRAINT roster_marks_mark_id_check CHECK ((mark_id ~ '^[A-Za-z0-9_-]{8,64}$'::text)),
    CONSTRAINT roster_marks_method_check CHECK ((method = ANY (ARRAY['scan'::text, 'tap'::text]))),
    CONSTRAINT roster_marks_refused_check CHECK ((refused = ANY (ARRAY['superseded'::text, 'consent_missing'::text, 'device_session_revoked'::text]))),
    CONSTRAINT roster_marks_step_check CHECK ((step = ANY (ARRAY['check_in'::text, 'left_school'::text, 'arrived'::text, 'left_venue'::text, 'back_at_school'::text])))
);

--
-- Name: roster_marks_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.roster_marks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.roster_marks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    run_on timestamp without time zone NOT NULL
);

--
-- Name: schema_migrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.schema_migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: schema_migrations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.schema_migrations_id_seq OWNED BY public.schema_migrations.id;

--
-- Name: server_instances; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.server_instances (
    owner text NOT NULL,
    seen_at timestamp with time zone NOT NULL
);

--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    token_hash bytea NOT NULL,
    csrf_token text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);

--
-- Name: sessions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: sign_in_links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sign_in_links (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    token_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone
);

--
-- Name: sign_in_links_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.sign_in_links ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sign_in_links_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: training_credits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_credits (
    activity_id bigint NOT NULL,
    hours_per_occurrence numeric(5,2) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT training_credits_hours_per_occurrence_check CHECK (((hours_per_occurrence > (0)::numeric) AND (hours_per_occurrence <= (24)::numeric)))
);

--
-- Name: units; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.units (
    id bigint NOT NULL,
    slug text NOT NULL,
    kind text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    parent_id bigint,
    time_zone text DEFAULT 'Asia/Shanghai'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    pupils_per_adult_primary smallint DEFAULT 6 NOT NULL,
    pupils_per_adult_secondary smallint DEFAULT 10 NOT NULL,
    district text,
    privacy_contact text,
    CONSTRAINT units_check CHECK (((parent_id IS NULL) OR (parent_id <> id))),
    CONSTRAINT units_district_check CHECK ((district ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text)),
    CONSTRAINT units_kind_check CHECK ((kind = ANY (ARRAY['academy'::text, 'academy_unit'::text, 'school'::text]))),
    CONSTRAINT units_name_en_check CHECK (((length(name_en) >= 1) AND (length(name_en) <= 200))),
    CONSTRAINT units_name_zh_check CHECK (((length(name_zh) >= 1) AND (length(name_zh) <= 200))),
    CONSTRAINT units_privacy_contact_check CHECK (((length(privacy_contact) >= 1) AND (length(privacy_contact) <= 200))),
    CONSTRAINT units_pupils_per_adult_primary_check CHECK (((pupils_per_adult_primary >= 1) AND (pupils_per_adult_primary <= 100))),
    CONSTRAINT units_pupils_per_adult_secondary_check CHECK (((pupils_per_adult_secondary >= 1) AND (pupils_per_adult_secondary <= 100))),
    CONSTRAINT units_slug_check CHECK ((slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text))
);

--
-- Name: units_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.units ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.units_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id bigint NOT NULL,
    email text NOT NULL,
    name text DEFAULT ''::text NOT NULL,
    unit_id bigint,
    role text NOT NULL,
    disabled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    email_opt_outs text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT users_check CHECK (((role = 'admin'::text) OR (unit_id IS NOT NULL))),
    CONSTRAINT users_email_check CHECK (((email = lower(email)) AND ((length(email) >= 3) AND (length(email) <= 254)))),
    CONSTRAINT users_email_opt_outs_check CHECK ((email_opt_outs <@ '{approval_request,approval_decision,hold_expiring}'::text[])),
    CONSTRAINT users_name_check CHECK ((length(name) <= 200)),
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'organizer'::text, 'viewer'::text])))
);

--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: visit_exclusions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visit_exclusions (
    registration_id bigint NOT NULL,
    excluded_at timestamp with time zone NOT NULL,
    excluded_by text NOT NULL
);

--
-- Name: visit_readiness; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visit_readiness (
    activity_id bigint NOT NULL,
    head_count integer,
    head_count_confirmed_at timestamp with time zone,
    head_count_confirmed_by text,
    ready_at timestamp with time zone,
    ready_by text,
    broken_at timestamp with time zone,
    CONSTRAINT visit_readiness_check CHECK (((head_count IS NULL) = (head_count_confirmed_at IS NULL))),
    CONSTRAINT visit_readiness_head_count_check CHECK ((head_count >= 0))
);

--
-- Name: webhook_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_attempts (
    id bigint NOT NULL,
    delivery_id bigint NOT NULL,
    attempted_at timestamp with time zone NOT NULL,
    response_status integer,
    error text,
    duration_ms integer NOT NULL
);

--
-- Name: webhook_attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhook_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: webhook_attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhook_attempts_id_seq OWNED BY public.webhook_attempts.id;

--
-- Name: webhook_deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_deliveries (
    id bigint NOT NULL,
    endpoint_id bigint NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    parts_done integer DEFAULT 0 NOT NULL,
    available_at timestamp with time zone NOT NULL,
    locked_by text,
    locked_until timestamp with time zone,
    last_status integer,
    last_error text,
    sent_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT webhook_deliveries_event_id_check CHECK ((event_id ~ '^msg_[A-Za-z0-9]{8,64}$'::text)),
    CONSTRAINT webhook_deliveries_event_type_check CHECK ((event_type ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$'::text)),
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'failed'::text])))
);

--
-- Name: webhook_deliveries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhook_deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: webhook_deliveries_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhook_deliveries_id_seq OWNED BY public.webhook_deliveries.id;

--
-- Name: webhook_endpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_endpoints (
    id bigint NOT NULL,
    kind text DEFAULT 'standard'::text NOT NULL,
    url text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    event_types text[] NOT NULL,
    secret text,
    previous_secret text,
    previous_until timestamp with time zone,
    unit_id bigint,
    class_id bigint,
    enabled boolean DEFAULT true NOT NULL,
    disabled_reason text,
    per_minute integer DEFAULT 600 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT webhook_endpoints_check CHECK (((kind = 'standard'::text) OR (unit_id IS NOT NULL) OR (class_id IS NOT NULL))),
    CONSTRAINT webhook_endpoints_check1 CHECK (((kind <> 'standard'::text) OR (secret IS NOT NULL))),
    CONSTRAINT webhook_endpoints_description_check CHECK ((length(description) <= 200)),
    CONSTRAINT webhook_endpoints_event_types_check CHECK ((cardinality(event_types) >= 1)),
    CONSTRAINT webhook_endpoints_kind_check CHECK ((kind = ANY (ARRAY['standard'::text, 'wecom'::text, 'dingtalk'::text, 'feishu'::text]))),
    CONSTRAINT webhook_endpoints_per_minute_check CHECK (((per_minute >= 1) AND (per_minute <= 6000))),
    CONSTRAINT webhook_endpoints_url_check CHECK (((length(url) >= 8) AND (length(url) <= 2000)))
);

--
-- Name: webhook_endpoints_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhook_endpoints_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: webhook_endpoints_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhook_endpoints_id_seq OWNED BY public.webhook_endpoints.id;

--
-- Name: applications id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications ALTER COLUMN id SET DEFAULT nextval('public.applications_id_seq'::regclass);

--
-- Name: offer_slots id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.offer_slots ALTER COLUMN id SET DEFAULT nextval('public.offer_slots_id_seq'::regclass);

--
-- Name: offers id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.offers ALTER COLUMN id SET DEFAULT nextval('public.offers_id_seq'::regclass);

--
-- Name: schema_migrations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations ALTER COLUMN id SET DEFAULT nextval('public.schema_migrations_id_seq'::regclass);

--
-- Name: webhook_attempts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_attempts ALTER COLUMN id SET DEFAULT nextval('public.webhook_attempts_id_seq'::regclass);

--
-- Name: webhook_deliveries id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_deliveries ALTER COLUMN id SET DEFAULT nextval('public.webhook_deliveries_id_seq'::regclass);

--
-- Name: webhook_endpoints id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_endpoints ALTER COLUMN id SET DEFAULT nextval('public.webhook_endpoints_id_seq'::regclass);

--
-- Name: activities activities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_pkey PRIMARY KEY (id);

--
-- Name: activity_classes activity_classes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_classes
    ADD CONSTRAINT activity_classes_pkey PRIMARY KEY (activity_id, class_id);

--
-- Name: api_tokens api_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);

--
-- Name: api_tokens api_tokens_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash);

--
-- Name: applications applications_offer_id_class_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications
    ADD CONSTRAINT applications_offer_id_class_id_key UNIQUE (offer_id, class_id);

--
-- Name: applications applications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications
    ADD CONSTRAINT applications_pkey PRIMARY KEY (id);

--
-- Name: attendance attendance_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_pkey PRIMARY KEY (registration_id, occurrence_id);

--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

--
-- Name: bookings bookings_exclusive_overlap; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_exclusive_overlap EXCLUDE USING gist (resource_id WITH =, period WITH &&) WHERE ((exclusive AND active)) DEFERRABLE INITIALLY DEFERRED;

--
-- Name: bookings bookings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_pkey PRIMARY KEY (claim_id, occurrence_id);

--
-- Name: calendar_entries calendar_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_entries
    ADD CONSTRAINT calendar_entries_pkey PRIMARY KEY (id);

--
-- Name: calendar_subscriptions calendar_subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_subscriptions
    ADD CONSTRAINT calendar_subscriptions_pkey PRIMARY KEY (id);

--
-- Name: certificates certificates_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.certificates
    ADD CONSTRAINT certificates_code_key UNIQUE (code);

--
-- Name: certificates certificates_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.certificates
    ADD CONSTRAINT certificates_pkey PRIMARY KEY (id);

--
-- Name: claims claims_activity_id_resource_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_activity_id_resource_id_key UNIQUE (activity_id, resource_id);

--
-- Name: claims claims_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_pkey PRIMARY KEY (id);

--
-- Name: class_bookings class_bookings_overlap; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_bookings
    ADD CONSTRAINT class_bookings_overlap EXCLUDE USING gist (class_id WITH =, period WITH &&) WHERE (active) DEFERRABLE INITIALLY DEFERRED;

--
-- Name: class_bookings class_bookings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_bookings
    ADD CONSTRAINT class_bookings_pkey PRIMARY KEY (class_id, occurrence_id);

--
-- Name: class_calendar_entries class_calendar_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_calendar_entries
    ADD CONSTRAINT class_calendar_entries_pkey PRIMARY KEY (id);

--
-- Name: classes classes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.classes
    ADD CONSTRAINT classes_pkey PRIMARY KEY (id);

--
-- Name: classes classes_unit_id_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.classes
    ADD CONSTRAINT classes_unit_id_code_key UNIQUE (unit_id, code);

--
-- Name: commitments commitments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commitments
    ADD CONSTRAINT commitments_pkey PRIMARY KEY (id);

--
-- Name: consents consents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consents
    ADD CONSTRAINT consents_pkey PRIMARY KEY (registration_id);

--
-- Name: deliveries deliveries_dedupe_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_dedupe_key_key UNIQUE (dedupe_key);

--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (id);

--
-- Name: erasure_requests erasure_requests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.erasure_requests
    ADD CONSTRAINT erasure_requests_pkey PRIMARY KEY (id);

--
-- Name: feed_versions feed_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feed_versions
    ADD CONSTRAINT feed_versions_pkey PRIMARY KEY (feed_id);

--
-- Name: feeds feeds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feeds
    ADD CONSTRAINT feeds_pkey PRIMARY KEY (id);

--
-- Name: feeds feeds_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feeds
    ADD CONSTRAINT feeds_token_hash_key UNIQUE (token_hash);

--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (actor, key);

--
-- Name: items items_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.items
    ADD CONSTRAINT items_pkey PRIMARY KEY (id);

--
-- Name: items items_resource_id_label_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.items
    ADD CONSTRAINT items_resource_id_label_key UNIQUE (resource_id, label);

--
-- Name: loan_items loan_items_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan_items
    ADD CONSTRAINT loan_items_pkey PRIMARY KEY (loan_id, item_id);

--
-- Name: loans loans_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loans
    ADD CONSTRAINT loans_pkey PRIMARY KEY (id);

--
-- Name: occurrences occurrences_activity_id_original_starts_at_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.occurrences
    ADD CONSTRAINT occurrences_activity_id_original_starts_at_key UNIQUE (activity_id, original_starts_at) DEFERRABLE;

--
-- Name: occurrences occurrences_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.occurrences
    ADD CONSTRAINT occurrences_pkey PRIMARY KEY (id);

--
-- Name: offer_slots offer_slots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.offer_slots
    ADD CONSTRAINT offer_slots_pkey PRIMARY KEY (id);

--
-- Name: offers offers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.offers
    ADD CONSTRAINT offers_pkey PRIMARY KEY (id);

--
-- Name: periodic_jobs periodic_jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.periodic_jobs
    ADD CONSTRAINT periodic_jobs_pkey PRIMARY KEY (name);

--
-- Name: plan_bookings plan_bookings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plan_bookings
    ADD CONSTRAINT plan_bookings_pkey PRIMARY KEY (plan_id, item_key);

--
-- Name: plans plans_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (id);

--
-- Name: privacy_holds privacy_holds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.privacy_holds
    ADD CONSTRAINT privacy_holds_pkey PRIMARY KEY (email);

--
-- Name: rate_limit_hits rate_limit_hits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate_limit_hits
    ADD CONSTRAINT rate_limit_hits_pkey PRIMARY KEY (key);

--
-- Name: registrations registrations_activity_id_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.registrations
    ADD CONSTRAINT registrations_activity_id_email_key UNIQUE (activity_id, email);

--
-- Name: registrations registrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.registrations
    ADD CONSTRAINT registrations_pkey PRIMARY KEY (id);

--
-- Name: resources resources_id_kind_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.resources
    ADD CONSTRAINT resources_id_kind_key UNIQUE (id, kind);

--
-- Name: resources resources_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.resources
    ADD CONSTRAINT resources_pkey PRIMARY KEY (id);

--
-- Name: roster_head_counts roster_head_counts_head_count_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_head_counts
    ADD CONSTRAINT roster_head_counts_head_count_id_key UNIQUE (head_count_id);

--
-- Name: roster_head_counts roster_head_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_head_counts
    ADD CONSTRAINT roster_head_counts_pkey PRIMARY KEY (id);

--
-- Name: roster_marks roster_marks_mark_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_marks
    ADD CONSTRAINT roster_marks_mark_id_key UNIQUE (mark_id);

--
-- Name: roster_marks roster_marks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_marks
    ADD CONSTRAINT roster_marks_pkey PRIMARY KEY (id);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);

--
-- Name: server_instances server_instances_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.server_instances
    ADD CONSTRAINT server_instances_pkey PRIMARY KEY (owner);

--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

--
-- Name: sessions sessions_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_token_hash_key UNIQUE (token_hash);

--
-- Name: sign_in_links sign_in_links_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_links
    ADD CONSTRAINT sign_in_links_pkey PRIMARY KEY (id);

--
-- Name: sign_in_links sign_in_links_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_links
    ADD CONSTRAINT sign_in_links_token_hash_key UNIQUE (token_hash);

--
-- Name: training_credits training_credits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_credits
    ADD CONSTRAINT training_credits_pkey PRIMARY KEY (activity_id);

--
-- Name: units units_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_pkey PRIMARY KEY (id);

--
-- Name: units units_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_slug_key UNIQUE (slug);

--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);

--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

--
-- Name: visit_exclusions visit_exclusions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visit_exclusions
    ADD CONSTRAINT visit_exclusions_pkey PRIMARY KEY (registration_id);

--
-- Name: visit_readiness visit_readiness_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visit_readiness
    ADD CONSTRAINT visit_readiness_pkey PRIMARY KEY (activity_id);

--
-- Name: webhook_attempts webhook_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_pkey PRIMARY KEY (id);

--
-- Name: webhook_deliveries webhook_deliveries_endpoint_id_event_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_endpoint_id_event_id_key UNIQUE (endpoint_id, event_id);

--
-- Name: webhook_deliveries webhook_deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id);

--
-- Name: webhook_endpoints webhook_endpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id);

--
-- Name: activities_hold_expiry_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_hold_expiry_idx ON public.activities USING btree (hold_expires_at) WHERE (status = 'requested'::text);

--
-- Name: activities_period_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_period_idx ON public.activities USING gist (tstzrange(starts_at, ends_at));

--
-- Name: activities_starts_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_starts_idx ON public.activities USING btree (starts_at, id);

--
-- Name: activities_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_unit_idx ON public.activities USING btree (organizer_unit_id, starts_at);

--
-- Name: activity_classes_class_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activity_classes_class_idx ON public.activity_classes USING btree (class_id);

--
-- Name: api_tokens_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX api_tokens_user_idx ON public.api_tokens USING btree (user_id);

--
-- Name: applications_school_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX applications_school_idx ON public.applications USING btree (school_unit_id);

--
-- Name: attendance_occurrence_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attendance_occurrence_idx ON public.attendance USING btree (occurrence_id);

--
-- Name: audit_log_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_at_idx ON public.audit_log USING btree (at);

--
-- Name: audit_log_entity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_entity_idx ON public.audit_log USING btree (entity, entity_id, at);

--
-- Name: audit_log_reads_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_reads_idx ON public.audit_log USING gin (((after -> 'registrationIds'::text))) WHERE (action = 'read'::text);

--
-- Name: bookings_activity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_activity_idx ON public.bookings USING btree (activity_id);

--
-- Name: bookings_occurrence_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_occurrence_idx ON public.bookings USING btree (occurrence_id);

--
-- Name: bookings_resource_period_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_resource_period_idx ON public.bookings USING gist (resource_id, period) WHERE active;

--
-- Name: calendar_entries_period_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX calendar_entries_period_idx ON public.calendar_entries USING gist (period);

--
-- Name: calendar_entries_resource_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX calendar_entries_resource_idx ON public.calendar_entries USING btree (resource_id) WHERE (resource_id IS NOT NULL);

--
-- Name: calendar_entries_subscription_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX calendar_entries_subscription_idx ON public.calendar_entries USING btree (subscription_id) WHERE (subscription_id IS NOT NULL);

--
-- Name: calendar_entries_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX calendar_entries_unit_idx ON public.calendar_entries USING btree (unit_id) WHERE (unit_id IS NOT NULL);

--
-- Name: calendar_subscriptions_class_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX calendar_subscriptions_class_idx ON public.calendar_subscriptions USING btree (class_id) WHERE (class_id IS NOT NULL);

--
-- Name: calendar_subscriptions_resource_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX calendar_subscriptions_resource_idx ON public.calendar_subscriptions USING btree (resource_id);

--
-- Name: certificates_current_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX certificates_current_idx ON public.certificates USING btree (registration_id) WHERE (superseded_at IS NULL);

--
-- Name: claims_one_venue_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX claims_one_venue_idx ON public.claims USING btree (activity_id) WHERE is_venue;

--
-- Name: claims_pending_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX claims_pending_idx ON public.claims USING btree (resource_id) WHERE (approval = 'pending'::text);

--
-- Name: claims_resource_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX claims_resource_idx ON public.claims USING btree (resource_id);

--
-- Name: class_bookings_activity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX class_bookings_activity_idx ON public.class_bookings USING btree (activity_id);

--
-- Name: class_calendar_entries_busy_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX class_calendar_entries_busy_idx ON public.class_calendar_entries USING gist (class_id, period) WHERE (subscription_id IS NOT NULL);

--
-- Name: class_calendar_entries_subscription_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX class_calendar_entries_subscription_idx ON public.class_calendar_entries USING btree (subscription_id) WHERE (subscription_id IS NOT NULL);

--
-- Name: class_calendar_entries_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX class_calendar_entries_unit_idx ON public.class_calendar_entries USING btree (unit_id);

--
-- Name: commitments_term_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX commitments_term_idx ON public.commitments USING btree (term, id);

--
-- Name: consents_guardian_email_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX consents_guardian_email_idx ON public.consents USING btree (guardian_email);

--
-- Name: consents_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX consents_status_idx ON public.consents USING btree (status);

--
-- Name: deliveries_activity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_activity_idx ON public.deliveries USING btree (activity_id, status);

--
-- Name: deliveries_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_created_idx ON public.deliveries USING btree (created_at) INCLUDE (kind, status, activity_id);

--
-- Name: deliveries_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_due_idx ON public.deliveries USING btree (available_at, id) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: deliveries_failed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_failed_idx ON public.deliveries USING btree (id) WHERE (status = 'failed'::text);

--
-- Name: deliveries_registration_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_registration_idx ON public.deliveries USING btree (registration_id, kind);

--
-- Name: deliveries_reminder_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX deliveries_reminder_key ON public.deliveries USING btree (occurrence_id, registration_id, rule) WHERE (kind = 'reminder'::text);

--
-- Name: deliveries_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX deliveries_user_id ON public.deliveries USING btree (user_id) WHERE (user_id IS NOT NULL);

--
-- Name: erasure_requests_pending_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX erasure_requests_pending_idx ON public.erasure_requests USING btree (id) WHERE (status = 'pending'::text);

--
-- Name: feeds_owner_email_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX feeds_owner_email_idx ON public.feeds USING btree (owner_email, id) WHERE (owner_email IS NOT NULL);

--
-- Name: feeds_owner_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX feeds_owner_unit_idx ON public.feeds USING btree (owner_unit_id, id) WHERE (owner_unit_id IS NOT NULL);

--
-- Name: feeds_resource_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX feeds_resource_idx ON public.feeds USING btree (resource_id) WHERE (resource_id IS NOT NULL);

--
-- Name: feeds_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX feeds_unit_idx ON public.feeds USING btree (unit_id) WHERE (unit_id IS NOT NULL);

--
-- Name: idempotency_keys_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idempotency_keys_created_idx ON public.idempotency_keys USING btree (created_at);

--
-- Name: loan_items_out_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX loan_items_out_key ON public.loan_items USING btree (item_id) WHERE (returned_at IS NULL);

--
-- Name: loans_claim_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loans_claim_idx ON public.loans USING btree (claim_id);

--
-- Name: loans_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loans_open_idx ON public.loans USING btree (resource_id) WHERE (closed_at IS NULL);

--
-- Name: occurrences_activity_updated_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX occurrences_activity_updated_idx ON public.occurrences USING btree (activity_id, updated_at);

--
-- Name: occurrences_period_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX occurrences_period_idx ON public.occurrences USING gist (tstzrange(starts_at, ends_at));

--
-- Name: occurrences_starts_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX occurrences_starts_idx ON public.occurrences USING btree (starts_at) INCLUDE (activity_id, ends_at, status);

--
-- Name: offer_slots_offer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX offer_slots_offer_idx ON public.offer_slots USING btree (offer_id);

--
-- Name: offers_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX offers_unit_idx ON public.offers USING btree (unit_id);

--
-- Name: plan_bookings_commitment_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX plan_bookings_commitment_idx ON public.plan_bookings USING btree (commitment_id);

--
-- Name: plans_term_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX plans_term_idx ON public.plans USING btree (term, id);

--
-- Name: plans_unfinished_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX plans_unfinished_idx ON public.plans USING btree (id) WHERE (status = ANY (ARRAY['queued'::text, 'running'::text]));

--
-- Name: registrations_activity_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX registrations_activity_status_idx ON public.registrations USING btree (activity_id, status, id);

--
-- Name: registrations_check_in_code_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX registrations_check_in_code_key ON public.registrations USING btree (check_in_code);

--
-- Name: registrations_email_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX registrations_email_idx ON public.registrations USING btree (email, id);

--
-- Name: registrations_not_anonymised_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX registrations_not_anonymised_idx ON public.registrations USING btree (activity_id) WHERE (anonymised_at IS NULL);

--
-- Name: registrations_occurrence_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX registrations_occurrence_idx ON public.registrations USING btree (occurrence_id, status, id) WHERE (occurrence_id IS NOT NULL);

--
-- Name: registrations_waitlist_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX registrations_waitlist_idx ON public.registrations USING btree (activity_id, waitlisted_at, id) WHERE (status = 'waitlisted'::text);

--
-- Name: resources_kind_category_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX resources_kind_category_idx ON public.resources USING btree (kind, category);

--
-- Name: resources_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX resources_unit_idx ON public.resources USING btree (unit_id);

--
-- Name: roster_head_counts_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX roster_head_counts_once ON public.roster_head_counts USING btree (occurrence_id, step) WHERE (refused IS NULL);

--
-- Name: roster_marks_occurrence; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX roster_marks_occurrence ON public.roster_marks USING btree (occurrence_id, step);

--
-- Name: roster_marks_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX roster_marks_once ON public.roster_marks USING btree (registration_id, occurrence_id, step) WHERE (refused IS NULL);

--
-- Name: webhook_attempts_delivery_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_attempts_delivery_idx ON public.webhook_attempts USING btree (delivery_id, id);

--
-- Name: webhook_attempts_recent_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_attempts_recent_idx ON public.webhook_attempts USING btree (attempted_at);

--
-- Name: webhook_deliveries_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_deliveries_due_idx ON public.webhook_deliveries USING btree (available_at, id) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: webhook_deliveries_endpoint_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_deliveries_endpoint_idx ON public.webhook_deliveries USING btree (endpoint_id, id);

--
-- Name: webhook_endpoints_class_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_endpoints_class_idx ON public.webhook_endpoints USING btree (class_id) WHERE (class_id IS NOT NULL);

--
-- Name: webhook_endpoints_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_endpoints_unit_idx ON public.webhook_endpoints USING btree (unit_id) WHERE (unit_id IS NOT NULL);

--
-- Name: activities activities_bookings_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER activities_bookings_update AFTER UPDATE ON public.activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.activities_derive_bookings();

--
-- Name: activities activities_ever_confirmed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER activities_ever_confirmed BEFORE INSERT OR UPDATE OF status ON public.activities FOR EACH ROW EXECUTE FUNCTION public.activities_ever_confirmed_trigger();

--
-- Name: activities activities_feed_changes; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER activities_feed_changes AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.activities FOR EACH STATEMENT EXECUTE FUNCTION public.feed_changes_notify();

--
-- Name: activity_classes activity_classes_bookings_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER activity_classes_bookings_delete AFTER DELETE ON public.activity_classes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.activity_classes_derive_bookings();

--
-- Name: activity_classes activity_classes_bookings_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER activity_classes_bookings_insert AFTER INSERT ON public.activity_classes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.activity_classes_derive_bookings();

--
-- Name: claims claims_bookings_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER claims_bookings_delete AFTER DELETE ON public.claims REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bookings_follow_deletes();

--
-- Name: claims claims_bookings_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER claims_bookings_insert AFTER INSERT ON public.claims REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.claims_derive_bookings();

--
-- Name: claims claims_bookings_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER claims_bookings_truncate AFTER TRUNCATE ON public.claims FOR EACH STATEMENT EXECUTE FUNCTION public.bookings_follow_deletes();

--
-- Name: claims claims_bookings_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER claims_bookings_update AFTER UPDATE ON public.claims REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.claims_derive_bookings();

--
-- Name: claims claims_feed_changes; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER claims_feed_changes AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.claims FOR EACH STATEMENT EXECUTE FUNCTION public.feed_changes_notify();

--
-- Name: claims claims_venue_is_a_venue; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER claims_venue_is_a_venue BEFORE INSERT OR UPDATE OF resource_id, is_venue ON public.claims FOR EACH ROW WHEN (new.is_venue) EXECUTE FUNCTION public.claims_venue_is_a_venue();

--
-- Name: class_bookings class_bookings_busy_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER class_bookings_busy_insert AFTER INSERT ON public.class_bookings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.class_bookings_check_busy();

--
-- Name: class_bookings class_bookings_busy_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER class_bookings_busy_update AFTER UPDATE ON public.class_bookings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.class_bookings_check_busy();

--
-- Name: feeds feeds_feed_changes; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER feeds_feed_changes AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.feeds FOR EACH STATEMENT EXECUTE FUNCTION public.feed_changes_notify();

--
-- Name: occurrences occurrences_bookings_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER occurrences_bookings_delete AFTER DELETE ON public.occurrences REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bookings_follow_deletes();

--
-- Name: occurrences occurrences_bookings_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER occurrences_bookings_insert AFTER INSERT ON public.occurrences REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.occurrences_derive_bookings();

--
-- Name: occurrences occurrences_bookings_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER occurrences_bookings_truncate AFTER TRUNCATE ON public.occurrences FOR EACH STATEMENT EXECUTE FUNCTION public.bookings_follow_deletes();

--
-- Name: occurrences occurrences_bookings_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER occurrences_bookings_update AFTER UPDATE ON public.occurrences REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.occurrences_derive_bookings();

--
-- Name: occurrences occurrences_feed_changes; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER occurrences_feed_changes AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.occurrences FOR EACH STATEMENT EXECUTE FUNCTION public.feed_changes_notify();

--
-- Name: registrations registrations_feed_changes; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER registrations_feed_changes AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.registrations FOR EACH STATEMENT EXECUTE FUNCTION public.feed_changes_notify();

--
-- Name: resources resources_feed_changes; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER resources_feed_changes AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.resources FOR EACH STATEMENT EXECUTE FUNCTION public.feed_changes_notify();

--
-- Name: units units_feed_changes; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER units_feed_changes AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.units FOR EACH STATEMENT EXECUTE FUNCTION public.feed_changes_notify();

--
-- Name: activities activities_organizer_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_organizer_unit_id_fkey FOREIGN KEY (organizer_unit_id) REFERENCES public.units(id);

--
-- Name: activity_classes activity_classes_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_classes
    ADD CONSTRAINT activity_classes_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: activity_classes activity_classes_class_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activity_classes
    ADD CONSTRAINT activity_classes_class_id_fkey FOREIGN KEY (class_id) REFERENCES public.classes(id);

--
-- Name: api_tokens api_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: applications applications_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications
    ADD CONSTRAINT applications_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE SET NULL;

--
-- Name: applications applications_class_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications
    ADD CONSTRAINT applications_class_id_fkey FOREIGN KEY (class_id) REFERENCES public.classes(id);

--
-- Name: applications applications_offer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications
    ADD CONSTRAINT applications_offer_id_fkey FOREIGN KEY (offer_id) REFERENCES public.offers(id) ON DELETE CASCADE;

--
-- Name: applications applications_school_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications
    ADD CONSTRAINT applications_school_unit_id_fkey FOREIGN KEY (school_unit_id) REFERENCES public.units(id);

--
-- Name: applications applications_slot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applications
    ADD CONSTRAINT applications_slot_id_fkey FOREIGN KEY (slot_id) REFERENCES public.offer_slots(id);

--
-- Name: attendance attendance_occurrence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_occurrence_id_fkey FOREIGN KEY (occurrence_id) REFERENCES public.occurrences(id) ON DELETE CASCADE;

--
-- Name: attendance attendance_registration_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES public.registrations(id) ON DELETE CASCADE;

--
-- Name: calendar_entries calendar_entries_resource_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_entries
    ADD CONSTRAINT calendar_entries_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES public.resources(id) ON DELETE CASCADE;

--
-- Name: calendar_entries calendar_entries_subscription_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_entries
    ADD CONSTRAINT calendar_entries_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.calendar_subscriptions(id) ON DELETE CASCADE;

--
-- Name: calendar_entries calendar_entries_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_entries
    ADD CONSTRAINT calendar_entries_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id) ON DELETE CASCADE;

--
-- Name: calendar_subscriptions calendar_subscriptions_class_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_subscriptions
    ADD CONSTRAINT calendar_subscriptions_class_id_fkey FOREIGN KEY (class_id) REFERENCES public.classes(id) ON DELETE CASCADE;

--
-- Name: calendar_subscriptions calendar_subscriptions_resource_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_subscriptions
    ADD CONSTRAINT calendar_subscriptions_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES public.resources(id) ON DELETE CASCADE;

--
-- Name: certificates certificates_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.certificates
    ADD CONSTRAINT certificates_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: certificates certificates_registration_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.certificates
    ADD CONSTRAINT certificates_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES public.registrations(id) ON DELETE CASCADE;

--
-- Name: claims claims_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: claims claims_resource_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES public.resources(id);

--
-- Name: class_bookings class_bookings_class_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_bookings
    ADD CONSTRAINT class_bookings_class_id_fkey FOREIGN KEY (class_id) REFERENCES public.classes(id) ON DELETE CASCADE;

--
-- Name: class_bookings class_bookings_occurrence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_bookings
    ADD CONSTRAINT class_bookings_occurrence_id_fkey FOREIGN KEY (occurrence_id) REFERENCES public.occurrences(id) ON DELETE CASCADE;

--
-- Name: class_calendar_entries class_calendar_entries_class_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_calendar_entries
    ADD CONSTRAINT class_calendar_entries_class_id_fkey FOREIGN KEY (class_id) REFERENCES public.classes(id) ON DELETE CASCADE;

--
-- Name: class_calendar_entries class_calendar_entries_subscription_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_calendar_entries
    ADD CONSTRAINT class_calendar_entries_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.calendar_subscriptions(id) ON DELETE CASCADE;

--
-- Name: class_calendar_entries class_calendar_entries_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.class_calendar_entries
    ADD CONSTRAINT class_calendar_entries_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);

--
-- Name: classes classes_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.classes
    ADD CONSTRAINT classes_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);

--
-- Name: commitments commitments_organizer_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commitments
    ADD CONSTRAINT commitments_organizer_unit_id_fkey FOREIGN KEY (organizer_unit_id) REFERENCES public.units(id);

--
-- Name: consents consents_registration_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consents
    ADD CONSTRAINT consents_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES public.registrations(id) ON DELETE CASCADE;

--
-- Name: deliveries deliveries_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: deliveries deliveries_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id) ON DELETE SET NULL;

--
-- Name: deliveries deliveries_loan_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_loan_id_fkey FOREIGN KEY (loan_id) REFERENCES public.loans(id) ON DELETE CASCADE;

--
-- Name: deliveries deliveries_occurrence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_occurrence_id_fkey FOREIGN KEY (occurrence_id) REFERENCES public.occurrences(id) ON DELETE CASCADE;

--
-- Name: deliveries deliveries_registration_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES public.registrations(id) ON DELETE CASCADE;

--
-- Name: deliveries deliveries_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: erasure_requests erasure_requests_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.erasure_requests
    ADD CONSTRAINT erasure_requests_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);

--
-- Name: feed_versions feed_versions_feed_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feed_versions
    ADD CONSTRAINT feed_versions_feed_id_fkey FOREIGN KEY (feed_id) REFERENCES public.feeds(id) ON DELETE CASCADE;

--
-- Name: feeds feeds_owner_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feeds
    ADD CONSTRAINT feeds_owner_unit_id_fkey FOREIGN KEY (owner_unit_id) REFERENCES public.units(id);

--
-- Name: feeds feeds_resource_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feeds
    ADD CONSTRAINT feeds_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES public.resources(id);

--
-- Name: feeds feeds_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feeds
    ADD CONSTRAINT feeds_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);

--
-- Name: items items_resource_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.items
    ADD CONSTRAINT items_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES public.resources(id) ON DELETE CASCADE;

--
-- Name: loan_items loan_items_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan_items
    ADD CONSTRAINT loan_items_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.items(id) ON DELETE CASCADE;

--
-- Name: loan_items loan_items_loan_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan_items
    ADD CONSTRAINT loan_items_loan_id_fkey FOREIGN KEY (loan_id) REFERENCES public.loans(id) ON DELETE CASCADE;

--
-- Name: loans loans_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loans
    ADD CONSTRAINT loans_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE SET NULL;

--
-- Name: loans loans_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loans
    ADD CONSTRAINT loans_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id) ON DELETE SET NULL;

--
-- Name: loans loans_resource_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loans
    ADD CONSTRAINT loans_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES public.resources(id) ON DELETE CASCADE;

--
-- Name: occurrences occurrences_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.occurrences
    ADD CONSTRAINT occurrences_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: offer_slots offer_slots_offer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.offer_slots
    ADD CONSTRAINT offer_slots_offer_id_fkey FOREIGN KEY (offer_id) REFERENCES public.offers(id) ON DELETE CASCADE;

--
-- Name: offers offers_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.offers
    ADD CONSTRAINT offers_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);

--
-- Name: plan_bookings plan_bookings_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plan_bookings
    ADD CONSTRAINT plan_bookings_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: plan_bookings plan_bookings_commitment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plan_bookings
    ADD CONSTRAINT plan_bookings_commitment_id_fkey FOREIGN KEY (commitment_id) REFERENCES public.commitments(id) ON DELETE CASCADE;

--
-- Name: plan_bookings plan_bookings_plan_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plan_bookings
    ADD CONSTRAINT plan_bookings_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id) ON DELETE CASCADE;

--
-- Name: registrations registrations_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.registrations
    ADD CONSTRAINT registrations_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: registrations registrations_occurrence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.registrations
    ADD CONSTRAINT registrations_occurrence_id_fkey FOREIGN KEY (occurrence_id) REFERENCES public.occurrences(id) ON DELETE SET NULL;

--
-- Name: resources resources_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.resources
    ADD CONSTRAINT resources_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);

--
-- Name: roster_head_counts roster_head_counts_occurrence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_head_counts
    ADD CONSTRAINT roster_head_counts_occurrence_id_fkey FOREIGN KEY (occurrence_id) REFERENCES public.occurrences(id) ON DELETE CASCADE;

--
-- Name: roster_marks roster_marks_occurrence_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_marks
    ADD CONSTRAINT roster_marks_occurrence_id_fkey FOREIGN KEY (occurrence_id) REFERENCES public.occurrences(id) ON DELETE CASCADE;

--
-- Name: roster_marks roster_marks_registration_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_marks
    ADD CONSTRAINT roster_marks_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES public.registrations(id) ON DELETE CASCADE;

--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: sign_in_links sign_in_links_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_links
    ADD CONSTRAINT sign_in_links_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: training_credits training_credits_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_credits
    ADD CONSTRAINT training_credits_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: units units_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.units(id);

--
-- Name: users users_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);

--
-- Name: visit_exclusions visit_exclusions_registration_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visit_exclusions
    ADD CONSTRAINT visit_exclusions_registration_id_fkey FOREIGN KEY (registration_id) REFERENCES public.registrations(id) ON DELETE CASCADE;

--
-- Name: visit_readiness visit_readiness_activity_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visit_readiness
    ADD CONSTRAINT visit_readiness_activity_id_fkey FOREIGN KEY (activity_id) REFERENCES public.activities(id) ON DELETE CASCADE;

--
-- Name: webhook_attempts webhook_attempts_delivery_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES public.webhook_deliveries(id) ON DELETE CASCADE;

--
-- Name: webhook_deliveries webhook_deliveries_endpoint_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES public.webhook_endpoints(id) ON DELETE CASCADE;

--
-- Name: webhook_endpoints webhook_endpoints_class_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_class_id_fkey FOREIGN KEY (class_id) REFERENCES public.classes(id) ON DELETE CASCADE;

--
-- Name: webhook_endpoints webhook_endpoints_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
