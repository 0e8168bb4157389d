-- What benefit-service knows of the rest of the suite, learned from events.

-- Partnerships (partnership.published.v1) and who acts for them (partnership.stewards-changed.v1).
CREATE TABLE partnership (
    id                   uuid         PRIMARY KEY,
    name                 varchar(120) NOT NULL,
    partner_name         varchar(120) NOT NULL,
    partner_organization varchar(64),
    published_at         timestamptz  NOT NULL
);
CREATE TABLE partnership_steward (
    partnership_id uuid         NOT NULL,
    subject        varchar(255) NOT NULL,
    PRIMARY KEY (partnership_id, subject)
);
CREATE INDEX partnership_steward_subject ON partnership_steward (subject);

-- Members as the ledger knows them: a stable pseudonym (the ledger's name for them, random, never derived from the
-- member id), their identity (to answer their own requests) and a display name only while public-recognition holds.
CREATE TABLE ledger_member (
    member_id    uuid         PRIMARY KEY,
    pseudonym    varchar(20)  NOT NULL UNIQUE,
    subject      varchar(255),
    joined_at    timestamptz,
    display_name varchar(80),
    erased_at    timestamptz
);
CREATE INDEX ledger_member_subject ON ledger_member (subject) WHERE subject IS NOT NULL;

-- Benefit policies: versioned per partnership; a published version never changes.
CREATE TABLE benefit_policy (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL REFERENCES partnership (id),
    version        integer       NOT NULL CHECK (version >= 1),
    status         varchar(16)   NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
    weights        varchar(1000) NOT NULL,
    multiplier_low    numeric(6,2) NOT NULL CHECK (multiplier_low >= 0),
    multiplier_medium numeric(6,2) NOT NULL CHECK (multiplier_medium >= 0),
    multiplier_high   numeric(6,2) NOT NULL CHECK (multiplier_high >= 0),
    cap_share      numeric(7,6)  CHECK (cap_share > 0 AND cap_share <= 1),
    floor_share    numeric(7,6)  CHECK (floor_share >= 0 AND floor_share <= 1),
    recent_decay   numeric(5,4)  NOT NULL CHECK (recent_decay > 0 AND recent_decay <= 1),
    formats        varchar(100)  NOT NULL,
    review_on      date          NOT NULL,
    change_note    varchar(2000),
    created_by     varchar(255)  NOT NULL,
    created_at     timestamptz   NOT NULL,
    published_by   varchar(255),
    published_at   timestamptz,
    revision       bigint        NOT NULL DEFAULT 0,
    UNIQUE (partnership_id, version),
    CHECK (cap_share IS NULL OR floor_share IS NULL OR floor_share <= cap_share)
);
-- at most one draft per partnership
CREATE UNIQUE INDEX benefit_policy_one_draft ON benefit_policy (partnership_id) WHERE status = 'DRAFT';

-- Verified contributions as the ledger credits them; a contribution is credited once and reversed at most once.
CREATE TABLE credited_contribution (
    contribution_id uuid         PRIMARY KEY,
    member_id       uuid         NOT NULL,
    partnership_id  uuid         NOT NULL,
    initiative_id   uuid,
    type            varchar(32),
    hours           numeric(5,2),
    impact          varchar(8),
    occurred_on     date,
    verified_at     timestamptz,
    revoked_at      timestamptz,
    policy_id       uuid,
    policy_version  integer,
    points          numeric(24,6)
);
CREATE INDEX credited_contribution_pending ON credited_contribution (partnership_id)
    WHERE points IS NULL AND revoked_at IS NULL AND verified_at IS NOT NULL;
CREATE INDEX credited_contribution_member ON credited_contribution (member_id, partnership_id, occurred_on);

