package org.commonground.initiative.guideline;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One version of a partnership's guidelines: funding, decision rights, accountability. Published once, never changed. */
@Entity
@Table(name = "guideline_version")
@IdClass(GuidelineVersion.Key.class)
public class GuidelineVersion extends PanacheEntityBase {

    @Id
    @Column(name = "partnership_id")
    public UUID partnershipId;

    @Id
    public int version;

    @Column(name = "funding_amount", nullable = false)
    public BigDecimal fundingAmount;

    @Column(name = "funding_currency", nullable = false)
    public String fundingCurrency;

    @Column(name = "funding_source", nullable = false)
    public String fundingSource;

    @Column(name = "funding_conditions", nullable = false)
    public String fundingConditions;

    /** who decides what, as a JSON array of {decision, decidedBy} */
    @Column(name = "decision_rights", nullable = false)
    public String decisionRights;

    @Column(name = "reporting_cadence", nullable = false)
    public String reportingCadence;

    @Column(nullable = false)
    public String reported;

    @Column(name = "change_note", nullable = false)
    public String changeNote;

    @Column(name = "author_subject", nullable = false)
    public String authorSubject;

    @Column(name = "author_name", nullable = false)
    public String authorName;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    public static class Key implements Serializable {
        public UUID partnershipId;
        public int version;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(partnershipId, k.partnershipId) && version == k.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(partnershipId, version);
        }
    }
}
