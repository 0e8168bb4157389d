package org.commonground.reporting.scorecard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * One figure of the scorecard: its value this period and the one before (as published: a number, or words such as
 * "fewer than 10" where a small group would be exposed), the change, and what it means.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figure(String key, String label, String value, String previous, String change, String unit, String definition) {

    /** A figure whose change is computed when both values are numbers. */
    public static Figure of(String key, String label, String value, String previous, String unit, String definition) {
        return new Figure(key, label, value, previous, change(value, previous), unit, definition);
    }

    static String change(String value, String previous) {
        if (value == null || previous == null) {
            return null;
        }
        try {
            BigDecimal diff = new BigDecimal(value).subtract(new BigDecimal(previous));
            return (diff.signum() > 0 ? "+" : "") + diff.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return null; // a suppressed value has no change to show
        }
    }
}
