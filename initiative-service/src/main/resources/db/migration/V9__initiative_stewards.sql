-- Each initiative has its own stewards: at first the partnership's stewards when it was proposed, then whoever the
-- partnership's stewards name. They verify its contributions and answer its escalations; a steward of another
-- initiative cannot.
CREATE TABLE initiative_steward (
    initiative_id uuid         NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    subject       varchar(255) NOT NULL,
    name          varchar(120) NOT NULL,
    added_at      timestamptz  NOT NULL,
    PRIMARY KEY (initiative_id, subject)
);
INSERT INTO initiative_steward (initiative_id, subject, name, added_at)
    SELECT i.id, s.subject, s.name, now() FROM initiative i JOIN partnership_steward s ON s.partnership_id = i.partnership_id;
