-- member-service now keeps the initiatives (a mentoring session is recorded in one): announce those proposed before,
-- through the outbox like every event. Every consumer of initiative.proposed.v1 keeps the first it hears of each.
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', i.id::text, 'initiative.proposed.v1', '/commonground/initiative-service', i.id::text,
       now(), 'urn:commonground:schema:initiative.proposed.v1',
       jsonb_build_object('initiativeId', i.id, 'partnershipId', i.partnership_id, 'title', i.title, 'kind', i.kind,
           'at', to_char(i.proposed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM initiative i;
