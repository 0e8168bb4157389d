-- Roles members take (a group's lead or shadow, an initiative committee's seat or lead), for "members who took a new
-- role"; and milestones with the history of their progress, for "milestone progress". Both from events only.
CREATE TABLE role_fact (
    role_id        uuid        PRIMARY KEY,
    kind           varchar(20) NOT NULL,  -- group-lead, group-shadow, committee-seat, committee-lead
    member_id      uuid        NOT NULL,
    partnership_id uuid,                  -- a committee's partnership; null for an affinity group's roles
    starts_on      date        NOT NULL,
    last_day       date,                  -- set when a term ended early; before starts_on: cancelled, never served
    at             timestamptz NOT NULL   -- the newest event applied
);
CREATE INDEX role_fact_start ON role_fact (starts_on);
CREATE INDEX role_fact_member ON role_fact (member_id);

CREATE TABLE milestone_fact (
    id             uuid         PRIMARY KEY,
    initiative_id  uuid         NOT NULL,
    partnership_id uuid         NOT NULL,
    title          varchar(200) NOT NULL,
    weight         integer      NOT NULL,
    due_on         date         NOT NULL,
    done_on        date,
    at             timestamptz  NOT NULL
);
CREATE INDEX milestone_fact_partnership ON milestone_fact (partnership_id);

CREATE TABLE milestone_progress (
    milestone_id uuid        NOT NULL,
    at           timestamptz NOT NULL,
    progress     integer     NOT NULL,
    PRIMARY KEY (milestone_id, at)
);
