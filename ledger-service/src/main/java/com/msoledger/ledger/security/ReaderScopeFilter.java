package com.msoledger.ledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.ledger.agreement.AgreementDirectory;
import com.msoledger.projections.support.ReadScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * After authentication: puts the actor in the log context, and fences in practice readers. A reader
 * whose only role is PRACTICE sees the agreements of the practices in its {@code practices} claim
 * and nothing else: any other agreement or party answers 404, exactly as if it did not exist, and
 * listings are narrowed to its practices.
 */
class ReaderScopeFilter extends OncePerRequestFilter {

    private static final Pattern AGREEMENT = Pattern.compile("^/api/v1/agreements/([^/]+)(/.*)?$");
    private static final Pattern PARTY = Pattern.compile("^/api/v1/parties/([^/]+)$");

    private final AgreementDirectory agreements;
    private final ObjectMapper json;

    ReaderScopeFilter(AgreementDirectory agreements, ObjectMapper json) {
        this.agreements = agreements;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            MDC.put("actor", token.getName());
            Set<String> scope = practiceScope(token);
            if (scope != null) {
                request.setAttribute(ReadScope.ATTRIBUTE, scope);
                if (!visible(request.getRequestURI(), scope)) {
                    SecurityConfiguration.deny(json, request, response, HttpStatus.NOT_FOUND, "not-found",
                            "no such agreement or party");
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** The practices a PRACTICE-only reader is limited to, or null for readers with a broader role. */
    private static Set<String> practiceScope(JwtAuthenticationToken token) {
        Set<String> authorities = new HashSet<>();
        token.getAuthorities().forEach(a -> authorities.add(a.getAuthority()));
        if (!authorities.contains(Role.PRACTICE.authority())) {
            return null;
        }
        for (Role broader : List.of(Role.FINANCE, Role.AUDITOR, Role.DASHBOARD, Role.ADMIN)) {
            if (authorities.contains(broader.authority())) {
                return null;
            }
        }
        List<String> practices = token.getToken().getClaimAsStringList("practices");
        return practices == null ? Set.of() : Set.copyOf(practices);
    }

    private boolean visible(String path, Set<String> scope) {
        Matcher agreement = AGREEMENT.matcher(path);
        if (agreement.matches()) {
            String id = agreement.group(1);
            return Identifiers.isValid(id) && agreements.find(new AgreementId(id))
                    .map(known -> scope.contains(known.practiceId()))
                    .orElse(false);
        }
        Matcher party = PARTY.matcher(path);
        if (party.matches()) {
            return scope.contains(party.group(1));
        }
        return true;
    }
}
