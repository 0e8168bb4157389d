-- committee.role-changed.v1 and initiative.milestone-changed.v1 tell reporting who took a committee seat or lead term,
-- and how far plans are: announce once what existed before, through the outbox like every event (keyed by initiative).
-- A seat's role id is the name-based UUID (version 3) initiative-service gives it: md5 of "seat:<initiative>:<member>".
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', c.initiative_id::text, 'committee.role-changed.v1', '/commonground/initiative-service',
       c.initiative_id::text, now(), 'urn:commonground:schema:committee.role-changed.v1',
       jsonb_build_object('roleId', overlay(overlay(h.md5 placing '3' from 13 for 1)
               placing substr('89ab', (('x' || substr(h.md5, 17, 1))::bit(4)::int & 3) + 1, 1) from 17 for 1)::uuid,
           'initiativeId', c.initiative_id, 'partnershipId', i.partnership_id, 'memberId', c.member_id, 'role', 'seat',
           'startsOn', (c.joined_at AT TIME ZONE 'UTC')::date, 'endsOn', NULL, 'lastDay', NULL,
           'at', to_char(c.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM committee_member c JOIN initiative i ON i.id = c.initiative_id
     CROSS JOIN LATERAL (SELECT md5('seat:' || c.initiative_id || ':' || c.member_id) AS md5) h;

INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', t.initiative_id::text, 'committee.role-changed.v1', '/commonground/initiative-service',
       t.initiative_id::text, now(), 'urn:commonground:schema:committee.role-changed.v1',
       jsonb_build_object('roleId', t.id, 'initiativeId', t.initiative_id, 'partnershipId', i.partnership_id, 'memberId', t.member_id,
           'role', 'lead', 'startsOn', t.starts_on, 'endsOn', t.ends_on,
           'lastDay', CASE WHEN t.ended_on IS NOT NULL AND t.ended_on < t.ends_on THEN t.ended_on END,
           'at', to_char(t.assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM committee_lead_term t JOIN initiative i ON i.id = t.initiative_id;

-- a milestone's earlier progress was not kept: its history in reporting starts with this announcement
INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
SELECT gen_random_uuid(), 'initiatives', m.initiative_id::text, 'initiative.milestone-changed.v1', '/commonground/initiative-service',
       m.initiative_id::text, now(), 'urn:commonground:schema:initiative.milestone-changed.v1',
       jsonb_build_object('milestoneId', m.id, 'initiativeId', m.initiative_id, 'partnershipId', i.partnership_id, 'title', m.title,
           'weight', m.weight, 'progress', m.progress, 'dueOn', m.due_on, 'doneOn', m.done_on,
           'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
FROM milestone m JOIN initiative i ON i.id = m.initiative_id;
