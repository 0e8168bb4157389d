-- What a transparency report needs beyond the scorecard: funding, the budget, and the decisions log.
CREATE TABLE funding_fact (
    partnership_id uuid          NOT NULL,
    version        integer       NOT NULL,
    amount         numeric(15,3) NOT NULL,
    currency       varchar(3)    NOT NULL,
    source         varchar(200)  NOT NULL,
    at             timestamptz   NOT NULL,
    PRIMARY KEY (partnership_id, version)
);
CREATE TABLE budget_line_fact (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL,
    category       varchar(120)  NOT NULL,
    planned        numeric(15,3) NOT NULL,
    currency       varchar(3)    NOT NULL,
    at             timestamptz   NOT NULL
);
CREATE TABLE budget_spent_fact (
    id             uuid          PRIMARY KEY,
    line_id        uuid          NOT NULL,
    partnership_id uuid          NOT NULL,
    amount         numeric(15,3) NOT NULL,
    currency       varchar(3)    NOT NULL,
    spent_on       date          NOT NULL
);
CREATE TABLE decision_fact (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL,
    initiative_id  uuid,
    kind           varchar(32)   NOT NULL,
    summary        varchar(500)  NOT NULL,
    rationale      text,
    at             timestamptz   NOT NULL
);
CREATE INDEX decision_fact_partnership ON decision_fact (partnership_id, at);
