-- A co-design committee's lead, for a term: the same rotation rule as affinity groups' leads.
CREATE TABLE committee_lead_term (
    id            uuid        PRIMARY KEY,
    initiative_id uuid        NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    member_id     uuid        NOT NULL,
    starts_on     date        NOT NULL,
    ends_on       date        NOT NULL,
    ended_on      date,
    ended_reason  varchar(20),
    assigned_at   timestamptz NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX committee_lead_term_initiative ON committee_lead_term (initiative_id, starts_on);
