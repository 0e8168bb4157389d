package org.commonground.reporting.freshness;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/** A view reporting derives from the event streams, with how far it has come. */
@Entity
@Table(name = "read_model")
public class ReadModel extends PanacheEntityBase {

    @Id
    public String name;

    @Column(nullable = false)
    public String description;

    @Column(name = "events_applied", nullable = false)
    public long eventsApplied;

    @Column(name = "last_event_at")
    public Instant lastEventAt;

    @Column(name = "rebuilt_at")
    public Instant rebuiltAt;

    /** Counts one more event applied to a read model, in the applying transaction. */
    public static Uni<Void> applied(String name, Instant eventTime) {
        return update("eventsApplied = eventsApplied + 1,"
                + " lastEventAt = case when lastEventAt is null or lastEventAt < ?2 then ?2 else lastEventAt end"
                + " where name = ?1", name, eventTime).replaceWithVoid();
    }
}
