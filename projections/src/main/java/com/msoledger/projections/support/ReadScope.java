package com.msoledger.projections.support;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Set;

/**
 * The practices a reader is limited to, when it is limited: set by the service's security layer on
 * the request, honoured by every query that lists across agreements. Absent means unrestricted.
 */
public final class ReadScope {

    public static final String ATTRIBUTE = ReadScope.class.getName() + ".practices";

    private ReadScope() {
    }

    /** The practice ids the reader may see, or null when it may see every agreement. */
    @SuppressWarnings("unchecked")
    public static Set<String> practices(HttpServletRequest request) {
        Object scope = request.getAttribute(ATTRIBUTE);
        return scope instanceof Set<?> set ? (Set<String>) set : null;
    }

    /** As an SQL array parameter, or null when unrestricted (use with {@code cast(:p as varchar[]) is null or ...}). */
    public static String[] asArray(HttpServletRequest request) {
        Set<String> practices = practices(request);
        return practices == null ? null : practices.toArray(String[]::new);
    }
}
