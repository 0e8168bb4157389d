package org.commonground.platform.problem;

import java.util.List;

/** Thrown by domain code to answer with a problem detail; nothing is written when it escapes a transaction. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail));
    }

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    /** 409: the request would break the named rule (such as {@code rotation}); the detail explains it. */
    public static ProblemException ruleBroken(String rule, String detail) {
        return new ProblemException(Problem.ruleBroken(rule, detail));
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.invalid(field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }

    public Problem problem() {
        return problem;
    }
}
