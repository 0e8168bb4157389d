package org.commonground.benefit.preference;

/** The forms a benefit can take, as a partnership's benefit policy offers them. */
public enum RewardFormat {
    /** money paid to the member */
    STIPEND,
    /** courses, mentoring, conference places */
    PROFESSIONAL_DEVELOPMENT,
    /** the member's work shown: features, co-branded events, guest spots */
    EXPOSURE
}
