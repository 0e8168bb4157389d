package org.commonground.initiative.initiative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import org.commonground.platform.governance.Progress;
import org.junit.jupiter.api.Test;

/** The stage machine and the progress arithmetic, in plain Java. */
class StageTest {

    @Test
    void theHappyPathRunsFromProposalToScale() {
        assertEquals(EnumSet.of(Stage.CO_DESIGN, Stage.RETIRED), Stage.PROPOSED.next(null));
        assertEquals(EnumSet.of(Stage.PILOT, Stage.RETIRED), Stage.CO_DESIGN.next(null));
        assertEquals(EnumSet.of(Stage.EVALUATION, Stage.PAUSED, Stage.RETIRED), Stage.PILOT.next(null));
        assertEquals(EnumSet.of(Stage.SCALED, Stage.PAUSED, Stage.RETIRED), Stage.EVALUATION.next(null));
        assertEquals(EnumSet.of(Stage.RETIRED), Stage.SCALED.next(null));
    }

    @Test
    void aPausedInitiativeReturnsOnlyToWhereItWasPaused() {
        assertEquals(EnumSet.of(Stage.EVALUATION, Stage.RETIRED), Stage.PAUSED.next(Stage.EVALUATION));
        assertEquals(EnumSet.of(Stage.PILOT, Stage.RETIRED), Stage.PAUSED.next(Stage.PILOT));
    }

    @Test
    void aRetiredInitiativeGoesNowhere() {
        assertEquals(EnumSet.noneOf(Stage.class), Stage.RETIRED.next(null));
    }

    @Test
    void progressIsTheWeightedMeanOfTheMilestones() {
        assertEquals(25, Progress.of(List.of(new Progress.Part(1, 100), new Progress.Part(3, 0))));
        assertEquals(0, Progress.of(List.of()));
        assertEquals(99, Progress.of(List.of(new Progress.Part(1, 100), new Progress.Part(99, 99))));
        assertEquals(100, Progress.of(List.of(new Progress.Part(5, 100), new Progress.Part(7, 100))));
    }
}