-- The ledger: append-only, double entry, hash-chained per partnership. Each movement is two entries (legs) that
-- net to zero in their unit (POINTS or a currency). hash = sha256(canonical text of the entry, previous_hash).
CREATE TABLE ledger_entry (
    partnership_id uuid          NOT NULL,
    seq            bigint        NOT NULL CHECK (seq >= 1),
    movement_id    uuid          NOT NULL,
    kind           varchar(32)   NOT NULL,
    account        varchar(80)   NOT NULL,
    unit           varchar(8)    NOT NULL,
    amount         numeric(24,6) NOT NULL,
    contribution_id uuid,
    pool_id        uuid,
    allocation_id  uuid,
    policy_version integer,
    occurred_on    date,
    recorded_at    timestamptz   NOT NULL,
    previous_hash  char(64)      NOT NULL,
    hash           char(64)      NOT NULL,
    PRIMARY KEY (partnership_id, seq)
);
CREATE INDEX ledger_entry_account ON ledger_entry (partnership_id, account, unit);
-- the head of each chain, locked by whoever appends; verification checks the chain ends here
CREATE TABLE ledger_head (
    partnership_id uuid     PRIMARY KEY,
    seq            bigint   NOT NULL,
    hash           char(64) NOT NULL
);

-- Pools of value a partner (or steward) puts up for a partnership, shared by a named method.
CREATE TABLE pool (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL REFERENCES partnership (id),
    name           varchar(120)  NOT NULL,
    amount         numeric(15,3) NOT NULL CHECK (amount > 0),
    currency       varchar(3)    NOT NULL,
    format         varchar(32)   NOT NULL,
    period_from    date          NOT NULL,
    period_to      date          NOT NULL,
    method         varchar(16)   NOT NULL CHECK (method IN ('PROPORTIONAL', 'BALANCED', 'RECENT')),
    created_by     varchar(255)  NOT NULL,
    created_at     timestamptz   NOT NULL,
    CHECK (period_from <= period_to)
);
CREATE INDEX pool_partnership ON pool (partnership_id, created_at);

-- Allocations: a draft computed by one person, published (immutable) by another.
CREATE TABLE allocation (
    id             uuid          PRIMARY KEY,
    pool_id        uuid          NOT NULL REFERENCES pool (id),
    status         varchar(16)   NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'DISCARDED')),
    policy_id      uuid          NOT NULL REFERENCES benefit_policy (id),
    policy_version integer       NOT NULL,
    ledger_seq     bigint        NOT NULL,
    total_weight   numeric(60,12) NOT NULL,
    floor_amount   numeric(15,3),
    cap_amount     numeric(15,3),
    unallocated    numeric(15,3) NOT NULL,
    computed_by    varchar(255)  NOT NULL,
    computed_at    timestamptz   NOT NULL,
    published_by   varchar(255),
    published_at   timestamptz
);
CREATE UNIQUE INDEX allocation_one_published ON allocation (pool_id) WHERE status = 'PUBLISHED';
CREATE UNIQUE INDEX allocation_one_draft ON allocation (pool_id) WHERE status = 'DRAFT';

CREATE TABLE allocation_line (
    allocation_id  uuid          NOT NULL REFERENCES allocation (id),
    pseudonym      varchar(20)   NOT NULL,
    member_id      uuid,
    period_points  numeric(24,6) NOT NULL,
    lifetime_points numeric(24,6) NOT NULL,
    recent_points  numeric(40,12),
    paid_before    numeric(15,3),
    target         numeric(24,6),
    weight         numeric(60,12) NOT NULL,
    exact_amount   numeric(30,12) NOT NULL,
    amount         numeric(15,3) NOT NULL,
    bound          varchar(16)   NOT NULL,
    status         varchar(16)   NOT NULL CHECK (status IN ('DRAFT', 'PAID', 'HELD', 'RELEASED')),
    released_at    timestamptz,
    PRIMARY KEY (allocation_id, pseudonym)
);
CREATE INDEX allocation_line_member ON allocation_line (member_id) WHERE member_id IS NOT NULL;

-- A member's reward formats, in order of preference; no row means they accept every format.
DROP TABLE reward_preference;
CREATE TABLE reward_preference (
    member_id  uuid         PRIMARY KEY,
    accepts    varchar(100) NOT NULL,
    updated_at timestamptz  NOT NULL,
    version    bigint       NOT NULL DEFAULT 0
);
