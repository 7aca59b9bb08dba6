package com.msoledger.ledger.support;

import com.msoledger.ledger.security.LocalTokens;
import com.msoledger.ledger.security.Role;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Tokens signed with the secret the test contexts are configured with. */
public final class TestTokens {

    public static final String SECRET = "test-only-secret-for-mso-ledger-0123456789";

    private TestTokens() {
    }

    public static String token(String subject, List<Role> roles, List<String> practices) {
        return LocalTokens.sign(SECRET.getBytes(StandardCharsets.UTF_8), "mso-ledger", subject, roles, practices,
                TestClock.INSTANCE.instant(), Duration.ofHours(1));
    }

    public static String token(String subject, Role... roles) {
        return token(subject, List.of(roles), List.of());
    }

    /** A token with every staff role, for tests about something other than authorization. */
    public static String everything() {
        return token("test-finance", Role.FINANCE, Role.AUDITOR, Role.ADMIN, Role.DASHBOARD);
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
