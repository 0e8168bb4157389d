-- Members' showcases while they are public (showcase.published.v1 / .unpublished.v1) and lessons learned
-- (lesson.recorded.v1), for the transparency report.

CREATE TABLE showcase_fact (
    showcase_id    uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL,
    initiative_id  uuid          NOT NULL,
    title          varchar(120),
    -- [{memberId, displayName}]: the author first, then the co-authors who accepted; emptied when it is unpublished
    authors        jsonb         NOT NULL,
    published_at   timestamptz   NOT NULL,
    public         boolean       NOT NULL,
    at             timestamptz   NOT NULL
);
CREATE INDEX showcase_fact_partnership ON showcase_fact (partnership_id, published_at);

CREATE TABLE lesson_fact (
    id             uuid          PRIMARY KEY,
    partnership_id uuid          NOT NULL,
    initiative_id  uuid          NOT NULL,
    kind           varchar(10)   NOT NULL,
    stage          varchar(20)   NOT NULL,
    what_worked    varchar(4000) NOT NULL,
    what_did_not   varchar(4000) NOT NULL,
    do_differently varchar(4000) NOT NULL,
    for_whom       varchar(500)  NOT NULL,
    at             timestamptz   NOT NULL
);
CREATE INDEX lesson_fact_partnership ON lesson_fact (partnership_id, at);
