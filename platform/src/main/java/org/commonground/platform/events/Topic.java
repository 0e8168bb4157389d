package org.commonground.platform.events;

/** The Kafka topics of the suite; each has a dead-letter topic {@code <name>.dlq}. */
public enum Topic {
    /** consent granted or withdrawn, keyed by memberId */
    CONSENTS("consents"),
    /** members joining, their groups, public profile, erasure, keyed by memberId */
    MEMBERS("members"),
    /** partnerships and initiatives, keyed by initiativeId (or partnershipId) */
    INITIATIVES("initiatives"),
    /** contributions recorded, verified, rejected, revoked, keyed by memberId */
    CONTRIBUTIONS("contributions"),
    /** policies and allocations, keyed by memberId (or policyId) */
    BENEFITS("benefits"),
    /** reads of a member's personal data made through other services (a partner's), keyed by memberId */
    DATA_ACCESS("data-access");

    private final String name;

    Topic(String name) {
        this.name = name;
    }

    public String topicName() {
        return name;
    }

    public String deadLetterTopic() {
        return name + ".dlq";
    }
}
