-- reporting-service now keeps the lessons learned (for the transparency report): announce those recorded before,
-- through the outbox like every event. Public and unsigned: no author.
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', l.initiative_id::text, 'lesson.recorded.v1', '/commonground/initiative-service', l.id::text,
       now(), 'urn:commonground:schema:lesson.recorded.v1',
       jsonb_build_object('lessonId', l.id, 'initiativeId', l.initiative_id, 'partnershipId', l.partnership_id, 'kind', l.kind,
           'stage', l.stage, 'whatWorked', l.what_worked, 'whatDidNot', l.what_did_not, 'doDifferently', l.do_differently,
           'forWhom', l.for_whom, 'at', to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM lesson l;
