-- What each side brings and why: the shared purpose is not enough on its own. Older rows may lack them.
ALTER TABLE partnership
    ADD COLUMN member_needs          varchar(2000),
    ADD COLUMN partner_contributes   varchar(2000),
    ADD COLUMN community_contributes varchar(2000),
    ADD COLUMN partner_organization  varchar(40);
CREATE INDEX partnership_partner_organization ON partnership (partner_organization);

-- Who stewards a partnership (subjects of the identity provider, with the name they acted under).
CREATE TABLE partnership_steward (
    partnership_id uuid         NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    subject        varchar(255) NOT NULL,
    name           varchar(120) NOT NULL,
    added_at       timestamptz  NOT NULL,
    PRIMARY KEY (partnership_id, subject)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

-- Guidelines: a living document, one immutable row per version.
CREATE TABLE guideline_version (
    partnership_id     uuid          NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    version            integer       NOT NULL CHECK (version >= 1),
    funding_amount     numeric(14,2) NOT NULL CHECK (funding_amount >= 0),
    funding_currency   varchar(3)    NOT NULL,
    funding_source     varchar(200)  NOT NULL,
    funding_conditions varchar(2000) NOT NULL,
    decision_rights    varchar(20000) NOT NULL,
    reporting_cadence  varchar(20)   NOT NULL,
    reported           varchar(2000) NOT NULL,
    change_note        varchar(1000) NOT NULL,
    author_subject     varchar(255)  NOT NULL,
    author_name        varchar(120)  NOT NULL,
    published_at       timestamptz   NOT NULL,
    PRIMARY KEY (partnership_id, version)
);
CREATE TRIGGER guideline_version_append_only BEFORE UPDATE OR DELETE ON guideline_version
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE guideline_comment (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    version        integer       NOT NULL,
    author_subject varchar(255)  NOT NULL,
    text           varchar(2000) NOT NULL,
    created_at     timestamptz   NOT NULL
);
CREATE INDEX guideline_comment_partnership ON guideline_comment (partnership_id, created_at DESC, id DESC);

-- Conflict-of-interest disclosures: public, kept.
CREATE TABLE disclosure (
    id                uuid          PRIMARY KEY,
    partnership_id    uuid          NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    discloser_subject varchar(255)  NOT NULL,
    discloser_name    varchar(120)  NOT NULL,
    discloser_role    varchar(20)   NOT NULL,
    interest          varchar(1000) NOT NULL,
    since             date          NOT NULL,
    disclosed_at      timestamptz   NOT NULL
);
CREATE INDEX disclosure_partnership ON disclosure (partnership_id, disclosed_at);

-- The budget: planned lines, and what was spent against each.
CREATE TABLE budget_line (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    category       varchar(80)   NOT NULL,
    description    varchar(500)  NOT NULL,
    planned        numeric(14,2) NOT NULL CHECK (planned >= 0),
    currency       varchar(3)    NOT NULL,
    created_at     timestamptz   NOT NULL
);
CREATE INDEX budget_line_partnership ON budget_line (partnership_id, created_at);

CREATE TABLE budget_actual (
    id          uuid          PRIMARY KEY,
    line_id     uuid          NOT NULL REFERENCES budget_line (id) ON DELETE CASCADE,
    amount      numeric(14,2) NOT NULL CHECK (amount > 0),
    spent_on    date          NOT NULL,
    note        varchar(500)  NOT NULL,
    recorded_by varchar(255)  NOT NULL,
    recorded_at timestamptz   NOT NULL
);
CREATE INDEX budget_actual_line ON budget_actual (line_id, spent_on);

-- The decisions log: every decision with its rationale, who made it and when; append-only.
CREATE TABLE decision (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    initiative_id  uuid,
    kind           varchar(30)   NOT NULL,
    summary        varchar(500)  NOT NULL,
    rationale      varchar(4000) NOT NULL,
    author_subject varchar(255)  NOT NULL,
    author_name    varchar(120)  NOT NULL,
    decided_at     timestamptz   NOT NULL,
    review_on      date
);
CREATE INDEX decision_partnership ON decision (partnership_id, decided_at, id);
CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON decision
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
