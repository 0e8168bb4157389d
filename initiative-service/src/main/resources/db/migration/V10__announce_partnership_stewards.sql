-- partnership.published.v1 now carries the partner organization, and partnership.stewards-changed.v1 says who stewards a
-- partnership: announce both once for the partnerships that existed before, through the outbox like every event
-- (benefit-service learns from them who may act for each partnership).
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', p.id::text, 'partnership.published.v1', '/commonground/initiative-service', p.id::text,
       now(), 'urn:commonground:schema:partnership.published.v1',
       jsonb_strip_nulls(jsonb_build_object('partnershipId', p.id, 'name', p.name, 'partnerName', p.partner_name,
           'partnerOrganization', p.partner_organization,
           'at', to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))::text
FROM partnership p;

INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', p.id::text, 'partnership.stewards-changed.v1', '/commonground/initiative-service', p.id::text,
       now(), 'urn:commonground:schema:partnership.stewards-changed.v1',
       jsonb_build_object('partnershipId', p.id,
           'stewards', COALESCE((SELECT jsonb_agg(s.subject ORDER BY s.subject) FROM partnership_steward s WHERE s.partnership_id = p.id), '[]'::jsonb),
           'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM partnership p;
