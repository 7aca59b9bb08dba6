package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A command that records one entry on an agreement. Its {@link #entryId()} is unique within the
 * agreement: repeating the same command is answered with the original entry, reusing the id with
 * other content is refused as a conflict.
 */
public interface EntryCommand {

    AgreementId agreementId();

    /** The client-chosen id of the entry this command records. */
    String entryId();

    @TargetAggregateIdentifier
    default String targetStream() {
        return agreementId().streamId();
    }

    /**
     * SHA-256 over the command's full content (records print every component in order), which tells a
     * retry of the same request from a different request under the same id.
     */
    default String requestHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
