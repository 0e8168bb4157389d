package org.commonground.reporting.facts;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.reporting.freshness.ReadModel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Partnerships, initiatives and their stages, participation, feedback, escalations, public showcases and lessons learned,
 * from the initiatives topic.
 */
@ApplicationScoped
public class InitiativeFacts {

    private final Inbox inbox;

    InitiativeFacts(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("initiatives")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    public Uni<Void> apply(CloudEvent event) {
        JsonNode d = event.data();
        Instant at = Instant.parse(d.path("at").asText());
        EventType type = EventType.of(event.type()).orElse(null);
        Uni<Integer> effect = type == null ? Uni.createFrom().item(0) : switch (type) {
            case PARTNERSHIP_PUBLISHED -> NativeSql.update("INSERT INTO partnership_fact (id, name, partner_name, partner_organization,"
                    + " published_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                    + " partner_name = excluded.partner_name, partner_organization = excluded.partner_organization",
                    id(d, "partnershipId"), d.path("name").asText(), d.path("partnerName").asText(),
                    d.hasNonNull("partnerOrganization") ? d.path("partnerOrganization").asText() : null, at);
            case INITIATIVE_PROPOSED -> NativeSql.update("INSERT INTO initiative_fact (id, partnership_id, title, kind, proposed_at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING", id(d, "initiativeId"), id(d, "partnershipId"),
                    d.path("title").asText(), d.path("kind").asText(), at);
            case INITIATIVE_STAGE_CHANGED -> NativeSql.update("INSERT INTO stage_change (initiative_id, partnership_id, from_stage, to_stage, at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", id(d, "initiativeId"), id(d, "partnershipId"),
                    d.path("from").asText(), d.path("to").asText(), at);
            case INITIATIVE_PARTICIPANT_JOINED -> NativeSql.update("INSERT INTO participation_fact (initiative_id, partnership_id, member_id,"
                    + " joined_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (initiative_id, member_id) DO UPDATE SET left_at = NULL,"
                    + " joined_at = LEAST(participation_fact.joined_at, excluded.joined_at)",
                    id(d, "initiativeId"), id(d, "partnershipId"), id(d, "memberId"), at);
            case INITIATIVE_PARTICIPANT_LEFT -> NativeSql.update("UPDATE participation_fact SET left_at = ?3 WHERE initiative_id = ?1"
                    + " AND member_id = ?2", id(d, "initiativeId"), id(d, "memberId"), at);
            case INITIATIVE_FEEDBACK_SUBMITTED -> NativeSql.update("INSERT INTO feedback_fact (id, initiative_id, partnership_id,"
                    + " satisfaction, fairness, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE"
                    + " SET satisfaction = excluded.satisfaction, fairness = excluded.fairness, at = excluded.at",
                    d.hasNonNull("feedbackId") ? d.path("feedbackId").asText() : event.id(), id(d, "initiativeId"), id(d, "partnershipId"),
                    d.path("satisfaction").asInt(), d.path("fairness").asInt(), at);
            case ESCALATION_OPENED -> NativeSql.update("INSERT INTO escalation_fact (id, initiative_id, partnership_id, opened_at, decide_by)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET opened_at = excluded.opened_at,"
                    + " decide_by = excluded.decide_by", id(d, "escalationId"), id(d, "initiativeId"), id(d, "partnershipId"), at,
                    Instant.parse(d.path("decideBy").asText()));
            case ESCALATION_RESOLVED -> NativeSql.update("INSERT INTO escalation_fact (id, initiative_id, partnership_id, resolved_at)"
                    + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET resolved_at = excluded.resolved_at",
                    id(d, "escalationId"), id(d, "initiativeId"), id(d, "partnershipId"), at);
            case GUIDELINES_PUBLISHED -> NativeSql.update("INSERT INTO funding_fact (partnership_id, version, amount, currency, source, at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING", id(d, "partnershipId"), d.path("version").asInt(),
                    new java.math.BigDecimal(d.path("fundingAmount").asText()), d.path("currency").asText(), d.path("fundingSource").asText(), at);
            case BUDGET_LINE_PLANNED -> NativeSql.update("INSERT INTO budget_line_fact (id, partnership_id, category, planned, currency, at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING", id(d, "lineId"), id(d, "partnershipId"),
                    d.path("category").asText(), new java.math.BigDecimal(d.path("planned").asText()), d.path("currency").asText(), at);
            case BUDGET_SPENT -> NativeSql.update("INSERT INTO budget_spent_fact (id, line_id, partnership_id, amount, currency, spent_on)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING", id(d, "actualId"), id(d, "lineId"), id(d, "partnershipId"),
                    new java.math.BigDecimal(d.path("amount").asText()), d.path("currency").asText(),
                    LocalDate.parse(d.path("spentOn").asText()));
            case DECISION_RECORDED -> NativeSql.update("INSERT INTO decision_fact (id, partnership_id, initiative_id, kind, summary, rationale, at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING", id(d, "decisionId"), id(d, "partnershipId"),
                    d.hasNonNull("initiativeId") ? id(d, "initiativeId") : null, d.path("kind").asText(), d.path("summary").asText(),
                    d.hasNonNull("rationale") ? d.path("rationale").asText() : null, at);
            case COMMITTEE_ROLE_CHANGED -> RoleFacts.changed(d, "committee-" + d.path("role").asText(), id(d, "partnershipId"), at);
            case INITIATIVE_MILESTONE_CHANGED -> NativeSql.update("INSERT INTO milestone_fact (id, initiative_id, partnership_id, title,"
                            + " weight, due_on, done_on, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET"
                            + " title = excluded.title, weight = excluded.weight, due_on = excluded.due_on, done_on = excluded.done_on,"
                            + " at = excluded.at WHERE milestone_fact.at <= excluded.at", id(d, "milestoneId"), id(d, "initiativeId"),
                            id(d, "partnershipId"), d.path("title").asText(), d.path("weight").asInt(),
                            LocalDate.parse(d.path("dueOn").asText()),
                            d.hasNonNull("doneOn") ? LocalDate.parse(d.path("doneOn").asText()) : null, at)
                    .chain(() -> NativeSql.update("INSERT INTO milestone_progress (milestone_id, at, progress) VALUES (?1, ?2, ?3)"
                            + " ON CONFLICT DO NOTHING", id(d, "milestoneId"), at, d.path("progress").asInt()));
            // a showcase's names are kept only while it is public: unpublished, they go (a newer state that came first wins)
            case SHOWCASE_PUBLISHED -> NativeSql.update("INSERT INTO showcase_fact (showcase_id, partnership_id, initiative_id, title,"
                    + " authors, published_at, public, at) VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb), ?6, true, ?7) ON CONFLICT (showcase_id)"
                    + " DO UPDATE SET title = excluded.title, authors = excluded.authors, public = true, at = excluded.at"
                    + " WHERE showcase_fact.at <= excluded.at", id(d, "showcaseId"), id(d, "partnershipId"), id(d, "initiativeId"),
                    d.path("title").asText(), d.path("authors").toString(), Instant.parse(d.path("publishedAt").asText()), at);
            case SHOWCASE_UNPUBLISHED -> NativeSql.update("INSERT INTO showcase_fact (showcase_id, partnership_id, initiative_id, title,"
                    + " authors, published_at, public, at) VALUES (?1, ?2, ?3, NULL, '[]', ?4, false, ?4) ON CONFLICT (showcase_id)"
                    + " DO UPDATE SET title = NULL, authors = '[]', public = false, at = excluded.at WHERE showcase_fact.at <= excluded.at",
                    id(d, "showcaseId"), id(d, "partnershipId"), id(d, "initiativeId"), at);
            case LESSON_RECORDED -> NativeSql.update("INSERT INTO lesson_fact (id, partnership_id, initiative_id, kind, stage, what_worked,"
                    + " what_did_not, do_differently, for_whom, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
                    id(d, "lessonId"), id(d, "partnershipId"), id(d, "initiativeId"), d.path("kind").asText(), d.path("stage").asText(),
                    d.path("whatWorked").asText(), d.path("whatDidNot").asText(), d.path("doDifferently").asText(),
                    d.path("forWhom").asText(), at);
            default -> Uni.createFrom().item(0);
        };
        return effect.chain(() -> ReadModel.applied("initiatives", event.time()));
    }

    static UUID id(JsonNode data, String field) {
        return UUID.fromString(data.path(field).asText());
    }
}
