package com.msoledger.ledger.audit;

import com.msoledger.api.json.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * What the hash chain seals of one event: every column of its row in {@code domain_event_entry}
 * except the global index (assigned by the database after the hash is computed), with payload and
 * metadata as JSON values rather than bytes. Written as one canonical JSON object (see
 * {@link CanonicalJson}), keys in this order because it is the sorted one:
 * <pre>
 * {"aggregateIdentifier":…,"eventIdentifier":…,"metaData":{…},"payload":…,"payloadRevision":…|null,
 *  "payloadType":…,"sequenceNumber":n,"timestamp":"2026-11-29T10:15:30.123Z","type":…|null}
 * </pre>
 * {@code metaData} is the stored metadata without {@code hash} and {@code previousHash};
 * {@code timestamp} is the {@code time_stamp} column's text (ISO-8601 UTC, exactly three fraction
 * digits, as Axon writes it); {@code type} is the aggregate type.
 *
 * @param aggregateIdentifier the stream, e.g. {@code agreement:msa-2026-001}
 * @param sequenceNumber      position in the stream, from 0
 * @param eventIdentifier     the event's unique id
 * @param type                aggregate type, null for an event published outside an aggregate
 * @param payloadType         the payload's serialized type name
 * @param payloadRevision     its revision, or null
 * @param timestamp           the stored timestamp text
 * @param payload             the stored payload, parsed
 * @param metaData            the stored metadata, parsed, chain keys removed
 */
record CanonicalEvent(String aggregateIdentifier, long sequenceNumber, String eventIdentifier, String type,
                      String payloadType, String payloadRevision, String timestamp, JsonNode payload,
                      JsonNode metaData) {

    /**
     * From stored bytes.
     *
     * @throws IOException when payload or metadata is not well-formed JSON, or the metadata not an object
     */
    static CanonicalEvent of(String aggregateIdentifier, long sequenceNumber, String eventIdentifier, String type,
                             String payloadType, String payloadRevision, String timestamp, byte[] payload,
                             byte[] metaData) throws IOException {
        return new CanonicalEvent(aggregateIdentifier, sequenceNumber, eventIdentifier, type, payloadType,
                payloadRevision, timestamp, CanonicalJson.parse(payload), withoutChainKeys(metaDataObject(metaData)));
    }

    /**
     * Stored metadata as a JSON object; absent metadata is an empty object.
     *
     * @throws IOException when it is not well-formed JSON or not an object
     */
    static ObjectNode metaDataObject(byte[] metaData) throws IOException {
        if (metaData == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode parsed = CanonicalJson.parse(metaData);
        if (!parsed.isObject()) {
            throw new IOException("metadata is not a JSON object");
        }
        return (ObjectNode) parsed;
    }

    /** A copy of the metadata without the chain's own keys. */
    static ObjectNode withoutChainKeys(ObjectNode metaData) {
        ObjectNode copy = metaData.deepCopy();
        copy.remove(HashChain.KEYS);
        return copy;
    }

    /** The canonical document as text. */
    String text() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode document = json.objectNode();
        document.put("aggregateIdentifier", aggregateIdentifier);
        document.put("eventIdentifier", eventIdentifier);
        document.set("metaData", metaData);
        document.set("payload", payload);
        document.set("payloadRevision", payloadRevision == null ? json.nullNode() : json.textNode(payloadRevision));
        document.put("payloadType", payloadType);
        document.put("sequenceNumber", sequenceNumber);
        document.put("timestamp", timestamp);
        document.set("type", type == null ? json.nullNode() : json.textNode(type));
        return CanonicalJson.write(document);
    }

    /** The bytes the chain hashes: the canonical document in UTF-8. */
    byte[] bytes() {
        return text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** This event's hash when it follows {@code previousHash}. */
    String hash(String previousHash) {
        return HashChain.link(previousHash, bytes());
    }
}
