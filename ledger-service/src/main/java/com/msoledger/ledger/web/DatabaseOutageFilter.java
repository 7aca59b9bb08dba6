package com.msoledger.ledger.web;

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
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;

/**
 * The last word on a database outage that escapes everything else (a filter such as the practice
 * reader fence reads the database before any controller runs): a 503 problem with
 * {@code Retry-After} and the correlation id, never a 500 or Tomcat's error page. Controllers' own
 * outages are answered the same way by {@link Problems}.
 */
@Component
@EnableConfigurationProperties(OutageProperties.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // inside CorrelationFilter, around Spring Security
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final ObjectMapper json;
    private final OutageProperties outage;

    DatabaseOutageFilter(ObjectMapper json, OutageProperties outage) {
        this.json = json;
        this.outage = outage;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseUnavailable.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            response.reset();
            ProblemDetail problem = Problems.databaseUnavailable();
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("correlationId", RequestContext.of(request).correlationId());
            response.setStatus(problem.getStatus());
            response.setHeader(HttpHeaders.RETRY_AFTER, outage.retryAfterSeconds());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        }
    }
}
