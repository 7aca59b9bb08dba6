package com.msoledger.ledger.idempotency;

import com.msoledger.api.json.CanonicalJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an Idempotency-Key is stored with to tell a retry from another request: a SHA-256 over the
 * method, path, actor and the body as canonical JSON (keys sorted, no whitespace: the hash chain's
 * form), prefixed {@value #VERSION}. A client that re-serialises the same body differently on retry
 * still retries. Keys stored by the first version (raw body bytes, no prefix) are still matched.
 */
final class RequestFingerprint {

    static final String VERSION = "v2";

    private RequestFingerprint() {
    }

    static String of(String method, String pathAndQuery, String actor, byte[] body) {
        byte[] canonical;
        try {
            canonical = body.length == 0 ? body : CanonicalJson.write(CanonicalJson.parse(body)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            canonical = body; // not JSON: the command will refuse it; its bytes identify it
        }
        return VERSION + ":" + sha256(method, pathAndQuery, actor, canonical);
    }

    /** Whether {@code stored} (of this or the first version) was taken of this request. */
    static boolean matches(String stored, String method, String pathAndQuery, String actor, byte[] body) {
        if (stored.startsWith(VERSION + ":")) {
            return stored.equals(of(method, pathAndQuery, actor, body));
        }
        return stored.trim().equals(sha256(method, pathAndQuery, actor, body));
    }

    private static String sha256(String method, String pathAndQuery, String actor, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[]{method, pathAndQuery, actor}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
