-- The calendar: activities, meetings and deadlines, each with a responsible member or group. Public.
CREATE TABLE calendar_entry (
    id                   uuid          PRIMARY KEY,
    partnership_id       uuid          NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    initiative_id        uuid          REFERENCES initiative (id) ON DELETE CASCADE,
    kind                 varchar(10)   NOT NULL,
    title                varchar(200)  NOT NULL,
    description          varchar(2000),
    location             varchar(200),
    starts_at            timestamptz   NOT NULL,
    ends_at              timestamptz   NOT NULL,
    responsible_member   uuid,
    responsible_group    uuid,
    created_at           timestamptz   NOT NULL,
    CHECK (ends_at >= starts_at),
    CHECK (responsible_member IS NOT NULL OR responsible_group IS NOT NULL)
);
CREATE INDEX calendar_entry_start ON calendar_entry (starts_at, id);

-- Escalations: a participant raises a conflict or concern; the stewards acknowledge and resolve it in time.
CREATE TABLE escalation (
    id              uuid          PRIMARY KEY,
    initiative_id   uuid          NOT NULL REFERENCES initiative (id),
    partnership_id  uuid          NOT NULL,
    raised_by       uuid          NOT NULL,
    kind            varchar(10)   NOT NULL,
    summary         varchar(200)  NOT NULL,
    description     varchar(4000) NOT NULL,
    opened_at       timestamptz   NOT NULL,
    acknowledge_by  timestamptz   NOT NULL,
    resolve_by      timestamptz   NOT NULL,
    acknowledged_at timestamptz,
    resolved_at     timestamptz,
    resolution      varchar(4000),
    overdue_since   timestamptz,
    version         bigint        NOT NULL DEFAULT 0
);
CREATE INDEX escalation_open ON escalation (resolve_by) WHERE resolved_at IS NULL;
CREATE INDEX escalation_partnership ON escalation (partnership_id, opened_at);

-- Each step an escalation took (acknowledged, overdue and escalated, resolved): its record.
CREATE TABLE escalation_step (
    id            uuid          PRIMARY KEY,
    escalation_id uuid          NOT NULL REFERENCES escalation (id) ON DELETE CASCADE,
    step          varchar(20)   NOT NULL,
    note          varchar(4000),
    by_subject    varchar(255),
    at            timestamptz   NOT NULL
);
CREATE INDEX escalation_step_escalation ON escalation_step (escalation_id, at);

-- What members allowed, as member-service announces it: the partner views of later issues read it.
CREATE TABLE consent_state (
    member_id  uuid        NOT NULL,
    purpose    varchar(40) NOT NULL,
    scope_key  varchar(36) NOT NULL,
    granted    boolean     NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (member_id, purpose, scope_key)
);
