-- Showcases: a member's account of their work in an initiative, public only while its author and every co-author
-- who accepted allow impact-stories; co-authors named only once they accept; partners' requests to feature one.

CREATE TABLE showcase (
    id                uuid          PRIMARY KEY,
    initiative_id     uuid          NOT NULL REFERENCES initiative (id),
    partnership_id    uuid          NOT NULL,
    author_member     uuid          NOT NULL,
    author_name       varchar(80)   NOT NULL,
    title             varchar(120)  NOT NULL,
    story             varchar(5000) NOT NULL,
    links             text[]        NOT NULL DEFAULT '{}',
    created_at        timestamptz   NOT NULL,
    -- the author took it down (for good; consent withdrawn only hides it until consent is given again)
    withdrawn_at      timestamptz,
    -- whether it was public when last looked at: a change is announced (showcase.published.v1 / .unpublished.v1);
    -- every read decides afresh with showcase_is_public, so a withdrawal hides it the moment it is known here
    public_now        boolean       NOT NULL DEFAULT false,
    public_changed_at timestamptz,
    search            tsvector      GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', story), 'B')) STORED
);
CREATE INDEX showcase_initiative ON showcase (initiative_id, created_at, id);
CREATE INDEX showcase_partnership ON showcase (partnership_id, created_at, id);
CREATE INDEX showcase_author ON showcase (author_member);
CREATE INDEX showcase_search ON showcase USING gin (search);

-- the contributions a showcase draws on (its author's or a co-author's, in its initiative)
CREATE TABLE showcase_contribution (
    showcase_id     uuid NOT NULL REFERENCES showcase (id) ON DELETE CASCADE,
    contribution_id uuid NOT NULL REFERENCES contribution (id) ON DELETE CASCADE,
    PRIMARY KEY (showcase_id, contribution_id)
);

CREATE TABLE showcase_coauthor (
    showcase_id  uuid        NOT NULL REFERENCES showcase (id) ON DELETE CASCADE,
    member_id    uuid        NOT NULL,
    status       varchar(10) NOT NULL CHECK (status IN ('INVITED', 'ACCEPTED', 'DECLINED')),
    -- the name they chose to appear under, given when they accept
    display_name varchar(80),
    invited_at   timestamptz NOT NULL,
    answered_at  timestamptz,
    PRIMARY KEY (showcase_id, member_id),
    CHECK ((status = 'ACCEPTED') = (display_name IS NOT NULL))
);
CREATE INDEX showcase_coauthor_member ON showcase_coauthor (member_id);

CREATE TABLE showcase_feature_request (
    id              uuid          PRIMARY KEY,
    showcase_id     uuid          NOT NULL REFERENCES showcase (id) ON DELETE CASCADE,
    organization    varchar(100)  NOT NULL,
    kind            varchar(20)   NOT NULL CHECK (kind IN ('CASE_STUDY', 'GUEST_OPPORTUNITY')),
    message         varchar(2000) NOT NULL,
    status          varchar(10)   NOT NULL CHECK (status IN ('REQUESTED', 'ACCEPTED', 'DECLINED')),
    requested_by    varchar(255)  NOT NULL,
    requested_at    timestamptz   NOT NULL,
    answered_at     timestamptz,
    -- an organization asks once for each kind of feature: a declined request is not repeated
    UNIQUE (showcase_id, organization, kind)
);
CREATE INDEX showcase_feature_request_organization ON showcase_feature_request (organization, requested_at, id);

-- Whether a member allows impact-stories (for everything, or for this partnership), now.
CREATE FUNCTION allows_impact_stories(member uuid, partnership uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM consent_state c WHERE c.member_id = member AND c.purpose = 'impact-stories'
                   AND c.scope_key IN ('', partnership::text) AND c.granted AND (c.expires_at IS NULL OR c.expires_at > now()))
$$;

-- Whether a showcase is public now: not taken down, its author and every co-author who accepted allow impact-stories.
CREATE FUNCTION showcase_is_public(showcase_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT s.withdrawn_at IS NULL AND allows_impact_stories(s.author_member, s.partnership_id)
           AND NOT EXISTS (SELECT 1 FROM showcase_coauthor a WHERE a.showcase_id = s.id AND a.status = 'ACCEPTED'
                           AND NOT allows_impact_stories(a.member_id, s.partnership_id))
    FROM showcase s WHERE s.id = showcase_id
$$;
