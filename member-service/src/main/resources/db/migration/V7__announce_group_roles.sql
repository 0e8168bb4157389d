-- group.role-changed.v1 tells reporting who took a lead term or a shadowing in an affinity group: announce once the
-- terms and shadows that existed before, through the outbox like every event (keyed by the member, as new ones are).
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'members', t.member_id::text, 'group.role-changed.v1', '/commonground/member-service', t.member_id::text,
       now(), 'urn:commonground:schema:group.role-changed.v1',
       jsonb_build_object('roleId', t.id, 'groupId', t.group_id, 'memberId', t.member_id, 'role', 'lead',
           'startsOn', t.starts_on, 'endsOn', t.ends_on,
           'lastDay', CASE WHEN t.ended_on IS NOT NULL AND t.ended_on < t.ends_on THEN t.ended_on END,
           'at', to_char(t.assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM leadership_term t;

-- a shadow's role id is the name-based UUID (version 3) member-service gives it: md5 of "shadow:<term>:<member>"
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'members', s.member_id::text, 'group.role-changed.v1', '/commonground/member-service', s.member_id::text,
       now(), 'urn:commonground:schema:group.role-changed.v1',
       jsonb_build_object('roleId', overlay(overlay(h.md5 placing '3' from 13 for 1)
               placing substr('89ab', (('x' || substr(h.md5, 17, 1))::bit(4)::int & 3) + 1, 1) from 17 for 1)::uuid,
           'groupId', t.group_id, 'memberId', s.member_id, 'role', 'shadow',
           'startsOn', (s.named_at AT TIME ZONE 'UTC')::date, 'endsOn', t.ends_on, 'lastDay', NULL,
           'at', to_char(s.named_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM term_shadow s JOIN leadership_term t ON t.id = s.term_id
     CROSS JOIN LATERAL (SELECT md5('shadow:' || s.term_id || ':' || s.member_id) AS md5) h;
