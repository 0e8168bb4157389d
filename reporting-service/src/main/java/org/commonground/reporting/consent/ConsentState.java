package org.commonground.reporting.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A member's latest consent decision on one purpose and scope, as learnt from the consents topic. */
@Entity
@Table(name = "consent_state")
public class ConsentState extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "member_id") UUID memberId, String purpose,
            @Column(name = "scope_key") String scopeKey) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public boolean granted;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}
