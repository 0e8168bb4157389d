-- Partner purposes lapse after at most 12 months (impact stories 24): grants made before expiry existed get the
-- same limit, counted from when they were given.
UPDATE member_consent SET expires_at = changed_at + interval '12 months'
 WHERE granted AND expires_at IS NULL AND purpose IN ('PARTNER_PROFILE_SHARING', 'PARTNER_CONTACT');
UPDATE member_consent SET expires_at = changed_at + interval '24 months'
 WHERE granted AND expires_at IS NULL AND purpose = 'IMPACT_STORIES';
