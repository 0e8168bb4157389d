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

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Version
    public long version;

    static Partnership start(NewPartnership proposal, String createdBy, Instant now) {
        Partnership partnership = new Partnership();
        partnership.id = UUID.randomUUID();
        partnership.name = proposal.name().strip();
        partnership.partnerName = proposal.partnerName().strip();
        partnership.purpose = proposal.purpose().strip();
        partnership.createdBy = createdBy;
        partnership.createdAt = now;
        return partnership;
    }
}
