package org.commonground.initiative.calendar;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Something on a partnership's calendar, with who is responsible for it. */
@Entity
@Table(name = "calendar_entry")
public class CalendarEntry extends PanacheEntityBase {

    public enum Kind {
        ACTIVITY, MEETING, DEADLINE
    }

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Column(name = "initiative_id", updatable = false)
    public UUID initiativeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(nullable = false)
    public String title;

    public String description;

    public String location;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "responsible_member")
    public UUID responsibleMember;

    @Column(name = "responsible_group")
    public UUID responsibleGroup;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
