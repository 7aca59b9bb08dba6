package com.msoledger.ledger.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Signs HS256 tokens for local use and tests: the same claims a real issuer would put in. */
public final class LocalTokens {

    public static final String LOCAL_ISSUER = "mso-ledger-local";

    private LocalTokens() {
    }

    /**
     * @param subject   the actor recorded in every event the token's requests cause
     * @param roles     granted roles
     * @param practices for PRACTICE readers, the practice party ids they may read
     * @param issuedAt  now, as the ledger's clock tells it (its validator judges expiry by the same clock)
     */
    public static String sign(byte[] secret, String audience, String subject, List<Role> roles, List<String> practices,
                              Instant issuedAt, Duration lifetime) {
        Instant now = issuedAt;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(LOCAL_ISSUER)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("roles", roles.stream().map(Role::name).toList())
                .claim("practices", practices)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
    }
}
