package org.commonground.initiative.disclosure;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A conflict-of-interest disclosure: who, which interest, since when. Public, kept. */
@Entity
@Table(name = "disclosure")
public class Disclosure extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Column(name = "discloser_subject", nullable = false, updatable = false)
    public String discloserSubject;

    @Column(name = "discloser_name", nullable = false, updatable = false)
    public String discloserName;

    /** steward, admin or partner */
    @Column(name = "discloser_role", nullable = false, updatable = false)
    public String discloserRole;

    @Column(nullable = false, updatable = false)
    public String interest;

    @Column(nullable = false, updatable = false)
    public LocalDate since;

    @Column(name = "disclosed_at", nullable = false, updatable = false)
    public Instant disclosedAt;
}
