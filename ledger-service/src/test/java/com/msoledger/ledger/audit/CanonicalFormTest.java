package com.msoledger.ledger.audit;

import com.msoledger.api.json.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The canonical form and the chain's arithmetic, against values written by hand and hashes computed
 * outside Java ({@code printf '%s' … | sha256sum} and the README's Python recipe), so the README's
 * specification, not just this implementation, is what is tested.
 */
class CanonicalFormTest {

    private static final String PAYLOAD = "{\"zeta\":\"a\\\"b\\\\c\\n\\u0001é\",\"alpha\":[1,-0,1.50,2E+2,true,null],"
            + "\"amount\":{\"minorUnits\":250000,\"currency\":\"USD\"}}";
    private static final String META_DATA = "{\"recordedAt\":\"2026-11-29T10:15:30.123Z\",\"actor\":\"alice\","
            + "\"hash\":\"xx\",\"previousHash\":\"yy\",\"correlationId\":\"c-1\"}";

    private static final String EXPECTED = "{\"aggregateIdentifier\":\"agreement:msa-1\",\"eventIdentifier\":\"e-1\","
            + "\"metaData\":{\"actor\":\"alice\",\"correlationId\":\"c-1\",\"recordedAt\":\"2026-11-29T10:15:30.123Z\"},"
            + "\"payload\":{\"alpha\":[1,0,1.5,200,true,null],\"amount\":{\"currency\":\"USD\",\"minorUnits\":250000},"
            + "\"zeta\":\"a\\\"b\\\\c\\n\\u0001é\"},"
            + "\"payloadRevision\":null,\"payloadType\":\"com.msoledger.api.entry.ServiceFeeCharged\","
            + "\"sequenceNumber\":1,\"timestamp\":\"2026-11-29T10:15:30.123Z\",\"type\":\"Agreement\"}";

    /** printf '%s' 'mso-ledger:genesis:agreement:msa-1' | sha256sum */
    private static final String GENESIS = "82055413f6de85e3db0e052f3c28b67e9e80975c68f700f6d1ff0873fd9975b9";
    /** printf '%s%s' "$GENESIS" "$EXPECTED" | sha256sum */
    private static final String HASH = "7de7b3678fcd54002f530667f323f8e20b774959e31e9fbdfa9959845769ff73";

    @Test
    void theCanonicalFormIsTheHandWrittenDocument() throws IOException {
        assertThat(example().text()).isEqualTo(EXPECTED);
        assertThat(example().bytes()).isEqualTo(EXPECTED.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theGenesisValueAndTheLinkAreSha256OfTheDocumentedStrings() throws IOException {
        assertThat(HashChain.genesis("agreement:msa-1")).isEqualTo(GENESIS);
        assertThat(example().hash(GENESIS)).isEqualTo(HASH);
    }

    @Test
    void formattingThatKeepsTheJsonValueKeepsTheHash() throws IOException {
        String reformatted = " { \"amount\" : {\"currency\":\"USD\", \"minorUnits\": 250000},\n"
                + "  \"alpha\": [1, 0, 1.5, 200.00, true, null], \"zeta\": \"a\\u0022b\\\\c\\u000a\\u0001\\u00e9\" } ";
        CanonicalEvent same = CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement",
                "com.msoledger.api.entry.ServiceFeeCharged", null, "2026-11-29T10:15:30.123Z",
                reformatted.getBytes(StandardCharsets.UTF_8), META_DATA.getBytes(StandardCharsets.UTF_8));
        assertThat(same.text()).isEqualTo(EXPECTED);
    }

    @Test
    void everySealedFieldChangesTheHash() throws IOException {
        byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        byte[] metaData = META_DATA.getBytes(StandardCharsets.UTF_8);
        String t = "2026-11-29T10:15:30.123Z";
        String type = "com.msoledger.api.entry.ServiceFeeCharged";
        assertThat(java.util.List.of(
                CanonicalEvent.of("agreement:msa-2", 1, "e-1", "Agreement", type, null, t, payload, metaData),
                CanonicalEvent.of("agreement:msa-1", 2, "e-1", "Agreement", type, null, t, payload, metaData),
                CanonicalEvent.of("agreement:msa-1", 1, "e-2", "Agreement", type, null, t, payload, metaData),
                CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Party", type, null, t, payload, metaData),
                CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement", type + "X", null, t, payload, metaData),
                CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement", type, "2", t, payload, metaData),
                CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement", type, null, "2026-11-29T10:15:30.124Z",
                        payload, metaData),
                CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement", type, null, t,
                        PAYLOAD.replace("250000", "250001").getBytes(StandardCharsets.UTF_8), metaData),
                CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement", type, null, t, payload,
                        META_DATA.replace("alice", "mallory").getBytes(StandardCharsets.UTF_8))))
                .extracting(event -> event.hash(GENESIS))
                .doesNotHaveDuplicates()
                .doesNotContain(HASH);
        // the chain's own keys are not content: rewriting them alone leaves the content hash as it was
        assertThat(CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement", type, null, t, payload,
                META_DATA.replace("\"xx\"", "\"zz\"").getBytes(StandardCharsets.UTF_8)).hash(GENESIS)).isEqualTo(HASH);
    }

    @Test
    void keysSortByUtf16CodeUnitsAsRfc8785Says() throws IOException {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFD in UTF-16 order
        String json = "{\"\uFFFD\":1,\"\uD83D\uDE00\":2,\"z\":3,\"A\":4,\"é\":5}";
        assertThat(CanonicalJson.write(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("{\"A\":4,\"z\":3,\"é\":5,\"\uD83D\uDE00\":2,\"\uFFFD\":1}");
    }

    @Test
    void numbersAreWrittenPlainWithoutTrailingZerosOrExponent() throws IOException {
        String json = "[0,-0,-12,123456789012345678901234567890,1.0,-0.0,1.50,1E+3,1.5e-7,2.5E1,100.010]";
        assertThat(CanonicalJson.write(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("[0,0,-12,123456789012345678901234567890,1,0,1.5,1000,0.00000015,25,100.01]");
    }

    @Test
    void onlyQuotesBackslashesAndControlCharactersAreEscaped() {
        StringBuilder out = new StringBuilder();
        CanonicalJson.string("\"\\/\b\f\n\r\t\u0000\u001f\u007fé€", out);
        assertThat(out.toString()).isEqualTo("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\u007fé€\"");
    }

    @Test
    void editedJsonThatAParserWouldForgiveIsRefused() {
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theTimestampIsWrittenWithExactlyThreeFractionDigits() {
        assertThat(ChainSeal.storedTimestamp(Instant.parse("2026-11-29T10:15:30.123456Z")))
                .isEqualTo("2026-11-29T10:15:30.123Z");
        assertThat(ChainSeal.storedTimestamp(Instant.parse("2026-11-29T10:15:30Z")))
                .isEqualTo("2026-11-29T10:15:30.000Z");
    }

    private static CanonicalEvent example() throws IOException {
        return CanonicalEvent.of("agreement:msa-1", 1, "e-1", "Agreement", "com.msoledger.api.entry.ServiceFeeCharged",
                null, "2026-11-29T10:15:30.123Z", PAYLOAD.getBytes(StandardCharsets.UTF_8),
                META_DATA.getBytes(StandardCharsets.UTF_8));
    }
}
