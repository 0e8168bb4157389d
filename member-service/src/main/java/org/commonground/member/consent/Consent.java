package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A member's current decision on one purpose, for all partnerships or for one. */
@Entity
@Table(name = "member_consent")
public class Consent extends PanacheEntityBase {

    /** The scope key of a consent that holds for every partnership. */
    static final String EVERY_PARTNERSHIP = "";

    @Id
    public UUID id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ConsentPurpose purpose;

    /** the partnership the consent is limited to, or null */
    @Column(updatable = false)
    public UUID scope;

    @Column(name = "scope_key", nullable = false, updatable = false)
    public String scopeKey;

    @Column(nullable = false)
    public boolean granted;

    @Column(name = "notice_version")
    public Integer noticeVersion;

    @Column(name = "notice_language")
    public String noticeLanguage;

    /** when a grant lapses unless renewed, or null: until withdrawn */
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** the last expiry reminder sent (30, then 7 days before), or null */
    @Column(name = "reminded_days")
    public Integer remindedDays;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Version
    public long version;

    /** Whether the consent allows its purpose at this moment: granted, and not past its expiry. */
    public boolean holds(Instant now) {
        return granted && (expiresAt == null || expiresAt.isAfter(now));
    }

    static Consent notGrantedYet(UUID memberId, ConsentPurpose purpose, UUID scope, Instant now) {
        Consent consent = new Consent();
        consent.id = UUID.randomUUID();
        consent.memberId = memberId;
        consent.purpose = purpose;
        consent.scope = scope;
        consent.scopeKey = scope == null ? EVERY_PARTNERSHIP : scope.toString();
        consent.granted = false;
        consent.changedAt = now;
        return consent;
    }
}
