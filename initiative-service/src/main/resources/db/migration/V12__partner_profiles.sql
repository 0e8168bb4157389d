-- What members let partners see (member.partner-profile-published.v1), held only while they share it; which partner
-- may see it follows consent_state, read at every call. A consent's expiry is kept, so a lapsed one stops at once.
CREATE TABLE partner_profile (
    member_id     uuid          PRIMARY KEY,
    display_name  varchar(80)   NOT NULL,
    skills        text[]        NOT NULL,
    contact_email varchar(254),
    published_at  timestamptz   NOT NULL
);

ALTER TABLE consent_state ADD COLUMN expires_at timestamptz;
