-- The platform's tables, in every service database. Versions 0_x run before the service's own (out of order is allowed for them).

-- Events waiting to be published, written in the same transaction as the state change they describe.
CREATE TABLE outbox (
    seq             bigserial    PRIMARY KEY,
    id              uuid         NOT NULL UNIQUE,
    topic           varchar(100) NOT NULL,
    message_key     varchar(200) NOT NULL,
    type            varchar(100) NOT NULL,
    source          varchar(200) NOT NULL,
    subject         varchar(200),
    occurred_at     timestamptz  NOT NULL,
    dataschema      varchar(200) NOT NULL,
    payload         text         NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT clock_timestamp(),
    sent_at         timestamptz,
    attempts        integer      NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz,
    dead            boolean      NOT NULL DEFAULT false
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL AND NOT dead;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Wake the relay when a transaction that wrote events commits (NOTIFY is delivered on commit only).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Events this service has applied: recorded in the same transaction as their effect, so a redelivery is a no-op.
CREATE TABLE processed_event (
    source        varchar(200) NOT NULL,
    event_id      varchar(200) NOT NULL,
    type          varchar(100) NOT NULL,
    topic         varchar(100) NOT NULL,
    partition_no  integer      NOT NULL,
    record_offset bigint       NOT NULL,
    event_time    timestamptz  NOT NULL,
    processed_at  timestamptz  NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (source, event_id)
);
CREATE INDEX processed_event_time ON processed_event (processed_at);
