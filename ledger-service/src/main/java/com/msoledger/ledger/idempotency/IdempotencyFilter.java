package com.msoledger.ledger.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Idempotency keys for every command. A command {@code POST} must carry {@code Idempotency-Key}
 * (1-255 printable characters). The first request under a key runs inside one database transaction
 * that also stores the key, a SHA-256 of the request (method, path, actor, body) and the response,
 * so the key exists exactly when the command's effect does. Then: the same key and request returns
 * the stored response byte for byte with no second effect; the same key with another request is a
 * 422; the same key while the first request still runs is a 409 (a transaction-scoped advisory lock
 * tells). Only successful responses are stored: a refused command changed nothing, so trying again
 * is harmless. Also caps the size of every command body ({@code ledger.idempotency.max-body-bytes}, per path
 * {@code ledger.idempotency.max-body-bytes-by-path}).
 */
@Component
@Order(0) // after Spring Security's filter chain: the actor is known
@EnableConfigurationProperties(IdempotencyProperties.class)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern KEY = Pattern.compile("[!-~]{1,255}");
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };
    private static final String[] REPLAYED_HEADERS = {"Location", "Ledger-Position"};

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final IdempotencyProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    IdempotencyFilter(JdbcClient jdbc, PlatformTransactionManager transactionManager, IdempotencyProperties properties,
                      ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || !path.startsWith("/api/v1/")
                || path.startsWith("/api/v1/audit/") || path.startsWith("/api/v1/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int maxBodyBytes = properties.maxBodyBytes(request.getRequestURI());
        byte[] body = readCapped(request.getInputStream(), maxBodyBytes);
        if (body == null) {
            problem(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large",
                    "the request body exceeds " + maxBodyBytes + " bytes", null);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key == null || !KEY.matcher(key).matches()) {
            problem(request, response, HttpStatus.BAD_REQUEST, "idempotency-key-required",
                    "every command needs an Idempotency-Key header of 1-255 printable characters", HEADER);
            return;
        }
        String actor = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        String hash = requestHash(request, actor, body);
        HttpServletRequest replayable = new CachedBodyRequest(request, body);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Outcome outcome;
        try {
            outcome = transactions.execute(tx -> {
                Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(lockId(key)).query(Boolean.class).single();
                if (!Boolean.TRUE.equals(locked)) {
                    return Outcome.IN_FLIGHT;
                }
                var stored = jdbc.sql("select request_hash, status, content_type, headers, body from idempotency_key"
                                + " where idempotency_key = ? and expires_at > ?")
                        .params(key, Timestamp.from(clock.instant()))
                        .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBytes(5)))
                        .optional();
                if (stored.isPresent()) {
                    if (!stored.get().requestHash().equals(hash)) {
                        return Outcome.KEY_REUSED;
                    }
                    replay(stored.get(), response);
                    return Outcome.REPLAYED;
                }
                try {
                    chain.doFilter(replayable, captured);
                } catch (IOException | ServletException e) {
                    throw new IllegalStateException(e);
                }
                if (captured.getStatus() >= 200 && captured.getStatus() < 300) {
                    store(key, hash, actor, captured);
                }
                return Outcome.EXECUTED;
            });
        } catch (TransactionException e) {
            // the command failed inside (its unit of work marked the transaction rollback-only): the
            // captured response tells, and a success (should one ever end here) is stored on its own
            // so the key still answers
            if (captured.getStatus() >= 200 && captured.getStatus() < 300) {
                transactions.executeWithoutResult(tx -> store(key, hash, actor, captured));
            }
            outcome = Outcome.EXECUTED;
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

    private record Stored(String requestHash, int status, String contentType, String headers, byte[] body) {
    }

    private void store(String key, String hash, String actor, ContentCachingResponseWrapper captured) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            if (captured.getHeader(name) != null) {
                headers.put(name, captured.getHeader(name));
            }
        }
        Instant now = clock.instant();
        try {
            jdbc.sql("""
                            insert into idempotency_key (idempotency_key, request_hash, actor, status, content_type, headers,
                                                         body, created_at, expires_at)
                            values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?) on conflict do nothing""")
                    .params(key, hash, actor, captured.getStatus(), captured.getContentType(), json.writeValueAsString(headers),
                            captured.getContentAsByteArray(), Timestamp.from(now), Timestamp.from(now.plus(properties.ttl())))
                    .update();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void replay(Stored stored, HttpServletResponse response) {
        try {
            response.setStatus(stored.status());
            if (stored.contentType() != null) {
                response.setContentType(stored.contentType());
            }
            json.readValue(stored.headers(), HEADERS).forEach(response::setHeader);
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(stored.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys expire after the configured time; the table never grows without bound. */
    @Scheduled(fixedDelayString = "${ledger.idempotency.cleanup-interval:PT10M}")
    void removeExpired() {
        int removed = jdbc.sql("delete from idempotency_key where expires_at <= ?")
                .param(Timestamp.from(clock.instant())).update();
        if (removed > 0) {
            log.info("removed {} expired idempotency keys", removed);
        }
    }

    static String requestHash(HttpServletRequest request, String actor, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            for (String part : new String[]{request.getMethod(), path, actor}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 64-bit lock id for the key: the first eight bytes of its SHA-256. */
    private static long lockId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("idempotency:" + key).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body, or null when it is longer than {@code max} bytes. */
    private static byte[] readCapped(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            if (out.size() > max) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                         String detail, String field) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://mso-ledger.dev/problems/" + code));
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

    /** A request whose body can be read again, from the bytes already read. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
