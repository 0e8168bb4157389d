package org.commonground.platform.validation;

import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/** Ids in query parameters ({@code ?partnershipId=}): optional, and a 400 naming the parameter when one is not an id. */
public final class QueryIds {

    private QueryIds() {
    }

    /** The id, or null when the parameter is absent or blank; {@code what} names it in the problem ("a group id"). */
    public static UUID optional(String parameter, String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(parameter, "must be " + what + " (a UUID)");
        }
    }
}
