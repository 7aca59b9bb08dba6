package com.msoledger.ledger.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the per-stream hash chain, in one place (the README's "Tamper evidence" section states
 * them for auditors):
 * <pre>
 *   genesis(stream) = hex(SHA-256(ASCII("mso-ledger:genesis:" + aggregateIdentifier)))
 *   hash(n)         = hex(SHA-256(ASCII(previousHash(n)) ‖ UTF-8(canonical form of event n)))
 *   previousHash(0) = genesis(stream), previousHash(n) = hash(n - 1)
 * </pre>
 * Hashes are 64 lower-case hex digits; the previous hash enters the digest as those 64 ASCII
 * characters, so {@code printf '%s%s' "$prev" "$canonical" | sha256sum} reproduces it.
 */
public final class HashChain {

    /** Metadata key of an event's own hash. */
    public static final String HASH = "hash";
    /** Metadata key of the hash of the stream's previous event (or the genesis value). */
    public static final String PREVIOUS_HASH = "previousHash";
    /** The metadata keys the chain writes; they are left out of the canonical form they seal. */
    public static final Set<String> KEYS = Set.of(HASH, PREVIOUS_HASH);

    static final String GENESIS_PREFIX = "mso-ledger:genesis:";

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern WELL_FORMED = Pattern.compile("[0-9a-f]{64}");

    private HashChain() {
    }

    /** The value the first event of a stream chains from. */
    public static String genesis(String aggregateIdentifier) {
        return hex(sha256((GENESIS_PREFIX + aggregateIdentifier).getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash of an event whose canonical form is {@code canonical}, following {@code previousHash}. */
    public static String link(String previousHash, byte[] canonical) {
        MessageDigest digest = digest();
        digest.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        digest.update(canonical);
        return hex(digest.digest());
    }

    static boolean wellFormed(String hash) {
        return hash != null && WELL_FORMED.matcher(hash).matches();
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
