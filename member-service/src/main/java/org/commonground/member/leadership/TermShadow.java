package org.commonground.member.leadership;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A member who shadows a lead during a term, to learn the role and be ready to succeed. */
@Entity
@Table(name = "term_shadow")
@IdClass(TermShadow.Key.class)
public class TermShadow extends PanacheEntityBase {

    @Id
    @Column(name = "term_id")
    public UUID termId;

    @Id
    @Column(name = "member_id")
    public UUID memberId;

    @Column(name = "named_at", nullable = false, updatable = false)
    public Instant namedAt;

    public static class Key implements Serializable {
        public UUID termId;
        public UUID memberId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(termId, k.termId) && Objects.equals(memberId, k.memberId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(termId, memberId);
        }
    }
}
