-- The relay counts dead rows for its gauge; this keeps that count off the sent rows.
CREATE INDEX outbox_dead ON outbox (seq) WHERE dead;
