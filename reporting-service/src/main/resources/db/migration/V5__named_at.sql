-- When a member's public name was published: a withdrawal older than it (a late event, a replay in another order)
-- does not clear a name given again since.
ALTER TABLE member_fact ADD COLUMN named_at timestamptz;
