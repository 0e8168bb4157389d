-- A partnership between the community and a partner organization, around a shared purpose. Public.
CREATE TABLE partnership (
    id                      uuid PRIMARY KEY,
    name                    varchar(120)  NOT NULL,
    partner_name            varchar(120)  NOT NULL,
    purpose                 varchar(4000) NOT NULL,
    created_by              varchar(255)  NOT NULL,
    created_at              timestamptz   NOT NULL,
    version                 bigint        NOT NULL DEFAULT 0
);
-- the public list pages by (created_at, id)
CREATE INDEX partnership_created ON partnership (created_at, id);
