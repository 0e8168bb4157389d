-- A member's current decision per purpose and scope ('' = every partnership). Every purpose starts not granted:
-- a missing row means not granted.
CREATE TABLE member_consent (
    id             uuid         PRIMARY KEY,
    member_id      uuid         NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    purpose        varchar(40)  NOT NULL,
    scope          uuid,
    scope_key      varchar(36)  NOT NULL,
    granted        boolean      NOT NULL,
    notice_version integer,
    changed_at     timestamptz  NOT NULL,
    version        bigint       NOT NULL DEFAULT 0,
    UNIQUE (member_id, purpose, scope_key)
);

-- Every grant and withdrawal, append-only.
CREATE TABLE consent_history (
    id             uuid         PRIMARY KEY,
    member_id      uuid         NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    purpose        varchar(40)  NOT NULL,
    scope          uuid,
    granted        boolean      NOT NULL,
    notice_version integer,
    changed_at     timestamptz  NOT NULL
);
CREATE INDEX consent_history_member ON consent_history (member_id, changed_at);
CREATE FUNCTION consent_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent history is append-only';
END
$$;
CREATE TRIGGER consent_history_append_only BEFORE UPDATE ON consent_history
    FOR EACH ROW EXECUTE FUNCTION consent_history_is_append_only();
