-- A member of the community, bound once to the identity provider's subject (the token's sub).
CREATE TABLE member (
    id           uuid PRIMARY KEY,
    subject      varchar(255) NOT NULL UNIQUE,
    display_name varchar(80)  NOT NULL,
    joined_at    timestamptz  NOT NULL,
    version      bigint       NOT NULL DEFAULT 0
);
