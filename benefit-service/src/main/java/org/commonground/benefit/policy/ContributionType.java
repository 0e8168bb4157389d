package org.commonground.benefit.policy;

/** The kinds of contribution a policy weighs, as contribution.verified.v1 names them. */
public enum ContributionType {
    CONTENT, EVENT_ORGANIZATION, ADVISORY, MENTORING, TRAINING, FACILITATION, RESEARCH, OUTREACH, OTHER
}
