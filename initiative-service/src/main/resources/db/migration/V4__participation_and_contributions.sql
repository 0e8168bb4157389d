-- Participation: a member opts into an initiative and out again; each stretch is a row.
CREATE TABLE participation (
    id            uuid        PRIMARY KEY,
    initiative_id uuid        NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    member_id     uuid        NOT NULL,
    joined_at     timestamptz NOT NULL,
    left_at       timestamptz
);
CREATE UNIQUE INDEX participation_current ON participation (initiative_id, member_id) WHERE left_at IS NULL;
CREATE INDEX participation_member ON participation (member_id);

-- Contributions: recorded by a participant, verified or rejected by a steward who is not them.
CREATE TABLE contribution (
    id             uuid          PRIMARY KEY,
    initiative_id  uuid          NOT NULL REFERENCES initiative (id),
    partnership_id uuid          NOT NULL,
    member_id      uuid          NOT NULL,
    type           varchar(30)   NOT NULL,
    description    varchar(2000) NOT NULL,
    hours          numeric(5,2)  NOT NULL CHECK (hours > 0 AND hours <= 24),
    occurred_on    date          NOT NULL,
    evidence       varchar(6000) NOT NULL,
    status         varchar(20)   NOT NULL,
    impact         varchar(10),
    note           varchar(2000),
    rejected_by    varchar(255),
    reason         varchar(2000),
    disputed       boolean       NOT NULL DEFAULT false,
    decided_by     varchar(255),
    recorded_at    timestamptz   NOT NULL,
    decided_at     timestamptz,
    version        bigint        NOT NULL DEFAULT 0
);
CREATE INDEX contribution_member_day ON contribution (member_id, occurred_on);
CREATE INDEX contribution_initiative ON contribution (initiative_id, recorded_at, id);

-- Feedback from participants: one per participant, initiative and month, changeable within it.
CREATE TABLE feedback (
    id            uuid          PRIMARY KEY,
    initiative_id uuid          NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    member_id     uuid          NOT NULL,
    period        varchar(7)    NOT NULL,
    satisfaction  integer       NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    fairness      integer       NOT NULL CHECK (fairness BETWEEN 1 AND 5),
    comment       varchar(2000),
    submitted_at  timestamptz   NOT NULL,
    UNIQUE (initiative_id, member_id, period)
);
