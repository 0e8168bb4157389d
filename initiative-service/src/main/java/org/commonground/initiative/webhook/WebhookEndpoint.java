package org.commonground.initiative.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An endpoint a partner organization registered, the events it wants, and whether it still receives them. */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint extends PanacheEntityBase {

    public enum Status {
        ACTIVE, DISABLED
    }

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String organization;

    @Column(nullable = false)
    public String url;

    public String description;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types", nullable = false)
    public List<String> eventTypes = new ArrayList<>();

    /** null: every partnership of the organization, those to come included */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "partnership_ids")
    public List<UUID> partnershipIds;

    @Column(nullable = false)
    public String secret;

    @Column(name = "previous_secret")
    public String previousSecret;

    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "failing_since")
    public Instant failingSince;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Version
    public long version;

    /** The secrets that sign now: the current one, and the one it replaced while their overlap lasts. */
    List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretUntil != null && previousSecretUntil.isAfter(now)
                ? List.of(secret, previousSecret) : List.of(secret);
    }

    /** The organization's endpoint; another's, or none, is not found (a partner learns nothing of another's). */
    static Uni<WebhookEndpoint> owned(UUID id, String organization) {
        return WebhookEndpoint.<WebhookEndpoint>findById(id)
                .map(e -> e != null && e.organization.equals(organization) ? e : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Your organization has no webhook endpoint " + id + "."));
    }
}
