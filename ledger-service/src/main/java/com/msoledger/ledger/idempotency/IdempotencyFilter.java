package com.msoledger.ledger.idempotency;

import com.msoledger.api.http.ProblemTypes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.ledger.common.DatabaseUnavailable;
import com.msoledger.ledger.common.OutageProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Idempotency keys for every command. A command {@code POST} must carry {@code Idempotency-Key}
 * (1-255 printable characters), which belongs to the subject that sends it. The first request under a
 * key runs inside one database transaction that also stores the key, its {@link RequestFingerprint}
 * and the response, so the key exists exactly when the command's effect does. Then: the same key and
 * request returns the stored response byte for byte with no second effect; the same key with another
 * request is a 422; the same key while the first request still runs is a 409 (a transaction-scoped
 * advisory lock tells). Only successful responses are stored: a refused command changed nothing, so
 * trying again is harmless. The body was read (and capped) by {@link CommandBodyLimit} before.
 *
 * <p>A success is only ever sent once its transaction committed. When the commit fails, or the
 * database cannot be reached at all, nothing is stored and the answer is a 503 problem with
 * {@code Retry-After}: the retry under the same key then performs the command.
 */
@Component
@Order(1) // after Spring Security's filter chain (the actor is known) and the body limit
@EnableConfigurationProperties(IdempotencyProperties.class)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern KEY = Pattern.compile("[!-~]{1,255}");
    private static final String[] REPLAYED_HEADERS = {"Location", "Ledger-Position"};

    private final IdempotencyStore keys;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final OutageProperties outage;

    IdempotencyFilter(IdempotencyStore keys, PlatformTransactionManager transactionManager,
                      ObjectMapper json, OutageProperties outage) {
        this.keys = keys;
        this.transactions = new TransactionTemplate(transactionManager);
        this.json = json;
        this.outage = outage;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return notACommand(request);
    }

    /** Commands are the POSTs of the API, but for audit verification and projection administration. */
    static boolean notACommand(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || !path.startsWith("/api/v1/")
                || path.startsWith("/api/v1/audit/") || path.startsWith("/api/v1/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = CommandBodyLimit.body(request);
        String key = request.getHeader(HEADER);
        if (key == null || !KEY.matcher(key).matches()) {
            problem(request, response, HttpStatus.BAD_REQUEST, "idempotency-key-required",
                    "every command needs an Idempotency-Key header of 1-255 printable characters", HEADER);
            return;
        }
        String actor = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean[] executed = {false};
        Outcome outcome;
        try {
            outcome = transactions.execute(tx -> {
                if (!keys.tryLock(actor, key)) {
                    return Outcome.IN_FLIGHT;
                }
                var stored = keys.find(actor, key);
                if (stored.isPresent()) {
                    if (!RequestFingerprint.matches(stored.get().requestHash(), request.getMethod(), path, actor, body)) {
                        return Outcome.KEY_REUSED;
                    }
                    replay(stored.get(), response);
                    return Outcome.REPLAYED;
                }
                try {
                    executed[0] = true;
                    chain.doFilter(request, captured);
                } catch (IOException | ServletException e) {
                    throw new IllegalStateException(e);
                }
                if (succeeded(captured)) {
                    keys.store(actor, key, RequestFingerprint.of(request.getMethod(), path, actor, body), captured.getStatus(),
                            captured.getContentType(), replayedHeaders(captured), captured.getContentAsByteArray());
                }
                return Outcome.EXECUTED;
            });
        } catch (RuntimeException e) {
            if (executed[0] && !succeeded(captured) && !DatabaseUnavailable.causedBy(e)) {
                // the command was refused or failed inside, and its unit of work rolled the transaction
                // back: its own problem response stands, nothing was recorded
                outcome = Outcome.EXECUTED;
            } else if (executed[0] || DatabaseUnavailable.causedBy(e)) {
                // the effect did not commit (or the database could not be reached): acknowledge nothing
                log.warn("command {} not committed, answered 503: {}", request.getRequestURI(), e.toString());
                notCommitted(request, response, e);
                return;
            } else {
                throw e;
            }
        }
        switch (outcome) {
            case IN_FLIGHT -> problem(request, response, HttpStatus.CONFLICT, "request-in-flight",
                    "a request with this Idempotency-Key is still being processed; retry shortly", HEADER);
            case KEY_REUSED -> problem(request, response, HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "this Idempotency-Key was used for a different request", HEADER);
            case EXECUTED -> captured.copyBodyToResponse();
            case REPLAYED -> {
                // written directly by replay()
            }
        }
    }

    private enum Outcome { EXECUTED, REPLAYED, IN_FLIGHT, KEY_REUSED }

    private static boolean succeeded(ContentCachingResponseWrapper captured) {
        return captured.getStatus() >= 200 && captured.getStatus() < 300;
    }

    private static Map<String, String> replayedHeaders(ContentCachingResponseWrapper captured) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            if (captured.getHeader(name) != null) {
                headers.put(name, captured.getHeader(name));
            }
        }
        return headers;
    }

    /** Throws away whatever the command wrote (status, Location, Ledger-Position, body) and answers 503. */
    private void notCommitted(HttpServletRequest request, HttpServletResponse response, RuntimeException cause)
            throws IOException {
        response.reset();
        response.setHeader("Retry-After", outage.retryAfterSeconds());
        boolean unreachable = DatabaseUnavailable.causedBy(cause);
        problem(request, response, HttpStatus.SERVICE_UNAVAILABLE, unreachable ? "database-unavailable" : "not-committed",
                unreachable ? "the database cannot be reached; nothing was recorded, retry with the same Idempotency-Key"
                        : "the command could not be committed; nothing was recorded, retry with the same Idempotency-Key",
                null);
    }

    private void replay(IdempotencyStore.Stored stored, HttpServletResponse response) {
        try {
            response.setStatus(stored.status());
            if (stored.contentType() != null) {
                response.setContentType(stored.contentType());
            }
            stored.headers().forEach(response::setHeader);
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(stored.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                         String detail, String field) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(code));
        String words = code.replace('-', ' ');
        problem.setTitle(Character.toUpperCase(words.charAt(0)) + words.substring(1));
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("correlationId", com.msoledger.ledger.web.RequestContext.of(request).correlationId());
        if (field != null) {
            problem.setProperty("field", field);
            problem.setProperty("errors", java.util.List.of(Map.of("field", field, "message", detail)));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
