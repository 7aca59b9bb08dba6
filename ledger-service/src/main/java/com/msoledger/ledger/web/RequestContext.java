package com.msoledger.ledger.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is asking and under which correlation id.
 *
 * @param actor         the authenticated subject (until authentication lands: {@code X-Actor} or
 *                      {@code anonymous})
 * @param correlationId ties the request, its log lines and the events it caused together
 */
public record RequestContext(String actor, String correlationId) {

    public static RequestContext of(HttpServletRequest request) {
        Object context = request.getAttribute(CorrelationFilter.ATTRIBUTE);
        return context instanceof RequestContext rc ? rc : new RequestContext("anonymous", "none");
    }
}
