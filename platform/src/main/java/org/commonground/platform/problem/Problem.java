package org.commonground.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the one shape of every error a Commonground service answers.
 * {@code type} is stable and machine-readable; {@code detail} is written for a person;
 * {@code errors} names the offending fields of a request that failed validation; {@code rule} names the community
 * rule a refused request would break.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
        String rule) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending field (a JSON pointer-like path such as {@code displayName}) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, List.of(), null);
    }

    /** A request that breaks a published rule of the community (rotation, overlap, ...), named so clients can react. */
    public static Problem ruleBroken(String rule, String detail) {
        ProblemType type = ProblemType.RULE_BROKEN;
        return new Problem(type.uri(), type.title(), type.status(), detail, null, List.of(), rule);
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail, null, List.copyOf(errors), null);
    }

    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, errors, rule);
    }
}
