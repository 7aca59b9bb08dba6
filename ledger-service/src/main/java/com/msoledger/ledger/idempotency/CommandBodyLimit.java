package com.msoledger.ledger.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.http.ProblemTypes;
import com.msoledger.ledger.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Caps the size of every command body ({@code ledger.idempotency.max-body-bytes}, per path
 * {@code ledger.idempotency.max-body-bytes-by-path}): a larger one is a 413 problem before anything
 * reads it as JSON. The body is read once and kept with the request, so the idempotency fingerprint
 * and the controller read the same bytes.
 */
@Component
@Order(0) // after Spring Security's filter chain: an unauthenticated request is a 401 whatever its size
class CommandBodyLimit extends OncePerRequestFilter {

    private final IdempotencyProperties properties;
    private final ObjectMapper json;

    CommandBodyLimit(IdempotencyProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /** The body of a command request that passed this filter. */
    static byte[] body(HttpServletRequest request) {
        Object body = request.getAttribute(CommandBodyLimit.class.getName());
        if (!(body instanceof byte[] bytes)) {
            throw new IllegalStateException("CommandBodyLimit did not run for " + request.getRequestURI());
        }
        return bytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return IdempotencyFilter.notACommand(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int maxBodyBytes = properties.maxBodyBytes(request.getRequestURI());
        byte[] body = readCapped(request.getInputStream(), maxBodyBytes);
        if (body == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    "the request body exceeds " + maxBodyBytes + " bytes");
            problem.setType(ProblemTypes.of("body-too-large"));
            problem.setTitle("Body too large");
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("correlationId", RequestContext.of(request).correlationId());
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        request.setAttribute(CommandBodyLimit.class.getName(), body);
        chain.doFilter(new CachedBodyRequest(request, body), response);
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
