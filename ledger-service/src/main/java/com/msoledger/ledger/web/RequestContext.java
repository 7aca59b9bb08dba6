package com.msoledger.ledger.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is asking and under which correlation id.
 *
 * @param actor         the authenticated subject: the token's {@code sub}
 * @param correlationId ties the request, its log lines and the events it caused together
 */
public record RequestContext(String actor, String correlationId) {

    public static RequestContext of(HttpServletRequest request) {
        Object context = request.getAttribute(CorrelationFilter.ATTRIBUTE);
        String correlationId = context instanceof String id ? id : "none";
        String actor = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        return new RequestContext(actor, correlationId);
    }
}
