package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The words of one purpose's notice, in one version and one language. Published once, never changed. */
@Entity
@Table(name = "consent_notice")
@IdClass(ConsentNotice.Key.class)
public class ConsentNotice extends PanacheEntityBase {

    /** The language every notice version has; others are translations of it. */
    public static final String DEFAULT_LANGUAGE = "en";

    @Id
    @Enumerated(EnumType.STRING)
    public ConsentPurpose purpose;

    @Id
    public int version;

    @Id
    public String language;

    @Column(nullable = false, updatable = false)
    public String title;

    @Column(nullable = false, updatable = false)
    public String text;

    @Column(name = "published_at", nullable = false, updatable = false)
    public Instant publishedAt;

    public static class Key implements Serializable {
        public ConsentPurpose purpose;
        public int version;
        public String language;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && purpose == k.purpose && version == k.version && Objects.equals(language, k.language);
        }

        @Override
        public int hashCode() {
            return Objects.hash(purpose, version, language);
        }
    }
}
