package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One grant or withdrawal, kept forever (append-only): the member's consent history. */
@Entity
@Table(name = "consent_history")
public class ConsentChange extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ConsentPurpose purpose;

    @Column(updatable = false)
    public UUID scope;

    @Column(nullable = false, updatable = false)
    public boolean granted;

    @Column(name = "notice_version", updatable = false)
    public Integer noticeVersion;

    @Column(name = "notice_language", updatable = false)
    public String noticeLanguage;

    @Column(name = "expires_at", updatable = false)
    public Instant expiresAt;

    /** who or what made the change: the member, an expiry, an erasure */
    @Column(nullable = false, updatable = false)
    public String reason;

    @Column(name = "changed_at", nullable = false, updatable = false)
    public Instant changedAt;

    static ConsentChange of(Consent consent, ConsentEvents.Reason reason) {
        ConsentChange change = new ConsentChange();
        change.id = UUID.randomUUID();
        change.memberId = consent.memberId;
        change.purpose = consent.purpose;
        change.scope = consent.scope;
        change.granted = consent.granted;
        change.noticeVersion = consent.noticeVersion;
        change.noticeLanguage = consent.noticeLanguage;
        change.expiresAt = consent.expiresAt;
        change.reason = reason.slug();
        change.changedAt = consent.changedAt;
        return change;
    }
}
