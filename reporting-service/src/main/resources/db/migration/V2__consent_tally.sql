-- Each member's latest decision per purpose and scope, as the consents topic told it. Only ids: no personal data.
CREATE TABLE consent_state (
    member_id  uuid        NOT NULL,
    purpose    varchar(40) NOT NULL,
    scope_key  varchar(36) NOT NULL,
    granted    boolean     NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (member_id, purpose, scope_key)
);
CREATE INDEX consent_state_granted ON consent_state (purpose) WHERE granted;

INSERT INTO read_model (name, description) VALUES
  ('consents', 'How many members granted each consent purpose (public)');
