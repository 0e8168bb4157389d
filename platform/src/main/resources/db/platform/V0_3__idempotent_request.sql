-- Creating requests sent with an Idempotency-Key: the first response is kept, so a retry (a mobile client on a bad
-- connection) gets it again instead of creating a second thing. Keys belong to the caller who sent them.
CREATE TABLE idempotent_request (
    subject      varchar(255) NOT NULL,
    key          varchar(100) NOT NULL,
    operation    varchar(200) NOT NULL,
    fingerprint  varchar(64)  NOT NULL,
    status       integer,
    location     varchar(500),
    etag         varchar(100),
    body         text,
    created_at   timestamptz  NOT NULL,
    PRIMARY KEY (subject, key)
);
CREATE INDEX idempotent_request_age ON idempotent_request (created_at);
