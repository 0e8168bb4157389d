-- Approval votes. Eligible voters are fixed when the vote opens. A ballot is filed under a token derived from the
-- voter and the vote's own key, so a voter can change it until the vote closes; when it closes the tally is kept,
-- and the key and every ballot are deleted: nobody can ever tell afterwards who voted what.
CREATE TABLE vote (
    id             uuid          PRIMARY KEY,
    initiative_id  uuid          NOT NULL REFERENCES initiative (id),
    partnership_id uuid          NOT NULL,
    purpose        varchar(10)   NOT NULL,
    question       varchar(500)  NOT NULL,
    electorate     varchar(15)   NOT NULL,
    quorum         numeric(4,3)  NOT NULL CHECK (quorum >= 0 AND quorum <= 1),
    threshold      numeric(4,3)  NOT NULL CHECK (threshold > 0 AND threshold <= 1),
    opened_by      varchar(255)  NOT NULL,
    opened_at      timestamptz   NOT NULL,
    closes_at      timestamptz   NOT NULL,
    ballot_key     bytea,
    closed_at      timestamptz,
    eligible       integer       NOT NULL,
    yes            integer,
    no             integer,
    abstain        integer,
    passed         boolean,
    version        bigint        NOT NULL DEFAULT 0
);
CREATE INDEX vote_initiative ON vote (initiative_id, opened_at);
CREATE INDEX vote_open ON vote (closes_at) WHERE closed_at IS NULL;

CREATE TABLE vote_voter (
    vote_id   uuid NOT NULL REFERENCES vote (id) ON DELETE CASCADE,
    member_id uuid NOT NULL,
    PRIMARY KEY (vote_id, member_id)
);

CREATE TABLE vote_ballot (
    vote_id uuid        NOT NULL REFERENCES vote (id) ON DELETE CASCADE,
    token   varchar(64) NOT NULL,
    choice  varchar(10) NOT NULL,
    PRIMARY KEY (vote_id, token)
);

-- The quality of an initiative's work as its stewards rate it (1-5); the latest rating counts.
CREATE TABLE quality_rating (
    id            uuid          PRIMARY KEY,
    initiative_id uuid          NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
    score         numeric(3,2)  NOT NULL CHECK (score >= 1 AND score <= 5),
    note          varchar(1000) NOT NULL,
    rated_by      varchar(255)  NOT NULL,
    rated_at      timestamptz   NOT NULL
);
CREATE INDEX quality_rating_initiative ON quality_rating (initiative_id, rated_at DESC);
