package org.commonground.platform.governance;

import java.util.List;

/**
 * An initiative's progress: the weighted mean of its milestones' progress, in whole percent. initiative-service shows it
 * with each initiative; reporting averages it over a partnership's plans.
 */
public final class Progress {

    private Progress() {
    }

    public record Part(int weight, int progress) {
    }

    public static int of(List<Part> parts) {
        long weights = parts.stream().mapToLong(Part::weight).sum();
        if (weights == 0) {
            return 0;
        }
        long weighted = parts.stream().mapToLong(p -> (long) p.weight() * p.progress()).sum();
        return (int) (weighted / weights); // rounded down: 100 only when every milestone is done
    }
}
