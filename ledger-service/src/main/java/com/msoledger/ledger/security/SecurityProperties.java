package com.msoledger.ledger.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Who may call the ledger.
 *
 * @param issuerUri           an OpenID issuer whose keys sign the tokens ({@code LEDGER_JWT_ISSUER_URI})
 * @param jwkSetUri           or just its key set ({@code LEDGER_JWT_JWK_SET_URI})
 * @param audience            the audience every token must name ({@code LEDGER_JWT_AUDIENCE})
 * @param jwtSecret           an HS256 secret of at least 32 bytes for local use ({@code LEDGER_JWT_SECRET});
 *                            when nothing is configured on the embedded database, a random one is made
 *                            and ready tokens are logged
 * @param localTokenLifetime  how long the logged local tokens are valid
 * @param corsAllowedOrigins  origins allowed to call the API from a browser; empty turns CORS off
 */
@ConfigurationProperties("ledger.security")
record SecurityProperties(String issuerUri, String jwkSetUri, @DefaultValue("mso-ledger") String audience,
                                 String jwtSecret, @DefaultValue("8h") Duration localTokenLifetime,
                                 @DefaultValue List<String> corsAllowedOrigins) {

    boolean hasIssuer() {
        return issuerUri != null && !issuerUri.isBlank();
    }

    boolean hasJwkSet() {
        return jwkSetUri != null && !jwkSetUri.isBlank();
    }

    boolean hasSecret() {
        return jwtSecret != null && !jwtSecret.isBlank();
    }
}
