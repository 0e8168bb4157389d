-- A service may consume a topic in more than one independent consumer (initiative-service reads the initiatives topic
-- for its partner webhooks as well): each applies every event once, so the consumer is part of what was processed.
ALTER TABLE processed_event ADD COLUMN consumer varchar(100) NOT NULL DEFAULT '';
ALTER TABLE processed_event DROP CONSTRAINT processed_event_pkey;
ALTER TABLE processed_event ADD PRIMARY KEY (consumer, source, event_id);
