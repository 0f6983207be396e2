-- Signed webhooks and group-bot channels (issue 29, src/webhooks/, docs/webhooks.md).
-- An endpoint receives the events it chose. `kind` says how a delivery is sent: 'standard' (Standard
-- Webhooks headers and signature, registered by an admin for integrators) or a group robot of
-- WeCom, DingTalk or Feishu (src/channels/), which belongs to a unit or a class.
CREATE TABLE webhook_endpoints (
  id bigserial PRIMARY KEY,
  kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'wecom', 'dingtalk', 'feishu')),
  url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
  -- The signing secret (standard: whsec_ + base64; DingTalk/Feishu: the robot's SEC… secret, optional).
  -- Stored as is, because every delivery is signed with it; shown once, never listed.
  secret text,
  -- During a rotation deliveries carry a second signature with the previous secret until previous_until.
  previous_secret text,
  previous_until timestamptz,
  unit_id bigint REFERENCES units (id) ON DELETE CASCADE,
  class_id bigint REFERENCES classes (id) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT true,
  -- Why Orrery turned it off (410 Gone, a revoked robot key); null when enabled or turned off by a person.
  disabled_reason text,
  -- The platform's rate limit: at most this many deliveries per minute leave for this endpoint.
  per_minute int NOT NULL DEFAULT 600 CHECK (per_minute BETWEEN 1 AND 6000),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (kind = 'standard' OR unit_id IS NOT NULL OR class_id IS NOT NULL),
  CHECK (kind <> 'standard' OR secret IS NOT NULL)
);
CREATE INDEX webhook_endpoints_unit_idx ON webhook_endpoints (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX webhook_endpoints_class_idx ON webhook_endpoints (class_id) WHERE class_id IS NOT NULL;

-- The webhook outbox: one row per event and endpoint. `event_id` is the webhook-id header, the same on
-- every attempt and on a replay, so the receiver can recognise a resend. Leased like `deliveries`.
CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  endpoint_id bigint NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id text NOT NULL CHECK (event_id ~ '^msg_[A-Za-z0-9]{8,64}$'),
  event_type text NOT NULL CHECK (event_type ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$'),
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  -- A robot message too long for its platform goes as several parts; the ones acknowledged are not sent again.
  parts_done int NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL,
  locked_by text,
  locked_until timestamptz,
  last_status int,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (available_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);

-- The delivery log: every attempt with the receiver's status code (or the error), newest last.
CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempted_at timestamptz NOT NULL,
  response_status int,
  error text,
  duration_ms int NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);
CREATE INDEX webhook_attempts_recent_idx ON webhook_attempts (attempted_at);
