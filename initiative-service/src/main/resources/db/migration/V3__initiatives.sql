-- Who a caller is in the community: member-service tells (member.joined.v1), and tells when they are erased.
CREATE TABLE member_link (
    member_id uuid         PRIMARY KEY,
    subject   varchar(255) UNIQUE,
    joined_at timestamptz  NOT NULL,
    erased_at timestamptz
);

-- Initiatives: programs and pilots inside a partnership, proposed by members.
CREATE TABLE initiative (
    id                    uuid          PRIMARY KEY,
    partnership_id        uuid          NOT NULL REFERENCES partnership (id),
    kind                  varchar(10)   NOT NULL,
    title                 varchar(120)  NOT NULL,
    problem               varchar(4000) NOT NULL,
    approach              varchar(4000) NOT NULL,
    affinity_group_id     uuid,
    proposed_by           uuid          NOT NULL,
    proposed_at           timestamptz   NOT NULL,
    stage                 varchar(20)   NOT NULL,
    paused_from           varchar(20),
    stage_changed_at      timestamptz   NOT NULL,
    plan_scope            varchar(4000),
    plan_timeline         varchar(2000),
    criteria_published_at timestamptz,
    version               bigint        NOT NULL DEFAULT 0
);
CREATE INDEX initiative_partnership ON initiative (partnership_id, proposed_at, id);
CREATE INDEX initiative_listing ON initiative (proposed_at, id);

CREATE TABLE committee_member (
    initiative_id uuid        NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    member_id     uuid        NOT NULL,
    joined_at     timestamptz NOT NULL,
    PRIMARY KEY (initiative_id, member_id)
);

-- Milestones: an initiative's progress is the weighted sum of its milestones' progress.
CREATE TABLE milestone (
    id            uuid         PRIMARY KEY,
    initiative_id uuid         NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    title         varchar(200) NOT NULL,
    due_on        date         NOT NULL,
    weight        integer      NOT NULL CHECK (weight BETWEEN 1 AND 100),
    progress      integer      NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    done_on       date,
    created_at    timestamptz  NOT NULL,
    version       bigint       NOT NULL DEFAULT 0
);
CREATE INDEX milestone_initiative ON milestone (initiative_id, due_on);

-- Progression criteria: what a pilot must reach to scale, published before it starts.
CREATE TABLE criterion (
    id            uuid          PRIMARY KEY,
    initiative_id uuid          NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    metric        varchar(30)   NOT NULL,
    threshold     numeric(8,3)  NOT NULL,
    description   varchar(500)  NOT NULL,
    UNIQUE (initiative_id, metric)
);
