package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    private static final AgreementId MSA = new AgreementId("msa-1");

    /** A command as it was before it grew a field. */
    record PayV1(AgreementId agreementId, String paymentId, Money amount) {
    }

    /** The same command after a release added an optional field. */
    record PayV2(AgreementId agreementId, String paymentId, Money amount, String reference) {
    }

    @Test
    void canonicalJsonSortsKeysLeavesOutNullsAndWritesValuesAsText() {
        ChargeServiceFee fee = new ChargeServiceFee(MSA, "c-1", "HR", Period.parse("2026-10"), LocalDate.of(2026, 10, 31),
                new FeeBasis(null, 12L, null), null);
        assertThat(Fingerprint.canonical(fee)).isEqualTo("{\"agreementId\":{\"value\":\"msa-1\"},\"basis\":{\"units\":12},"
                + "\"chargeId\":\"c-1\",\"effectiveDate\":\"2026-10-31\",\"period\":{\"month\":\"2026-10\"},\"serviceCode\":\"HR\"}");
        assertThat(Fingerprint.canonical(List.of("a\"b", "tab\t"))).isEqualTo("[\"a\\\"b\",\"tab\\t\"]");
    }

    @Test
    void aFieldAddedLaterAndNotUsedKeepsTheFingerprintSoARetryAcrossADeployIsStillARetry() {
        String before = Fingerprint.of(new PayV1(MSA, "p-1", Money.parse("10.00", "USD")));
        assertThat(Fingerprint.of(new PayV2(MSA, "p-1", Money.parse("10.00", "USD"), null))).isEqualTo(before);
        assertThat(Fingerprint.of(new PayV2(MSA, "p-1", Money.parse("10.00", "USD"), "WIRE"))).isNotEqualTo(before);
        assertThat(before).startsWith(Fingerprint.VERSION + ":").hasSize(Fingerprint.VERSION.length() + 1 + 64);
    }

    @Test
    void differentContentGivesADifferentFingerprint() {
        RecordPayment one = new RecordPayment(MSA, "p-1", PaymentDirection.PRACTICE_TO_MSO, Money.parse("10.00", "USD"),
                LocalDate.of(2026, 10, 20), "W");
        RecordPayment other = new RecordPayment(MSA, "p-1", PaymentDirection.PRACTICE_TO_MSO, Money.parse("10.01", "USD"),
                LocalDate.of(2026, 10, 20), "W");
        assertThat(one.requestHash()).isNotEqualTo(other.requestHash());
        assertThat(one.sameRequestAs(one.requestHash())).isTrue();
        assertThat(one.sameRequestAs(other.requestHash())).isFalse();
    }

    @Test
    void fingerprintsOfTheFirstVersionStoredInOldEventsStillMatch() throws Exception {
        RecordPayment payment = new RecordPayment(MSA, "p-1", PaymentDirection.PRACTICE_TO_MSO, Money.parse("10.00", "USD"),
                LocalDate.of(2026, 10, 20), "W");
        String legacy = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(payment.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(payment.sameRequestAs(legacy)).isTrue();
        assertThat(payment.sameRequestAs(legacy.replace(legacy.charAt(0), legacy.charAt(0) == 'a' ? 'b' : 'a'))).isFalse();
        assertThat(payment.sameRequestAs(null)).isFalse();
    }
}
