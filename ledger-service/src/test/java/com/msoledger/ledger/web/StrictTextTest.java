package com.msoledger.ledger.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The character rules of {@link RequestFields} and the strict UTF-8 decoding of request bodies, without Spring. */
class StrictTextTest {

    private static String decoded(String hex) {
        return WebJsonConfiguration.decodeUtf8(HexFormat.of().parseHex(hex));
    }

    @Test
    void textRefusesEveryControlCharacterAndEveryUnpairedSurrogate() {
        for (char c = 0; c < 0x20; c++) {
            assertThat(RequestFields.isText("a" + c + "b", false)).as("U+%04X", (int) c).isFalse();
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            assertThat(RequestFields.isText("a" + c + "b", true)).as("U+%04X", (int) c).isFalse();
        }
        assertThat(RequestFields.isText("\uD800", false)).isFalse();
        assertThat(RequestFields.isText("x\uDFFF", false)).isFalse();
        assertThat(RequestFields.isText("\uDC00\uD800", false)).isFalse();
        assertThat(RequestFields.isText("end\uD83D", false)).isFalse();
    }

    @Test
    void textAcceptsPrintableUnicodeIncludingPairedSurrogates() {
        assertThat(RequestFields.isText("Müller & Søn — 東京 \uD83D\uDCB8 ǅ \u00A0 \u202E", false)).isTrue();
        assertThat(RequestFields.isText("", false)).isTrue();
    }

    @Test
    void onlyMultilineTextTakesTabLineFeedAndCarriageReturn() {
        for (String line : new String[]{"\t", "\n", "\r", "\r\n"}) {
            assertThat(RequestFields.isText("a" + line + "b", false)).isFalse();
            assertThat(RequestFields.isText("a" + line + "b", true)).isTrue();
        }
    }

    @Test
    void aFieldWithABadCharacterIsNamedAndKeepsItsOwnMessage() {
        RequestFields in = new RequestFields();
        assertThat(in.text("Acme\u0000", "legalName", 200, true)).isNull();
        assertThat(in.multilineText("sold\u0007", "reason", 500, true)).isNull();
        assertThat(in.multilineText("sold\r\nto Acme", "reason", 500, true)).isEqualTo("sold\r\nto Acme");
        assertThat(in.required("C\uD800", "state")).isNull();
        assertThat(in.required("CA", "other")).isEqualTo("CA");
        assertThatThrownBy(in::validate).isInstanceOfSatisfying(InvalidInput.class, e -> {
            assertThat(e.problems()).extracting(InvalidInput.FieldProblem::field).containsExactly("legalName", "reason", "state");
            assertThat(e.problems().get(0).message()).contains("control characters");
            assertThat(e.problems().get(1).message()).contains("other than tab, line feed and carriage return");
        });
    }

    @Test
    void wellFormedUtf8DecodesExactlyAndALeadingByteOrderMarkIsDropped() {
        String text = "{\"name\":\"Müller — 東京 \uD83D\uDCB8\"}";
        assertThat(WebJsonConfiguration.decodeUtf8(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        assertThat(decoded("efbbbf7b7d")).isEqualTo("{}");
        assertThat(decoded("7befbbbf7d")).isEqualTo("{\uFEFF}"); // only a leading one is a byte order mark
        assertThat(decoded("")).isEmpty();
    }

    @Test
    void eachByteOfAMalformedSequenceBecomesAnUnpairedSurrogateNamingIt() {
        assertThat(decoded("41c0af42")).isEqualTo("A\uDCC0\uDCAFB");         // overlong '/'
        assertThat(decoded("eda080")).isEqualTo("\uDCED\uDCA0\uDC80");       // an encoded surrogate
        assertThat(decoded("f4908080")).isEqualTo("\uDCF4\uDC90\uDC80\uDC80"); // above U+10FFFF
        assertThat(decoded("ff")).isEqualTo("\uDCFF");
        assertThat(decoded("80")).isEqualTo("\uDC80");
        assertThat(decoded("41e282")).startsWith("A\uDCE2");                 // truncated at the end
        assertThat(RequestFields.isText(decoded("41c0af42"), true)).isFalse();
    }
}
