-- What reporting knows, learned only from the event streams: facts about partnerships, members, initiatives,
-- participation, feedback, contributions, escalations and allocations. Names only where consent allows them.

CREATE TABLE partnership_fact (
    id           uuid         PRIMARY KEY,
    name         varchar(120) NOT NULL,
    partner_name varchar(120) NOT NULL,
    published_at timestamptz  NOT NULL
);

-- display_name only while the member allows public recognition; erased members keep their row (their counts stay
-- in aggregates) without a name
CREATE TABLE member_fact (
    member_id    uuid        PRIMARY KEY,
    joined_at    timestamptz,
    display_name varchar(80),
    erased_at    timestamptz
);
CREATE TABLE member_group (
    member_id uuid NOT NULL,
    group_id  uuid NOT NULL,
    PRIMARY KEY (member_id, group_id)
);
CREATE INDEX member_group_group ON member_group (group_id);

CREATE TABLE initiative_fact (
    id             uuid         PRIMARY KEY,
    partnership_id uuid         NOT NULL,
    title          varchar(200) NOT NULL,
    kind           varchar(16)  NOT NULL,
    proposed_at    timestamptz  NOT NULL
);
CREATE INDEX initiative_fact_partnership ON initiative_fact (partnership_id);
CREATE TABLE stage_change (
    initiative_id  uuid        NOT NULL,
    partnership_id uuid        NOT NULL,
    from_stage     varchar(16) NOT NULL,
    to_stage       varchar(16) NOT NULL,
    at             timestamptz NOT NULL,
    PRIMARY KEY (initiative_id, at, to_stage)
);

CREATE TABLE participation_fact (
    initiative_id  uuid        NOT NULL,
    partnership_id uuid        NOT NULL,
    member_id      uuid        NOT NULL,
    joined_at      timestamptz NOT NULL,
    left_at        timestamptz,
    PRIMARY KEY (initiative_id, member_id)
);
CREATE INDEX participation_fact_partnership ON participation_fact (partnership_id);

-- feedback is anonymous on the stream (no member id)
CREATE TABLE feedback_fact (
    id             varchar(64) PRIMARY KEY,
    initiative_id  uuid        NOT NULL,
    partnership_id uuid        NOT NULL,
    satisfaction   integer     NOT NULL,
    fairness       integer     NOT NULL,
    at             timestamptz NOT NULL
);
CREATE INDEX feedback_fact_partnership ON feedback_fact (partnership_id, at);

CREATE TABLE contribution_fact (
    id             uuid         PRIMARY KEY,
    member_id      uuid         NOT NULL,
    partnership_id uuid         NOT NULL,
    initiative_id  uuid         NOT NULL,
    type           varchar(32),
    hours          numeric(5,2),
    impact         varchar(8),
    occurred_on    date,
    status         varchar(16)  NOT NULL,
    changed_at     timestamptz  NOT NULL
);
CREATE INDEX contribution_fact_partnership ON contribution_fact (partnership_id, occurred_on);

CREATE TABLE escalation_fact (
    id             uuid        PRIMARY KEY,
    initiative_id  uuid        NOT NULL,
    partnership_id uuid        NOT NULL,
    opened_at      timestamptz,
    decide_by      timestamptz,
    resolved_at    timestamptz
);

CREATE TABLE allocation_fact (
    pool_id        uuid          NOT NULL,
    member_id      uuid          NOT NULL,
    partnership_id uuid          NOT NULL,
    points         numeric(40,12) NOT NULL,
    amount         numeric(15,3) NOT NULL,
    currency       varchar(3)    NOT NULL,
    format         varchar(32)   NOT NULL,
    held           boolean       NOT NULL,
    policy_version integer       NOT NULL,
    at             timestamptz   NOT NULL,
    PRIMARY KEY (pool_id, member_id)
);
CREATE INDEX allocation_fact_partnership ON allocation_fact (partnership_id, at);

-- how fresh each stream is in reporting: the views say the time of the newest event they rest on
INSERT INTO read_model (name, description) VALUES
  ('members', 'Members, their affinity groups and consented public names'),
  ('initiatives', 'Partnerships, initiatives and their stages, participation, feedback, escalations'),
  ('contributions', 'Contributions and their verification'),
  ('benefits', 'Published allocations');
