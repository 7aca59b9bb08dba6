package com.msoledger.ledger.web;

import com.msoledger.api.http.ProblemTypes;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Errors that no handler of the application answered get a problem+json like every other error,
 * never Tomcat's HTML page: requests Tomcat refuses before they reach the application (an encoded NUL
 * in the path, a malformed request line), and, since {@link TomcatErrors} removes the error pages,
 * exceptions thrown by filters and {@code sendError}s. It names the request path and its correlation
 * id: the application's, or for a request refused before the application saw it, a new one, logged
 * with the refusal so the id leads somewhere. A path Tomcat itself refuses (an encoded
 * NUL or slash, a backslash, {@code ..} above the root) is a {@code rejected-path}, as are the paths
 * the security firewall refuses.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);
    private static final StringManager TOMCAT = StringManager.getManager("org.apache.catalina.connector");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        boolean internal = status >= 500;
        boolean path = status == 400 && invalidUri(response.getMessage());
        String correlationId = request.getAttribute(CorrelationFilter.ATTRIBUTE) instanceof String id ? id : null;
        if (correlationId == null) {
            correlationId = UUID.randomUUID().toString();
            log.info("refused before the application: {} {} {} ({}) correlationId={}", status, request.getMethod(),
                    request.getRequestURI(), response.getMessage(), correlationId);
        }
        StringBuilder problem = new StringBuilder()
                .append("{\"type\":\"").append(ProblemTypes.BASE)
                .append(internal ? "internal" : path ? "rejected-path" : "malformed-request")
                .append("\",\"title\":\"").append(internal ? "Internal error" : path ? "Rejected path" : "Malformed request")
                .append("\",\"status\":").append(status)
                .append(",\"detail\":\"").append(quoted(internal
                        ? "the request failed unexpectedly; quote the correlation id when reporting it"
                        : path ? "the request path was rejected: it holds an encoded '/' or NUL, a '\\', a malformed %-escape"
                                + " or a '..' above the root"
                        : "the request could not be read"))
                .append("\",\"instance\":\"").append(quoted(request.getRequestURI() == null ? "/" : request.getRequestURI()))
                .append("\",\"correlationId\":\"").append(quoted(correlationId))
                .append("\"}");
        response.setHeader(CorrelationFilter.CORRELATION_HEADER, correlationId);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem.toString());
            }
        } catch (IOException | IllegalStateException e) {
            // the response is already gone; nothing more to say
        }
    }

    /** Whether Tomcat's message is its own refusal of the request URI (in whatever language it speaks). */
    private static boolean invalidUri(String message) {
        if (message == null) {
            return false;
        }
        String withMessage = TOMCAT.getString("coyoteAdapter.invalidURIWithMessage", "@@");
        int at = withMessage.indexOf("@@");
        return message.equals(TOMCAT.getString("coyoteAdapter.invalidURI"))
                || at > 0 && message.startsWith(withMessage.substring(0, at));
    }

    private static String quoted(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
