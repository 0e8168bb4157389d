-- reporting-service now keeps each partnership's partner organization (for the partner API's scorecard): announce the
-- partnerships once more, through the outbox like every event, so that it learns the organizations of those it knew.
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', p.id::text, 'partnership.published.v1', '/commonground/initiative-service', p.id::text,
       now(), 'urn:commonground:schema:partnership.published.v1',
       jsonb_strip_nulls(jsonb_build_object('partnershipId', p.id, 'name', p.name, 'partnerName', p.partner_name,
           'partnerOrganization', p.partner_organization,
           'at', to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))::text
FROM partnership p;
