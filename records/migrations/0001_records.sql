-- hostflow's system of record: every hosting request, its timeline, every number it handled,
-- and its LOA documents. Temporal decides what happens next; these tables remember what happened.

-- One row per request, reserved at POST: the id is unique for ever, whatever Temporal retains.
CREATE TABLE hosting_requests (
  id text PRIMARY KEY,
  workflow_id text NOT NULL UNIQUE,
  status text NOT NULL,
  site_id text NOT NULL,
  -- every number of the request, for the list's number filter
  telephone_numbers text[] NOT NULL,
  -- exactly the GET /v1/hosting-requests/{id} body
  view json NOT NULL,
  -- the workflow input, sealed (AES-256-GCM, payload key), until the workflow is known to run
  start_input bytea,
  start_key_id text,
  workflow_started_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  ended_at timestamptz,
  attention_code text
);
CREATE INDEX hosting_requests_list ON hosting_requests ((ended_at IS NULL), (COALESCE(ended_at, created_at)), id);
CREATE INDEX hosting_requests_numbers ON hosting_requests USING gin (telephone_numbers);
CREATE INDEX hosting_requests_unstarted ON hosting_requests (created_at) WHERE workflow_started_at IS NULL;
CREATE INDEX hosting_requests_attention ON hosting_requests (attention_code) WHERE attention_code IS NOT NULL;
CREATE INDEX hosting_requests_running ON hosting_requests (created_at) WHERE ended_at IS NULL;

-- Bandwidth orders made for requests, so a notification naming only an order id finds its request.
CREATE TABLE bandwidth_orders (
  order_id text PRIMARY KEY,
  kind text NOT NULL,
  request_id text NOT NULL REFERENCES hosting_requests (id),
  order_index integer NOT NULL,
  customer_order_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bandwidth_orders_request ON bandwidth_orders (request_id);

-- The request's timeline: status changes, numbers' outcomes, notifications, LOA uploads, attention.
CREATE TABLE request_events (
  id bigserial PRIMARY KEY,
  request_id text NOT NULL REFERENCES hosting_requests (id),
  at timestamptz NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX request_events_request ON request_events (request_id, id);

-- The number registry: one row per number this deployment has handled, as its latest request left it.
CREATE TABLE telephone_numbers (
  telephone_number text PRIMARY KEY,
  status text NOT NULL,
  request_id text NOT NULL REFERENCES hosting_requests (id),
  order_id text,
  error_code text,
  error_description text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX telephone_numbers_request ON telephone_numbers (request_id);

CREATE TABLE telephone_number_history (
  id bigserial PRIMARY KEY,
  telephone_number text NOT NULL,
  at timestamptz NOT NULL,
  status text NOT NULL,
  request_id text NOT NULL,
  order_id text,
  error_code text,
  error_description text
);
CREATE INDEX telephone_number_history_number ON telephone_number_history (telephone_number, id);

-- LOA files as given, sealed with the payload key (AES-256-GCM; the key id kept so keys rotate).
-- No foreign key: a workflow started straight through Temporal carries a document stored before
-- its request is recorded (its first step records it).
CREATE TABLE loa_documents (
  id uuid PRIMARY KEY,
  request_id text NOT NULL,
  content_type text NOT NULL,
  filename text NOT NULL,
  bytes integer NOT NULL,
  key_id text NOT NULL,
  sealed bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX loa_documents_request ON loa_documents (request_id, created_at);
