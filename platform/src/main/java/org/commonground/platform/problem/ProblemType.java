package org.commonground.platform.problem;

/** The catalog of problem types: each has a stable URI clients may switch on, a title and an HTTP status. */
public enum ProblemType {
    VALIDATION("validation", "The request is not valid", 400),
    MALFORMED_BODY("malformed-body", "The request body could not be read", 400),
    UNAUTHENTICATED("unauthenticated", "A valid access token is required", 401),
    FORBIDDEN("forbidden", "You may not do this", 403),
    NOT_FOUND("not-found", "No such resource", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "This method is not allowed here", 405),
    NOT_ACCEPTABLE("not-acceptable", "No acceptable representation", 406),
    CONFLICT("conflict", "The request conflicts with the current state", 409),
    RULE_BROKEN("rule-broken", "The request would break a rule of the community", 409),
    PRECONDITION_FAILED("precondition-failed", "The resource has changed since you read it", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "This content type is not supported", 415),
    PRECONDITION_REQUIRED("precondition-required", "An If-Match header is required", 428),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),
    INTERNAL("internal", "Something went wrong on our side", 500),
    BAD_GATEWAY("bad-gateway", "The service behind the gateway is not reachable", 502),
    SERVICE_UNAVAILABLE("service-unavailable", "The service is not available", 503),
    GATEWAY_TIMEOUT("gateway-timeout", "The service behind the gateway did not answer in time", 504);

    /** Problem type URIs are URNs: stable identifiers, not links that could break. */
    public static final String URI_PREFIX = "urn:commonground:problem:";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return URI_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The type for a status no more specific problem was raised for. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != MALFORMED_BODY && type != RULE_BROKEN) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
