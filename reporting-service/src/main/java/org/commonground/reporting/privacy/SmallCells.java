package org.commonground.reporting.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small-cell suppression for published counts of people (plain Java).
 * <ul>
 * <li>Primary: a count from 1 to threshold − 1 is shown as "fewer than N". Zero is shown: it names no one.</li>
 * <li>Secondary: where counts add up to a published total, hidden cells must not be recoverable by subtraction. One
 * hidden cell would be the total less the others; several hidden cells are pinned down when their sum leaves them only
 * one possibility (all 1, or all N − 1). In those cases the smallest shown non-zero cell is withheld too (shown as
 * "withheld", with no bound), and if there is none, the total is withheld.</li>
 * <li>A total below the threshold hides every cell and the total.</li>
 * </ul>
 */
public final class SmallCells {

    /** A published count: its value, or null with the words that stand for it. */
    public record Cell(Long value, String shown) {
        public boolean hidden() {
            return value == null;
        }
    }

    /** Cells that add up to a total, and the total, as published. */
    public record Row<K>(Map<K, Cell> cells, Cell total) {
    }

    public static final String WITHHELD = "withheld";

    private SmallCells() {
    }

    public static String fewerThan(int threshold) {
        return "fewer than " + threshold;
    }

    /** One count on its own (no total it adds up to). */
    public static Cell one(long count, int threshold) {
        return count > 0 && count < threshold ? new Cell(null, fewerThan(threshold)) : new Cell(count, Long.toString(count));
    }

    /** Counts that add up to a published total, suppressed so that no hidden count can be recovered from what is shown. */
    public static <K> Row<K> row(Map<K, Long> counts, int threshold) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<K, Cell> cells = new LinkedHashMap<>();
        if (total > 0 && total < threshold) {
            counts.forEach((k, v) -> cells.put(k, new Cell(null, fewerThan(threshold))));
            return new Row<>(cells, new Cell(null, fewerThan(threshold)));
        }
        List<K> primary = new ArrayList<>();
        counts.forEach((k, v) -> {
            if (v > 0 && v < threshold) {
                primary.add(k);
            }
        });
        List<K> secondary = new ArrayList<>();
        boolean totalWithheld = false;
        // withhold the smallest shown cells until no hidden cell is pinned down by the published total
        while (!primary.isEmpty() && anyPinned(counts, primary, secondary, threshold)) {
            K next = counts.entrySet().stream()
                    .filter(e -> !primary.contains(e.getKey()) && !secondary.contains(e.getKey()) && e.getValue() > 0)
                    .min(Comparator.comparingLong(Map.Entry<K, Long>::getValue)).map(Map.Entry::getKey).orElse(null);
            if (next == null) {
                totalWithheld = true;
                break;
            }
            secondary.add(next);
        }
        for (Map.Entry<K, Long> e : counts.entrySet()) {
            K k = e.getKey();
            cells.put(k, primary.contains(k) ? new Cell(null, fewerThan(threshold))
                    : secondary.contains(k) ? new Cell(null, WITHHELD) : new Cell(e.getValue(), Long.toString(e.getValue())));
        }
        return new Row<>(cells, totalWithheld ? new Cell(null, WITHHELD) : new Cell(total, Long.toString(total)));
    }

    /**
     * What someone who knows the rules can infer: the hidden cells add up to the total less the shown ones; a "fewer
     * than N" cell lies in 1..N−1, a withheld one is at least N (it was not small). A hidden cell is pinned when the
     * smallest and largest values it can take are the same.
     */
    static <K> boolean anyPinned(Map<K, Long> counts, List<K> primary, List<K> secondary, int threshold) {
        long sum = 0;
        long lows = 0;
        long highs = 0;
        boolean unboundedAbove = !secondary.isEmpty();
        for (K k : primary) {
            sum += counts.get(k);
            lows += 1;
            highs += threshold - 1;
        }
        for (K k : secondary) {
            sum += counts.get(k);
            lows += threshold;
        }
        for (K k : primary) {
            long lowOthers = lows - 1;
            long highOthers = highs - (threshold - 1);
            long min = unboundedAbove ? 1 : Math.max(1, sum - highOthers);
            long max = Math.min(threshold - 1, sum - lowOthers);
            if (min >= max) {
                return true;
            }
        }
        for (K k : secondary) {
            long lowOthers = lows - threshold;
            long max = sum - lowOthers;
            boolean othersUnbounded = secondary.size() > 1;
            long min = othersUnbounded ? threshold : Math.max(threshold, sum - highs);
            if (min >= max) {
                return true;
            }
        }
        return false;
    }
}
