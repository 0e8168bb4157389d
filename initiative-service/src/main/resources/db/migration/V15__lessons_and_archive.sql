-- Institutional memory: lessons learned, written by an initiative's committee (required before it moves to
-- EVALUATION, SCALED or RETIRED) and by any member, public and unsigned; and the full-text search of the archive.

CREATE TABLE lesson (
    id              uuid          PRIMARY KEY,
    initiative_id   uuid          NOT NULL REFERENCES initiative (id),
    partnership_id  uuid          NOT NULL,
    kind            varchar(10)   NOT NULL CHECK (kind IN ('COMMITTEE', 'MEMBER')),
    stage           varchar(20)   NOT NULL,
    what_worked     varchar(4000) NOT NULL,
    what_did_not    varchar(4000) NOT NULL,
    do_differently  varchar(4000) NOT NULL,
    for_whom        varchar(500)  NOT NULL,
    author_member   uuid          NOT NULL,
    created_at      timestamptz   NOT NULL,
    search          tsvector      GENERATED ALWAYS AS (
        setweight(to_tsvector('english', what_worked), 'A') || setweight(to_tsvector('english', what_did_not), 'A')
        || setweight(to_tsvector('english', do_differently), 'A') || setweight(to_tsvector('english', for_whom), 'B')) STORED
);
CREATE INDEX lesson_initiative ON lesson (initiative_id, created_at, id);
CREATE INDEX lesson_search ON lesson USING gin (search);
CREATE TRIGGER lesson_append_only BEFORE UPDATE OR DELETE ON lesson FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The archive searches these in English (stemmed: "repairs" finds "repair"), each through its own index.
CREATE INDEX decision_search ON decision USING gin (to_tsvector('english', summary || ' ' || rationale));
CREATE INDEX guideline_version_search ON guideline_version USING gin ((
    to_tsvector('english', funding_conditions || ' ' || reported || ' ' || change_note)
    || jsonb_to_tsvector('english', decision_rights::jsonb, '["string"]')));
CREATE INDEX escalation_outcome_search ON escalation USING gin (to_tsvector('english', coalesce(resolution, '')))
    WHERE resolution IS NOT NULL;
-- similar problems: a proposal is compared with the problems of retired initiatives
CREATE INDEX initiative_problem_search ON initiative USING gin (to_tsvector('english', title || ' ' || problem));
