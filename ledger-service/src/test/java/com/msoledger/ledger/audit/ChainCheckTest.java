package com.msoledger.ledger.audit;

import com.msoledger.ledger.audit.ChainReport.StreamResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-stream recomputation on rows made here, for the cases SQL tampering does not reach easily. */
class ChainCheckTest {

    private static final String STREAM = "agreement:msa-unit";

    @Test
    void aSealedStreamVerifiesThroughItsHead() throws IOException {
        List<StoredEvent> rows = sealed(3);
        StreamResult result = check(rows);
        assertThat(result.intact()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(3);
        assertThat(result.headSequence()).isEqualTo(2);
        assertThat(result.verifiedThroughSequence()).isEqualTo(2);
        assertThat(result.firstBrokenLink()).isNull();
    }

    @Test
    void aStreamThatDoesNotStartAtZeroMissesItsFirstEvents() throws IOException {
        StreamResult result = check(sealed(3).subList(1, 3));
        assertThat(result.firstBrokenLink().reason()).isEqualTo(ChainReport.Reason.MISSING_EVENTS);
        assertThat(result.firstBrokenLink().sequenceNumber()).isEqualTo(1);
        assertThat(result.firstBrokenLink().expected()).isEqualTo("0");
        assertThat(result.firstBrokenLink().found()).isEqualTo("1");
        assertThat(result.verifiedThroughSequence()).isNull();
        // rows after the break are counted, and the head is still reported as stored
        assertThat(result.eventsChecked()).isEqualTo(2);
        assertThat(result.headSequence()).isEqualTo(2);
    }

    @Test
    void metadataThatIsNotAnObjectIsUnreadable() throws IOException {
        List<StoredEvent> rows = sealed(2);
        rows.set(1, withMetaData(rows.get(1), "[\"not\",\"an\",\"object\"]"));
        StreamResult result = check(rows);
        assertThat(result.firstBrokenLink().reason()).isEqualTo(ChainReport.Reason.UNREADABLE_EVENT);
        assertThat(result.firstBrokenLink().sequenceNumber()).isEqualTo(1);
        assertThat(result.verifiedThroughSequence()).isZero();
    }

    @Test
    void aRowWithoutMetadataCarriesNoHash() throws IOException {
        List<StoredEvent> rows = sealed(1);
        rows.set(0, withMetaData(rows.get(0), null));
        assertThat(check(rows).firstBrokenLink().reason()).isEqualTo(ChainReport.Reason.MISSING_HASH);
    }

    @Test
    void aRegisteredStreamWithoutRowsIsBrokenAtZero() {
        StreamResult result = ChainCheck.empty("party:gone");
        assertThat(result.partyId()).isEqualTo("gone");
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenLink().reason()).isEqualTo(ChainReport.Reason.MISSING_EVENTS);
        assertThat(result.firstBrokenLink().found()).isEqualTo("none");
        assertThat(result.headSequence()).isNull();
    }

    private static StreamResult check(List<StoredEvent> rows) {
        ChainCheck check = new ChainCheck(STREAM);
        rows.forEach(check::accept);
        return check.result();
    }

    private static List<StoredEvent> sealed(int count) throws IOException {
        List<StoredEvent> rows = new ArrayList<>();
        String previous = HashChain.genesis(STREAM);
        for (int i = 0; i < count; i++) {
            byte[] payload = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            String content = "{\"actor\":\"alice\"}";
            String hash = CanonicalEvent.of(STREAM, i, "e-" + i, "Agreement", "T", null, "2026-11-29T10:15:30.123Z",
                    payload, content.getBytes(StandardCharsets.UTF_8)).hash(previous);
            String metaData = "{\"actor\":\"alice\",\"previousHash\":\"" + previous + "\",\"hash\":\"" + hash + "\"}";
            rows.add(new StoredEvent(100 + i, "e-" + i, STREAM, i, "Agreement", "2026-11-29T10:15:30.123Z", "T", null,
                    payload, metaData.getBytes(StandardCharsets.UTF_8)));
            previous = hash;
        }
        return rows;
    }

    private static StoredEvent withMetaData(StoredEvent row, String metaData) {
        return new StoredEvent(row.globalIndex(), row.eventIdentifier(), row.aggregateIdentifier(), row.sequenceNumber(),
                row.type(), row.timestamp(), row.payloadType(), row.payloadRevision(), row.payload(),
                metaData == null ? null : metaData.getBytes(StandardCharsets.UTF_8));
    }
}
