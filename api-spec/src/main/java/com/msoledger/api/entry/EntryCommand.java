package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;


/**
 * A command that records one entry on an agreement. Its {@link #entryId()} is unique within the
 * agreement: repeating the same command is answered with the original entry, reusing the id with
 * other content is refused as a conflict.
 */
public interface EntryCommand {

    AgreementId agreementId();

    /** The client-chosen id of the entry this command records. */
    String entryId();

    /** The name of the request field that carries {@link #entryId()} ({@code chargeId}, {@code paymentId}, …), for refusals. */
    String idField();

    @TargetAggregateIdentifier
    default String targetStream() {
        return agreementId().streamId();
    }

    /**
     * The {@link Fingerprint} of the command's content, which tells a retry of the same request from a
     * different request under the same id.
     */
    default String requestHash() {
        return Fingerprint.of((Record) this);
    }

    /** Whether an entry recorded with {@code storedHash} was recorded by this very command (any fingerprint version). */
    default boolean sameRequestAs(String storedHash) {
        return Fingerprint.matches(storedHash, (Record) this);
    }
}
