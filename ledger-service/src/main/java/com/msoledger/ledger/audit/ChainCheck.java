package com.msoledger.ledger.audit;

import com.msoledger.api.json.CanonicalJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.msoledger.ledger.audit.ChainReport.BrokenLink;
import com.msoledger.ledger.audit.ChainReport.Reason;
import com.msoledger.ledger.audit.ChainReport.StreamResult;

import java.io.IOException;

/**
 * Recomputes one stream's chain from its stored rows, fed in sequence order, and remembers the first
 * link that does not hold. Pure: no database, so every kind of breakage is testable on its own.
 *
 * <p>Each row is checked in this order, and the first failure is the one reported: its sequence
 * number follows the previous row's ({@link Reason#MISSING_EVENTS}); payload and metadata are JSON
 * ({@link Reason#UNREADABLE_EVENT}); it carries its chain keys ({@link Reason#MISSING_HASH}); its
 * {@code previousHash} is the preceding event's hash ({@link Reason#PREVIOUS_HASH_MISMATCH}); its
 * content hashes to its {@code hash} ({@link Reason#HASH_MISMATCH}). After a break the remaining rows
 * are only counted: every later link depends on the broken one.
 */
final class ChainCheck {

    private final StreamId stream;
    private long expectedSequence;
    private String expectedPrevious;
    private long checked;
    private Long headSequence;
    private String headHash;
    private Long verifiedThrough;
    private BrokenLink broken;

    ChainCheck(String streamId) {
        this.stream = new StreamId(streamId);
        this.expectedPrevious = HashChain.genesis(streamId);
    }

    /** The report of a registered agreement or party whose stream has no rows at all. */
    static StreamResult empty(String streamId) {
        ChainCheck check = new ChainCheck(streamId);
        check.broken = new BrokenLink(streamId, check.stream.agreementId(), check.stream.partyId(), 0, null, null,
                Reason.MISSING_EVENTS, "0", "none");
        return check.result();
    }

    void accept(StoredEvent row) {
        checked++;
        headSequence = row.sequenceNumber();
        ObjectNode metaData;
        try {
            metaData = CanonicalEvent.metaDataObject(row.metaData());
        } catch (IOException e) {
            metaData = null;
        }
        String storedHash = metaData == null ? null : text(metaData.get(HashChain.HASH));
        String storedPrevious = metaData == null ? null : text(metaData.get(HashChain.PREVIOUS_HASH));
        headHash = storedHash;
        if (broken != null) {
            return;
        }
        if (row.sequenceNumber() != expectedSequence) {
            breakAt(row, Reason.MISSING_EVENTS, Long.toString(expectedSequence), Long.toString(row.sequenceNumber()));
            return;
        }
        CanonicalEvent event;
        try {
            if (metaData == null) {
                throw new IOException("metadata is not a well-formed JSON object");
            }
            event = new CanonicalEvent(row.aggregateIdentifier(), row.sequenceNumber(), row.eventIdentifier(), row.type(),
                    row.payloadType(), row.payloadRevision(), row.timestamp(), CanonicalJson.parse(row.payload()),
                    CanonicalEvent.withoutChainKeys(metaData));
        } catch (IOException e) {
            String problem = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            breakAt(row, Reason.UNREADABLE_EVENT, "well-formed JSON payload and metadata", problem);
            return;
        }
        String computed = event.hash(expectedPrevious);
        if (storedHash == null || storedPrevious == null) {
            breakAt(row, Reason.MISSING_HASH, computed, storedHash == null ? "no hash" : "no previousHash");
            return;
        }
        if (!storedPrevious.equals(expectedPrevious)) {
            breakAt(row, Reason.PREVIOUS_HASH_MISMATCH, expectedPrevious, storedPrevious);
            return;
        }
        if (!storedHash.equals(computed)) {
            breakAt(row, Reason.HASH_MISMATCH, computed, storedHash);
            return;
        }
        expectedPrevious = storedHash;
        expectedSequence++;
        verifiedThrough = row.sequenceNumber();
    }

    boolean intact() {
        return broken == null;
    }

    long checked() {
        return checked;
    }

    StreamResult result() {
        return new StreamResult(stream.value(), stream.agreementId(), stream.partyId(), checked, headSequence, headHash,
                verifiedThrough, broken == null, broken);
    }

    private void breakAt(StoredEvent row, Reason reason, String expected, String found) {
        broken = new BrokenLink(stream.value(), stream.agreementId(), stream.partyId(), row.sequenceNumber(),
                row.eventIdentifier(), row.globalIndex(), reason, expected, found);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
