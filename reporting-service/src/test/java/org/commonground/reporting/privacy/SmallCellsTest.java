package org.commonground.reporting.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.commonground.reporting.privacy.SmallCells.Cell;
import org.commonground.reporting.privacy.SmallCells.Row;

class SmallCellsTest {

    private static Map<String, Long> counts(long... values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            counts.put("group-" + i, values[i]);
        }
        return counts;
    }

    @Example
    void aSmallCountIsShownAsFewerThanTheThreshold() {
        assertEquals("fewer than 10", SmallCells.one(3, 10).shown());
        assertEquals("12", SmallCells.one(12, 10).shown());
        assertEquals("0", SmallCells.one(0, 10).shown());
    }

    @Example
    void oneHiddenCellBesideATotalHidesAnotherSoThatSubtractionFindsNothing() {
        Row<String> row = SmallCells.row(counts(40, 3, 25, 0), 10);
        assertEquals("fewer than 10", row.cells().get("group-1").shown());
        assertEquals(SmallCells.WITHHELD, row.cells().get("group-2").shown(), "the smallest shown cell is withheld as well");
        assertEquals(40L, row.cells().get("group-0").value());
        assertEquals(68L, row.total().value());
    }

    @Example
    void theDifferencingAttackOnTheDemoShapeFails() {
        // groups of 40, 3 and 25 members, total 68: without secondary suppression 68 − 40 − 25 = 3 gives the small group away
        Row<String> row = SmallCells.row(counts(40, 3, 25), 10);
        TreeSet<Long> small = possibleValues(row, 10).get("group-1");
        assertTrue(small.size() > 1, "the small group could be any of " + small);
    }

    @Example
    void aTotalBelowTheThresholdHidesEverything() {
        Row<String> row = SmallCells.row(counts(2, 3), 10);
        assertTrue(row.total().hidden());
        assertTrue(row.cells().values().stream().allMatch(Cell::hidden));
    }

    @Provide
    Arbitrary<List<Long>> rows() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 9), Arbitraries.longs().between(0, 40)).list().ofMinSize(1).ofMaxSize(6);
    }

    /** No hidden cell of a published row can be worked out from what is published and the rules, by any subtraction. */
    @Property(tries = 1500)
    void noHiddenCountCanBeDerivedFromThePublishedTotals(@ForAll("rows") List<Long> values) {
        int threshold = 10;
        Row<String> row = SmallCells.row(counts(values.stream().mapToLong(Long::longValue).toArray()), threshold);
        Map<String, TreeSet<Long>> possible = possibleValues(row, threshold);
        possible.forEach((cell, values1) -> assertTrue(values1.size() > 1, cell + " can only be " + values1 + " in " + row));
        // and nothing shown is small
        row.cells().values().stream().filter(c -> !c.hidden())
                .forEach(c -> assertTrue(c.value() == 0 || c.value() >= threshold, "a small count is shown: " + row));
    }

    /**
     * The attacker: every assignment of the hidden cells consistent with what is published (a "fewer than" cell is 1..9,
     * a withheld one is 10 or more, and the cells add up to the total when it is shown); answers each hidden cell's
     * possible values.
     */
    private static Map<String, TreeSet<Long>> possibleValues(Row<String> row, int threshold) {
        List<String> hidden = new ArrayList<>();
        row.cells().forEach((k, c) -> {
            if (c.hidden()) {
                hidden.add(k);
            }
        });
        Map<String, TreeSet<Long>> possible = new LinkedHashMap<>();
        hidden.forEach(k -> possible.put(k, new TreeSet<>()));
        long shown = row.cells().values().stream().filter(c -> !c.hidden()).mapToLong(Cell::value).sum();
        Long remainder = row.total().hidden() ? null : row.total().value() - shown;
        long cap = remainder == null ? 60 : remainder;
        enumerate(row, hidden, 0, new long[hidden.size()], remainder, cap, threshold, possible);
        return possible;
    }

    private static void enumerate(Row<String> row, List<String> hidden, int i, long[] chosen, Long remainder, long cap, int threshold,
            Map<String, TreeSet<Long>> possible) {
        if (i == hidden.size()) {
            long sum = 0;
            for (long v : chosen) {
                sum += v;
            }
            if (remainder == null || sum == remainder) {
                for (int j = 0; j < chosen.length; j++) {
                    possible.get(hidden.get(j)).add(chosen[j]);
                }
            }
            return;
        }
        boolean small = !SmallCells.WITHHELD.equals(row.cells().get(hidden.get(i)).shown());
        long lo = small ? 1 : threshold;
        long hi = small ? threshold - 1 : Math.max(cap, threshold);
        for (long v = lo; v <= hi; v++) {
            chosen[i] = v;
            enumerate(row, hidden, i + 1, chosen, remainder, cap, threshold, possible);
        }
    }
}
