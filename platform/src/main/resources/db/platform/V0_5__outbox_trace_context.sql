-- The W3C traceparent of the span that wrote the row ('' when none): the relay's publication continues that trace,
-- so one trace follows a change from its request through Kafka into every consumer.
ALTER TABLE outbox ADD COLUMN trace_context varchar(64) NOT NULL DEFAULT '';
