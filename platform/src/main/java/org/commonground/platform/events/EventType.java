package org.commonground.platform.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type of the suite, with its topic. Each has a JSON Schema in {@code contracts/events/<type>.schema.json}
 * and a message in {@code contracts/asyncapi.yaml}; a test keeps the three lists equal. A breaking change is a
 * new type ({@code ...v2}), never an edit of an existing one.
 */
public enum EventType {
    CONSENT_GRANTED("consent.granted.v1", Topic.CONSENTS),
    CONSENT_WITHDRAWN("consent.withdrawn.v1", Topic.CONSENTS),
    CONSENT_EXPIRING("consent.expiring.v1", Topic.CONSENTS),
    MEMBER_JOINED("member.joined.v1", Topic.MEMBERS),
    MEMBER_GROUPS_CHANGED("member.groups-changed.v1", Topic.MEMBERS),
    MEMBER_PUBLIC_PROFILE_PUBLISHED("member.public-profile-published.v1", Topic.MEMBERS),
    MEMBER_PUBLIC_PROFILE_WITHDRAWN("member.public-profile-withdrawn.v1", Topic.MEMBERS),
    MEMBER_PARTNER_PROFILE_PUBLISHED("member.partner-profile-published.v1", Topic.MEMBERS),
    MEMBER_PARTNER_PROFILE_WITHDRAWN("member.partner-profile-withdrawn.v1", Topic.MEMBERS),
    MEMBER_ERASED("member.erased.v1", Topic.MEMBERS),
    GROUP_LEADERSHIP_OPENED("group.leadership-opened.v1", Topic.MEMBERS),
    GROUP_ROLE_CHANGED("group.role-changed.v1", Topic.MEMBERS),
    MENTORSHIP_SESSION_HELD("mentorship.session-held.v1", Topic.MEMBERS),
    PARTNERSHIP_PUBLISHED("partnership.published.v1", Topic.INITIATIVES),
    PARTNERSHIP_STEWARDS_CHANGED("partnership.stewards-changed.v1", Topic.INITIATIVES),
    DECISION_RECORDED("decision.recorded.v1", Topic.INITIATIVES),
    GUIDELINES_PUBLISHED("guidelines.published.v1", Topic.INITIATIVES),
    BUDGET_LINE_PLANNED("budget.line-planned.v1", Topic.INITIATIVES),
    BUDGET_SPENT("budget.spent.v1", Topic.INITIATIVES),
    INITIATIVE_PROPOSED("initiative.proposed.v1", Topic.INITIATIVES),
    INITIATIVE_STAGE_CHANGED("initiative.stage-changed.v1", Topic.INITIATIVES),
    INITIATIVE_MILESTONE_CHANGED("initiative.milestone-changed.v1", Topic.INITIATIVES),
    COMMITTEE_ROLE_CHANGED("committee.role-changed.v1", Topic.INITIATIVES),
    INITIATIVE_PARTICIPANT_JOINED("initiative.participant-joined.v1", Topic.INITIATIVES),
    INITIATIVE_PARTICIPANT_LEFT("initiative.participant-left.v1", Topic.INITIATIVES),
    INITIATIVE_FEEDBACK_SUBMITTED("initiative.feedback-submitted.v1", Topic.INITIATIVES),
    ESCALATION_OPENED("escalation.opened.v1", Topic.INITIATIVES),
    ESCALATION_RESOLVED("escalation.resolved.v1", Topic.INITIATIVES),
    LESSON_RECORDED("lesson.recorded.v1", Topic.INITIATIVES),
    SHOWCASE_PUBLISHED("showcase.published.v1", Topic.INITIATIVES),
    SHOWCASE_UNPUBLISHED("showcase.unpublished.v1", Topic.INITIATIVES),
    CONTRIBUTION_RECORDED("contribution.recorded.v1", Topic.CONTRIBUTIONS),
    CONTRIBUTION_VERIFIED("contribution.verified.v1", Topic.CONTRIBUTIONS),
    CONTRIBUTION_REJECTED("contribution.rejected.v1", Topic.CONTRIBUTIONS),
    CONTRIBUTION_REVOKED("contribution.revoked.v1", Topic.CONTRIBUTIONS),
    POLICY_PUBLISHED("policy.published.v1", Topic.BENEFITS),
    ALLOCATION_PUBLISHED("allocation.published.v1", Topic.BENEFITS),
    ALLOCATION_RELEASED("allocation.released.v1", Topic.BENEFITS),
    MEMBER_DATA_READ("member.data-read.v1", Topic.DATA_ACCESS);

    private final String type;
    private final Topic topic;

    EventType(String type, Topic topic) {
        this.type = type;
        this.topic = topic;
    }

    /** The CloudEvents {@code type}, such as {@code consent.granted.v1}. */
    public String type() {
        return type;
    }

    public Topic topic() {
        return topic;
    }

    /** The CloudEvents {@code dataschema}. */
    public String schemaUri() {
        return "urn:commonground:schema:" + type;
    }

    public String schemaResource() {
        return "contracts/events/" + type + ".schema.json";
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
