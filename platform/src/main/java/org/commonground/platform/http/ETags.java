package org.commonground.platform.http;

import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;

/**
 * Optimistic concurrency over HTTP: a resource's {@code ETag} is its row version; an update must send it back in
 * {@code If-Match}. Without one the update is refused (428), with an old one too (412): nothing is written, and
 * the client reads the resource again instead of overwriting a change it never saw.
 */
public final class ETags {

    public static final String IF_MATCH = "If-Match";

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Checks {@code If-Match} against the version the row has now. */
    public static void require(String ifMatch, long version) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "Send the ETag you read in If-Match, so that you do not overwrite a change you have not seen.");
        }
        if (ifMatch.strip().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals(of(version))) {
                return;
            }
        }
        throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                "This was changed after you read it (it is now at " + of(version) + "); nothing was written. "
                        + "Read it again, then retry.");
    }
}
