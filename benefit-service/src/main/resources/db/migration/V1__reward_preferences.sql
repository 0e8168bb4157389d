-- How a member prefers to receive what they earn; one row per member, changed only by that member.
CREATE TABLE reward_preference (
    subject      varchar(255) PRIMARY KEY,
    format       varchar(32)  NOT NULL CHECK (format IN ('STIPEND', 'PROFESSIONAL_DEVELOPMENT', 'EXPOSURE')),
    updated_at   timestamptz  NOT NULL,
    version      bigint       NOT NULL DEFAULT 0
);
