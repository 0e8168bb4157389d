-- The partnerships initiative-service has published, as member-service learns them from partnership.published.v1:
-- a consent can be limited only to one of these.
CREATE TABLE known_partnership (
    id           uuid         PRIMARY KEY,
    name         varchar(120) NOT NULL,
    partner_name varchar(120) NOT NULL,
    published_at timestamptz  NOT NULL
);
