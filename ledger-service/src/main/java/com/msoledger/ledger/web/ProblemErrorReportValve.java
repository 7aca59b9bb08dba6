package com.msoledger.ledger.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Requests Tomcat refuses before they reach the application (an encoded NUL in the path, a malformed
 * request line) would get Tomcat's HTML error page; they get a problem+json like every other error.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"https://mso-ledger.dev/problems/" + (status >= 500 ? "internal" : "malformed-request")
                        + "\",\"title\":\"" + (status >= 500 ? "Internal error" : "Malformed request")
                        + "\",\"status\":" + status + ",\"detail\":\"the request could not be read\"}");
            }
        } catch (IOException | IllegalStateException e) {
            // the response is already gone; nothing more to say
        }
    }
}
