package org.commonground.initiative.partnership;

import java.time.Instant;
import java.util.UUID;

/** The public face of a partnership. */
public record PartnershipView(UUID id, String name, String partnerName, String purpose, Instant createdAt) {

    static PartnershipView of(Partnership partnership) {
        return new PartnershipView(partnership.id, partnership.name, partnership.partnerName, partnership.purpose,
                partnership.createdAt);
    }
}
