-- Profiles: what a member tells the community about themselves. Erasure empties every personal field and unbinds
-- the subject (so the person may join again as someone new) but keeps the row: its id is the pseudonym that
-- ledgers elsewhere refer to.
ALTER TABLE member
    ALTER COLUMN subject DROP NOT NULL,
    ALTER COLUMN display_name DROP NOT NULL,
    ADD COLUMN pronouns      varchar(40),
    ADD COLUMN bio           varchar(1000),
    ADD COLUMN skills        text[]       NOT NULL DEFAULT '{}',
    ADD COLUMN languages     text[]       NOT NULL DEFAULT '{}',
    ADD COLUMN location_area varchar(80),
    ADD COLUMN contact_email varchar(254),
    ADD COLUMN updated_at    timestamptz,
    ADD COLUMN erased_at     timestamptz,
    ADD CONSTRAINT erased_members_hold_nothing CHECK (erased_at IS NULL OR (subject IS NULL AND display_name IS NULL
        AND pronouns IS NULL AND bio IS NULL AND skills = '{}' AND languages = '{}' AND location_area IS NULL
        AND contact_email IS NULL)),
    ADD CONSTRAINT members_have_a_name CHECK (erased_at IS NOT NULL OR display_name IS NOT NULL);
CREATE INDEX member_skills ON member USING gin (skills);

-- Consent notices: the words a member reads before deciding, per purpose, version and language. A version is
-- never edited; changing the words publishes the next version.
CREATE TABLE consent_notice (
    purpose      varchar(40)   NOT NULL,
    version      integer       NOT NULL CHECK (version >= 1),
    language     varchar(12)   NOT NULL,
    title        varchar(120)  NOT NULL,
    text         varchar(4000) NOT NULL,
    published_at timestamptz   NOT NULL,
    PRIMARY KEY (purpose, version, language)
);
CREATE FUNCTION consent_notice_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published consent notice never changes: publish the next version';
END
$$;
CREATE TRIGGER consent_notice_immutable BEFORE UPDATE OR DELETE ON consent_notice
    FOR EACH ROW EXECUTE FUNCTION consent_notice_is_immutable();

-- Consents may expire; reminders go out 30 and 7 days before, once each.
ALTER TABLE member_consent
    ADD COLUMN notice_language varchar(12),
    ADD COLUMN expires_at      timestamptz,
    ADD COLUMN reminded_days   integer;
CREATE INDEX member_consent_expiring ON member_consent (expires_at) WHERE granted AND expires_at IS NOT NULL;
ALTER TABLE consent_history
    ADD COLUMN notice_language varchar(12),
    ADD COLUMN expires_at      timestamptz,
    ADD COLUMN reason          varchar(20) NOT NULL DEFAULT 'member';

-- Affinity groups: members who share an identity or an interest, with stewards and rotating leads.
CREATE TABLE affinity_group (
    id                      uuid          PRIMARY KEY,
    name                    varchar(80)   NOT NULL,
    purpose                 varchar(1000) NOT NULL,
    visibility              varchar(20)   NOT NULL,
    max_consecutive_terms   integer       NOT NULL CHECK (max_consecutive_terms BETWEEN 1 AND 10),
    created_at              timestamptz   NOT NULL,
    version                 bigint        NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX affinity_group_name ON affinity_group (lower(name));

CREATE TABLE group_steward (
    group_id  uuid NOT NULL REFERENCES affinity_group (id) ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, member_id)
);

CREATE TABLE group_membership (
    group_id  uuid        NOT NULL REFERENCES affinity_group (id) ON DELETE CASCADE,
    member_id uuid        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_membership_member ON group_membership (member_id);

-- Leadership terms are history: a term is never deleted; ending one early records when and why.
CREATE TABLE leadership_term (
    id           uuid        PRIMARY KEY,
    group_id     uuid        NOT NULL REFERENCES affinity_group (id) ON DELETE CASCADE,
    member_id    uuid        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    starts_on    date        NOT NULL,
    ends_on      date        NOT NULL,
    ended_on     date,
    ended_reason varchar(20),
    assigned_at  timestamptz NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (ended_on IS NULL OR ended_on <= ends_on)
);
CREATE INDEX leadership_term_group ON leadership_term (group_id, starts_on);
CREATE INDEX leadership_term_open ON leadership_term (ends_on) WHERE ended_on IS NULL;

CREATE TABLE term_shadow (
    term_id   uuid        NOT NULL REFERENCES leadership_term (id) ON DELETE CASCADE,
    member_id uuid        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    named_at  timestamptz NOT NULL,
    PRIMARY KEY (term_id, member_id)
);

-- Who read a member's personal data, other than the member: the member sees every row.
CREATE TABLE access_log (
    id            uuid          PRIMARY KEY,
    member_id     uuid          NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    reader_subject varchar(255) NOT NULL,
    reader_roles  text[]        NOT NULL,
    client_id     varchar(255),
    endpoint      varchar(200)  NOT NULL,
    fields        text[]        NOT NULL,
    read_at       timestamptz   NOT NULL
);
CREATE INDEX access_log_member ON access_log (member_id, read_at DESC, id DESC);
