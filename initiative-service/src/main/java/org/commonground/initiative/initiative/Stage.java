package org.commonground.initiative.initiative;

import java.util.EnumSet;
import java.util.Set;

/**
 * The stages of an initiative, as an explicit state machine: PROPOSED → CO_DESIGN → PILOT → EVALUATION → SCALED,
 * RETIRED from anywhere but RETIRED, PAUSED from PILOT or EVALUATION and back to where it was paused.
 */
public enum Stage {
    PROPOSED, CO_DESIGN, PILOT, EVALUATION, SCALED, RETIRED, PAUSED;

    /** Where an initiative in this stage may go; {@code pausedFrom} is where a paused one returns. */
    public Set<Stage> next(Stage pausedFrom) {
        return switch (this) {
            case PROPOSED -> EnumSet.of(CO_DESIGN, RETIRED);
            case CO_DESIGN -> EnumSet.of(PILOT, RETIRED);
            case PILOT -> EnumSet.of(EVALUATION, PAUSED, RETIRED);
            case EVALUATION -> EnumSet.of(SCALED, PAUSED, RETIRED);
            case PAUSED -> pausedFrom == null ? EnumSet.of(RETIRED) : EnumSet.of(pausedFrom, RETIRED);
            case SCALED -> EnumSet.of(RETIRED);
            case RETIRED -> EnumSet.noneOf(Stage.class);
        };
    }
}
