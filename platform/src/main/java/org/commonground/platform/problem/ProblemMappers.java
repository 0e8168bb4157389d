package org.commonground.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where every failure of a request becomes an RFC 9457 problem detail:
 * domain problems, validation, unreadable bodies, authentication and authorization, and
 * anything unexpected (a 500 that names an incident id and leaks nothing else).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.invalid(detail, errors), uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(unreadableBody(e), uri);
    }

    /** Unknown, read-only or mistyped fields; ahead of the built-in mapper, which answers plain JSON. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 1)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(unreadableBody(e), uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1)
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(unreadableBody(json), uri);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 400 -> "The request body could not be read: send JSON matching the documented schema.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This address does not accept this method.";
            case 406 -> "This resource answers application/json.";
            case 413 -> "The request body is larger than this service accepts.";
            case 415 -> "Send the body as application/json.";
            default -> type.title() + ".";
        };
        Problem problem = status == 400 ? Problem.of(ProblemType.MALFORMED_BODY, detail) : new Problem(type.uri(), type.title(), status, detail, null, List.of(), null);
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this operation."), uri);
    }

    /** Two requests raced for the same row: the loser is told to retry, nothing of its own was written. */
    @ServerExceptionMapper
    public Response persistence(jakarta.persistence.PersistenceException e, UriInfo uri) {
        return concurrent(e, uri);
    }

    @ServerExceptionMapper
    public Response hibernate(org.hibernate.HibernateException e, UriInfo uri) {
        return concurrent(e, uri);
    }

    private Response concurrent(RuntimeException e, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof jakarta.persistence.OptimisticLockException
                    || cause instanceof org.hibernate.StaleStateException) {
                return respond(Problem.of(ProblemType.CONFLICT,
                        "Someone changed this at the same moment; nothing of yours was written. Read it again and retry."), uri);
            }
            if (cause instanceof io.vertx.pgclient.PgException pg && ("23505".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState())
                    || "40P01".equals(pg.getSqlState()))) {
                return respond(Problem.of(ProblemType.CONFLICT,
                        "This already exists, or was written at the same moment; nothing of yours was written."), uri);
            }
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s, at %s", incident, uri == null ? "?" : uri.getPath());
        return respond(Problem.of(ProblemType.INTERNAL, "Unexpected failure; incident " + incident + " is logged."), uri);
    }

    private static Response unauthenticated(UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(ProblemType.UNAUTHENTICATED,
                        "Send a valid bearer token from the Commonground identity provider."), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private static Problem unreadableBody(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return Problem.invalid(field + ": this field is not accepted here (it is unknown or read-only)",
                    List.of(new Problem.FieldError(field, "is not accepted here (unknown or read-only)")));
        }
        if (e instanceof InvalidFormatException || (e instanceof JsonMappingException m && !m.getPath().isEmpty())) {
            String field = path((JsonMappingException) e);
            return Problem.invalid(field + ": has the wrong type or format",
                    List.of(new Problem.FieldError(field, "has the wrong type or format")));
        }
        return Problem.of(ProblemType.MALFORMED_BODY, "The request body is not valid JSON" + where(e) + ": " + reason(e));
    }

    /** Jackson's reason in its first clause, without its parser's source notes (which name its classes and settings). */
    private static String reason(JsonProcessingException e) {
        String reason = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        for (String note : List.of(" (start marker at", "[Source:", " (for ", " at [")) {
            int at = reason.indexOf(note);
            if (at >= 0) {
                reason = reason.substring(0, at);
            }
        }
        return reason.strip().replaceAll("[:;,]$", "");
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " near line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            parts.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return parts.isEmpty() ? "(body)" : String.join(".", parts).replace(".[", "[");
    }

    /** The field a violation names, without the method and parameter the validator prefixes. */
    private static String field(ConstraintViolation<?> violation) {
        List<String> nodes = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR -> nodes.clear();
                case PARAMETER -> {
                    nodes.clear();
                    nodes.add(node.getName());
                }
                // an element of a list or map is named by its index or key: skills[0], texts[es]
                case CONTAINER_ELEMENT -> {
                    Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                    if (at != null && !nodes.isEmpty()) {
                        nodes.set(nodes.size() - 1, nodes.get(nodes.size() - 1) + "[" + at + "]");
                    }
                }
                default -> nodes.add(node.getName());
            }
        }
        // a request body parameter is the body itself: name its fields, not the Java parameter
        if (nodes.size() > 1) {
            nodes.remove(0);
        }
        return nodes.isEmpty() ? "(body)" : String.join(".", nodes);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        Problem located = uri == null ? problem : problem.at(uri.getPath());
        return Response.status(located.status()).type(Problem.MEDIA_TYPE).entity(located).build();
    }
}
