package com.msoledger.ledger.web;

import com.msoledger.api.http.ProblemTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.msoledger.api.money.MoneyException;
import com.msoledger.ledger.common.ComplianceViolation;
import com.msoledger.ledger.common.RuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import com.msoledger.ledger.common.DatabaseUnavailable;
import com.msoledger.ledger.common.OutageProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}: a stable {@code type} per
 * kind of refusal, the offending {@code field}, all field problems in {@code errors}, and the
 * request's correlation id. Unexpected failures are logged with their stack trace and answered
 * with a 500 problem that reveals nothing internal.
 */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    private static final String TYPE_BASE = ProblemTypes.BASE;

    private final OutageProperties outage;

    Problems(OutageProperties outage) {
        this.outage = outage;
    }

    /** The database cannot be reached: nothing was read or recorded, the same request works once it is back. */
    static ProblemDetail databaseUnavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                "the database cannot be reached; nothing was recorded; retry after the time in Retry-After");
    }

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Object> invalidInput(InvalidInput e, HttpServletRequest request) {
        InvalidInput.FieldProblem first = e.problems().get(0);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                first.field() + " " + first.message());
        problem.setProperty("field", first.field());
        problem.setProperty("errors", e.problems());
        return respond(problem, request);
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<Object> ruleViolation(RuleViolation e, HttpServletRequest request) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
        ProblemDetail problem = problem(status, e.code(), titleOf(e.code()), e.getMessage());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
            problem.setProperty("errors", List.of(new InvalidInput.FieldProblem(e.field(), e.getMessage())));
        }
        if (e instanceof ComplianceViolation compliance) {
            problem.setTitle("Refused by compliance rule " + compliance.ruleId());
            problem.setProperty("rule", compliance.ruleId());
            problem.setProperty("citation", compliance.citation());
        }
        return respond(problem, request);
    }

    /** A value type refused a value that got past input parsing (e.g. an amount out of range after arithmetic). */
    @ExceptionHandler(MoneyException.class)
    ResponseEntity<Object> money(MoneyException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.UNPROCESSABLE_ENTITY, "amount-out-of-range", "Amount not representable", e.getMessage()), request);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> notFound(AggregateNotFoundException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no such agreement or party"), request);
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<Object> exists(AggregateStreamCreationException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "already-exists", "Already exists",
                "the id is already taken");
        return respond(problem, request);
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> concurrent(ConcurrencyException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.CONFLICT, "concurrent-modification", "Concurrent modification",
                "another change to the same agreement won; retry the request"), request);
    }

    /**
     * Spring Security's firewall checks a header or parameter only when it is read, and the request
     * body's converter reads every header: a control character in any header is refused here, not a 500.
     * The message would quote the value (which may be a token), so it is not logged.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e, HttpServletRequest request) {
        log.info("request rejected on {} {}: a header or parameter holds characters that are not allowed",
                request.getMethod(), request.getRequestURI());
        return respond(problem(HttpStatus.BAD_REQUEST, "rejected-request", "Rejected request",
                "the request was rejected: its method, a header or a parameter holds something that is not allowed"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseUnavailable.causedBy(e)) {
            log.warn("database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            ResponseEntity<Object> unavailable = respond(databaseUnavailable(), request);
            return ResponseEntity.status(unavailable.getStatusCode()).headers(unavailable.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, outage.retryAfterSeconds()).body(unavailable.getBody());
        }
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the request failed unexpectedly; quote the correlation id when reporting it"), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return respond(malformed(ex.getCause()), ((ServletWebRequest) request).getRequest());
    }

    /**
     * The problem an exception raised while handling {@code request} is answered with, exactly as the
     * handlers of this class render it: for the items of a batch, which each get their own problem.
     * {@link JsonProcessingException}s are malformed bodies (400).
     */
    public ProblemDetail describe(Exception e, HttpServletRequest request) {
        ResponseEntity<Object> response;
        if (e instanceof InvalidInput invalid) {
            response = invalidInput(invalid, request);
        } else if (e instanceof RuleViolation violation) {
            response = ruleViolation(violation, request);
        } else if (e instanceof MoneyException money) {
            response = money(money, request);
        } else if (e instanceof AggregateNotFoundException missing) {
            response = notFound(missing, request);
        } else if (e instanceof AggregateStreamCreationException taken) {
            response = exists(taken, request);
        } else if (e instanceof ConcurrencyException conflict) {
            response = concurrent(conflict, request);
        } else if (e instanceof JsonProcessingException || e instanceof IllegalArgumentException
                && e.getCause() instanceof JsonProcessingException) {
            response = respond(malformed(e instanceof JsonProcessingException ? e : e.getCause()), request);
        } else {
            response = unexpected(e, request);
        }
        return (ProblemDetail) response.getBody();
    }

    private static ProblemDetail malformed(Throwable cause) {
        String field = null;
        String message = "the request body is not valid JSON of the expected shape";
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = path(mapping.getPath());
            if (cause instanceof UnrecognizedPropertyException) {
                message = "is not a field of this request";
            } else if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
                message = "has the wrong type: amounts and percentages are decimal strings such as \"1250.00\","
                        + " counts are whole numbers, everything else is a string";
            } else {
                message = "is invalid";
            }
        } else if (cause instanceof com.fasterxml.jackson.core.JsonParseException json) {
            // syntax errors only: mapping errors would name our classes
            message = "the request body is not valid JSON: " + json.getOriginalMessage();
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                field == null ? message : field + " " + message);
        if (field != null) {
            problem.setProperty("field", field);
            problem.setProperty("errors", List.of(new InvalidInput.FieldProblem(field, message)));
        }
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof org.springframework.web.ErrorResponse error) {
            body = error.getBody();
        }
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(statusCode);
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(URI.create(TYPE_BASE + slug(statusCode)));
        }
        if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            problem.setProperty("field", mismatch.getName());
            problem.setProperty("errors", List.of(new InvalidInput.FieldProblem(mismatch.getName(), "has an invalid value")));
        }
        HttpServletRequest servletRequest = ((ServletWebRequest) request).getRequest();
        enrich(problem, servletRequest);
        HttpHeaders merged = new HttpHeaders();
        if (headers != null) {
            merged.putAll(headers);
        }
        merged.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, merged, statusCode);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                e.getName() + " has an invalid value");
        problem.setProperty("field", e.getName());
        problem.setProperty("errors", List.of(new InvalidInput.FieldProblem(e.getName(), "has an invalid value")));
        return respond(problem, request);
    }

    /** A problem of the API: its {@code type} is the problem base URI and {@code code}. */
    public static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem, HttpServletRequest request) {
        enrich(problem, request);
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static void enrich(ProblemDetail problem, HttpServletRequest request) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        problem.setProperty("correlationId", RequestContext.of(request).correlationId());
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.name().toLowerCase().replace('_', '-');
    }

    private static String titleOf(String code) {
        String words = code.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

}
