-- The partner organization of each partnership (partnership.published.v1), so that a partner reads its own scorecard
-- through the partner API (initiative-service announces the partnerships again for those published before).
ALTER TABLE partnership_fact ADD COLUMN partner_organization varchar(100);
