package com.msoledger.ledger.security;

import com.msoledger.api.ids.Identifiers;
import com.msoledger.ledger.web.RequestFields;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

import java.util.List;
import java.util.Map;

/**
 * The claims the ledger reads must have the shape it reads them in, or the token is refused (401)
 * before any filter or controller sees it: a claim of the wrong shape would otherwise fail deep
 * inside a request (a 500), or carry a NUL into a database row.
 * <ul>
 *   <li>{@code sub}, the actor of every event a request causes: a string of 1-255 characters, not
 *   blank, without control characters or unpaired surrogates (it is stored and logged);</li>
 *   <li>{@code roles}, when present: a list of strings (unknown roles still grant nothing);</li>
 *   <li>{@code practices}, when present: a list of party ids ({@code null} is not a list).</li>
 * </ul>
 * The reasons name the claim, never its value.
 */
final class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    /** The longest actor the ledger records: the width of the idempotency table's actor column. */
    static final int MAX_SUBJECT_LENGTH = 255;

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Map<String, Object> claims = jwt.getClaims();
        String problem = subjectProblem(claims.get(JwtClaimNames.SUB));
        if (problem == null) {
            problem = listProblem(claims, "roles", false);
        }
        if (problem == null) {
            problem = listProblem(claims, "practices", true);
        }
        return problem == null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", problem, null));
    }

    private static String subjectProblem(Object subject) {
        if (!(subject instanceof String sub) || sub.isBlank()) {
            return "the sub claim is missing, blank or not a string";
        }
        if (sub.length() > MAX_SUBJECT_LENGTH) {
            return "the sub claim is longer than " + MAX_SUBJECT_LENGTH + " characters";
        }
        if (!RequestFields.isText(sub, false)) {
            return "the sub claim contains control characters or unpaired surrogates";
        }
        return null;
    }

    private static String listProblem(Map<String, Object> claims, String name, boolean partyIds) {
        if (!claims.containsKey(name)) {
            return null;
        }
        if (!(claims.get(name) instanceof List<?> values)) {
            return "the " + name + " claim is not a list of strings";
        }
        for (Object value : values) {
            if (!(value instanceof String text)) {
                return "the " + name + " claim is not a list of strings";
            }
            if (partyIds && !Identifiers.isValid(text)) {
                return "the " + name + " claim holds a string that is not a party id";
            }
        }
        return null;
    }
}
