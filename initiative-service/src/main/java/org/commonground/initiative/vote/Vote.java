package org.commonground.initiative.vote;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An approval vote on an initiative: a question, who may vote, the quorum and the pass threshold, a closing time. */
@Entity
public class Vote extends PanacheEntityBase {

    /** What the vote decides: whether a pilot scales, or anything else the stewards ask. */
    public enum Purpose {
        SCALE, OTHER
    }

    public enum Electorate {
        PARTICIPANTS, COMMITTEE
    }

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Purpose purpose;

    @Column(nullable = false, updatable = false)
    public String question;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Electorate electorate;

    @Column(nullable = false, updatable = false)
    public BigDecimal quorum;

    @Column(nullable = false, updatable = false)
    public BigDecimal threshold;

    @Column(name = "opened_by", nullable = false, updatable = false)
    public String openedBy;

    @Column(name = "opened_at", nullable = false, updatable = false)
    public Instant openedAt;

    @Column(name = "closes_at", nullable = false, updatable = false)
    public Instant closesAt;

    /** the key ballots are filed under while the vote is open; deleted when it closes */
    @Column(name = "ballot_key")
    public byte[] ballotKey;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(nullable = false, updatable = false)
    public int eligible;

    public Integer yes;

    public Integer no;

    public Integer abstain;

    public Boolean passed;

    @Version
    public long version;

    public boolean open() {
        return closedAt == null;
    }
}
