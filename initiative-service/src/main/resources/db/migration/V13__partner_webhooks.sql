-- Partner webhooks: the endpoints a partner organization registers, and every delivery to them (Standard Webhooks:
-- one webhook-id per event and endpoint, kept across retries; delivered in order per initiative).
CREATE TABLE webhook_endpoint (
    id                    uuid          PRIMARY KEY,
    organization          varchar(40)   NOT NULL,
    url                   varchar(2000) NOT NULL,
    description           varchar(500),
    event_types           text[]        NOT NULL,
    partnership_ids       uuid[],                 -- null: every partnership of the organization
    secret                varchar(100)  NOT NULL, -- whsec_<base64>: shown once, to sign
    previous_secret       varchar(100),           -- still signs (beside the new one) until previous_secret_until
    previous_secret_until timestamptz,
    status                varchar(10)   NOT NULL, -- ACTIVE, DISABLED
    disabled_reason       varchar(300),
    failing_since         timestamptz,            -- the first failure of the current run of failures
    created_at            timestamptz   NOT NULL,
    created_by            varchar(255)  NOT NULL,
    version               bigint        NOT NULL DEFAULT 0
);
CREATE INDEX webhook_endpoint_organization ON webhook_endpoint (organization);

CREATE TABLE webhook_delivery (
    id               uuid          PRIMARY KEY,
    seq              bigserial     NOT NULL UNIQUE,
    endpoint_id      uuid          NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    webhook_id       varchar(60)   NOT NULL,  -- the webhook-id header: the same on every attempt
    event_id         varchar(200)  NOT NULL,
    event_type       varchar(100)  NOT NULL,
    ordering_key     varchar(100)  NOT NULL,  -- the initiative (or the partnership): delivered in order
    event_time       timestamptz   NOT NULL,
    event_data       text          NOT NULL,  -- the event as it came; rendered for the partner at each attempt
    status           varchar(10)   NOT NULL,  -- PENDING, DELIVERED, FAILED
    attempts         integer       NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz   NOT NULL,
    claimed_until    timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       varchar(500),
    created_at       timestamptz   NOT NULL,
    delivered_at     timestamptz,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_order ON webhook_delivery (endpoint_id, ordering_key, seq) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, seq DESC);
