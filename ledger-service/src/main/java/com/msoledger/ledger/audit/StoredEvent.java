package com.msoledger.ledger.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code domain_event_entry}, exactly as stored: the audit reads the event store's own
 * rows, never a projection and never through Axon's upcasters.
 */
record StoredEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                   String type, String timestamp, String payloadType, String payloadRevision, byte[] payload,
                   byte[] metaData) {

    /** The columns {@link #read(ResultSet)} expects, in order. */
    static final String COLUMNS = """
            global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type,
            payload_revision, payload, meta_data""";

    static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
    }
}
