package org.commonground.initiative.partnership;

import java.time.Instant;
import java.util.UUID;

/** The public face of a partnership: why it exists and what each side brings. */
public record PartnershipView(UUID id, String name, String partnerName, String purpose, String memberNeeds,
        String partnerContributes, String communityContributes, String partnerOrganization, Instant createdAt) {

    public static PartnershipView of(Partnership p) {
        return new PartnershipView(p.id, p.name, p.partnerName, p.purpose, p.memberNeeds, p.partnerContributes,
                p.communityContributes, p.partnerOrganization, p.createdAt);
    }
}
