-- The mentorship and skill-sharing exchange: offers ("I can teach X") and requests ("I want to learn Y") in a shared
-- vocabulary of skills, matches that become mentorships when both sides accept, and the sessions held. Members are never
-- deleted (an erased member's row stays as a pseudonym): the cascades only let tests start from nobody.

CREATE TABLE skill (
    code  varchar(40) PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]*$'),
    label varchar(80) NOT NULL,
    area  varchar(40) NOT NULL
);
INSERT INTO skill (code, label, area) VALUES
    ('bike-repair', 'Bicycle repair', 'Making and mending'),
    ('carpentry', 'Carpentry', 'Making and mending'),
    ('electronics-repair', 'Electronics repair', 'Making and mending'),
    ('sewing', 'Sewing and mending clothes', 'Making and mending'),
    ('tool-sharpening', 'Sharpening tools', 'Making and mending'),
    ('gardening', 'Gardening', 'Food and growing'),
    ('cooking', 'Cooking on a budget', 'Food and growing'),
    ('food-preserving', 'Preserving food', 'Food and growing'),
    ('photography', 'Photography', 'Media and stories'),
    ('video-editing', 'Video editing', 'Media and stories'),
    ('filming', 'Filming', 'Media and stories'),
    ('writing', 'Writing', 'Media and stories'),
    ('social-media', 'Social media', 'Media and stories'),
    ('public-speaking', 'Public speaking', 'Working together'),
    ('facilitation', 'Facilitating meetings', 'Working together'),
    ('community-organizing', 'Community organizing', 'Working together'),
    ('conflict-resolution', 'Resolving conflicts', 'Working together'),
    ('event-planning', 'Planning events', 'Working together'),
    ('teaching', 'Teaching and explaining', 'Working together'),
    ('accounting', 'Bookkeeping and accounts', 'Money and organizing'),
    ('budgeting', 'Budgeting', 'Money and organizing'),
    ('fundraising', 'Fundraising', 'Money and organizing'),
    ('grant-writing', 'Writing grant applications', 'Money and organizing'),
    ('coding', 'Programming', 'Digital'),
    ('web-design', 'Web design', 'Digital'),
    ('spreadsheets', 'Spreadsheets', 'Digital'),
    ('digital-safety', 'Staying safe online', 'Digital'),
    ('first-aid', 'First aid', 'Care'),
    ('childcare', 'Childcare', 'Care'),
    ('job-applications', 'Job applications and interviews', 'Work');

-- An offer or a request: up to 5 skills, when the member is free, and how they like to learn or teach.
CREATE TABLE mentoring_listing (
    id           uuid          PRIMARY KEY,
    member_id    uuid          NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    kind         varchar(10)   NOT NULL CHECK (kind IN ('OFFER', 'REQUEST')),
    skills       varchar(40)[] NOT NULL CHECK (cardinality(skills) BETWEEN 1 AND 5),
    availability varchar(20)[] NOT NULL CHECK (cardinality(availability) BETWEEN 1 AND 4),
    formats      varchar(20)[] NOT NULL CHECK (cardinality(formats) BETWEEN 1 AND 3),
    -- an offer: how many mentorships (proposed or active) its member takes on at once
    capacity     smallint      NOT NULL DEFAULT 2 CHECK (capacity BETWEEN 1 AND 10),
    note         varchar(1000) NOT NULL DEFAULT '',
    status       varchar(10)   NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    created_at   timestamptz   NOT NULL,
    closed_at    timestamptz
);
CREATE INDEX mentoring_listing_member ON mentoring_listing (member_id, created_at);
CREATE INDEX mentoring_listing_open_skills ON mentoring_listing USING gin (skills) WHERE status = 'OPEN';

-- A request matched with an offer: proposed by the mentee, a mentorship once the mentor accepts too; either ends it
-- whenever they like, with no reason asked.
CREATE TABLE mentoring_match (
    id                 uuid          PRIMARY KEY,
    request_id         uuid          NOT NULL REFERENCES mentoring_listing (id) ON DELETE CASCADE,
    offer_id           uuid          NOT NULL REFERENCES mentoring_listing (id) ON DELETE CASCADE,
    mentee_member      uuid          NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    mentor_member      uuid          NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    skills             varchar(40)[] NOT NULL,
    status             varchar(10)   NOT NULL CHECK (status IN ('PROPOSED', 'ACTIVE', 'DECLINED', 'ENDED')),
    proposed_at        timestamptz   NOT NULL,
    started_at         timestamptz,
    ended_at           timestamptz,
    ended_by           varchar(10)   CHECK (ended_by IN ('MENTOR', 'MENTEE')),
    CHECK (mentee_member <> mentor_member)
);
-- one open match per request and offer
CREATE UNIQUE INDEX mentoring_match_open ON mentoring_match (request_id, offer_id) WHERE status IN ('PROPOSED', 'ACTIVE');
CREATE INDEX mentoring_match_mentor ON mentoring_match (mentor_member, proposed_at);
CREATE INDEX mentoring_match_mentee ON mentoring_match (mentee_member, proposed_at);

-- A session held in a mentorship, in one of the partnership initiatives the mentor takes part in: initiative-service
-- records it as the mentor's MENTORING contribution (same id), which stewards verify like any other.
CREATE TABLE mentoring_session (
    id            uuid          PRIMARY KEY,
    match_id      uuid          NOT NULL REFERENCES mentoring_match (id) ON DELETE CASCADE,
    initiative_id uuid          NOT NULL,
    held_on       date          NOT NULL,
    hours         numeric(4,2)  NOT NULL CHECK (hours > 0 AND hours <= 8),
    recorded_at   timestamptz   NOT NULL
);
CREATE INDEX mentoring_session_match ON mentoring_session (match_id, held_on);

-- The initiatives of the partnerships, as initiative-service announces them: a session names one of these.
CREATE TABLE known_initiative (
    id             uuid         PRIMARY KEY,
    partnership_id uuid         NOT NULL,
    title          varchar(200) NOT NULL,
    proposed_at    timestamptz  NOT NULL
);
