package org.commonground.initiative.partnership;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A partnership of the community with a partner organization, around a shared purpose. */
@Entity
public class Partnership extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "partner_name", nullable = false)
    public String partnerName;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "member_needs")
    public String memberNeeds;

    @Column(name = "partner_contributes")
    public String partnerContributes;

    @Column(name = "community_contributes")
    public String communityContributes;

    /** the partner organization's id in the identity provider (its clients' partner_org claim) */
    @Column(name = "partner_organization")
    public String partnerOrganization;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Version
    public long version;

    /** The partnership, or a 404 problem. */
    public static io.smallrye.mutiny.Uni<Partnership> existing(UUID id) {
        return Partnership.<Partnership>findById(id).onItem().ifNull()
                .failWith(() -> org.commonground.platform.problem.ProblemException.notFound("No partnership " + id + "."));
    }

    static Partnership start(NewPartnership proposal, String createdBy, Instant now) {
        Partnership partnership = new Partnership();
        partnership.id = UUID.randomUUID();
        partnership.name = proposal.name().strip();
        partnership.partnerName = proposal.partnerName().strip();
        partnership.purpose = proposal.purpose().strip();
        partnership.memberNeeds = proposal.memberNeeds().strip();
        partnership.partnerContributes = proposal.partnerContributes().strip();
        partnership.communityContributes = proposal.communityContributes().strip();
        partnership.partnerOrganization = proposal.partnerOrganization();
        partnership.createdBy = createdBy;
        partnership.createdAt = now;
        return partnership;
    }
}
