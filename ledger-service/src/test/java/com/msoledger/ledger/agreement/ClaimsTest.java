package com.msoledger.ledger.agreement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.storage.AxonJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What entries hold until reversed: a fixed fee's service and period, an accrual's period, an asset. */
class ClaimsTest {

    private static final Period OCTOBER = Period.parse("2026-10");
    private static final Claim HR_OCTOBER = new Claim.FixedFee("HR", OCTOBER);
    private static final Claim ACCRUAL_OCTOBER = new Claim.Accrual(OCTOBER);
    private static final Claim MRI = new Claim.Asset("asset-mri-1");

    private final Claims claims = new Claims();

    @Test
    void holdsNothingAtFirst() {
        assertThat(claims.isHeld(HR_OCTOBER)).isFalse();
        assertThat(claims.isHeld(ACCRUAL_OCTOBER)).isFalse();
        assertThat(claims.isHeld(MRI)).isFalse();
    }

    @Test
    void findsAHeldClaimByAnEqualValue() {
        claims.hold("fee-hr-2026-10", HR_OCTOBER);
        claims.hold("risk-2026-10", ACCRUAL_OCTOBER);
        claims.hold("xfer-mri", MRI);

        assertThat(claims.isHeld(new Claim.FixedFee("HR", Period.parse("2026-10")))).isTrue();
        assertThat(claims.isHeld(new Claim.Accrual(Period.parse("2026-10")))).isTrue();
        assertThat(claims.isHeld(new Claim.Asset("asset-mri-1"))).isTrue();
    }

    @Test
    void doesNotMistakeAnotherServicePeriodOrAssetForAHeldClaim() {
        claims.hold("fee-hr-2026-10", HR_OCTOBER);
        claims.hold("risk-2026-10", ACCRUAL_OCTOBER);
        claims.hold("xfer-mri", MRI);

        assertThat(claims.isHeld(new Claim.FixedFee("IT", OCTOBER))).isFalse();
        assertThat(claims.isHeld(new Claim.FixedFee("HR", OCTOBER.next()))).isFalse();
        assertThat(claims.isHeld(new Claim.Accrual(OCTOBER.previous()))).isFalse();
        assertThat(claims.isHeld(new Claim.Asset("asset-mri-2"))).isFalse();
    }

    @Test
    void tellsTheKindsOfClaimApartForTheSamePeriod() {
        claims.hold("fee-hr-2026-10", HR_OCTOBER);

        assertThat(claims.isHeld(new Claim.Accrual(OCTOBER))).isFalse();
    }

    @Test
    void releasesTheClaimOfAReversedEntry() {
        claims.hold("fee-hr-2026-10", HR_OCTOBER);
        claims.hold("xfer-mri", MRI);

        claims.release("fee-hr-2026-10");

        assertThat(claims.isHeld(HR_OCTOBER)).isFalse();
        assertThat(claims.isHeld(MRI)).as("another entry's claim").isTrue();
    }

    @Test
    void keepsEveryClaimWhenAnEntryThatHoldsNoneIsReversed() {
        claims.hold("fee-hr-2026-10", HR_OCTOBER);

        claims.release("payment-1");

        assertThat(claims.isHeld(HR_OCTOBER)).isTrue();
    }

    @Test
    void letsANewEntryTakeAReleasedClaim() {
        claims.hold("fee-hr-2026-10", HR_OCTOBER);
        claims.release("fee-hr-2026-10");

        claims.hold("fee-hr-2026-10-again", HR_OCTOBER);

        assertThat(claims.isHeld(HR_OCTOBER)).isTrue();
        claims.release("fee-hr-2026-10");
        assertThat(claims.isHeld(HR_OCTOBER)).as("releasing the first entry again").isTrue();
        claims.release("fee-hr-2026-10-again");
        assertThat(claims.isHeld(HR_OCTOBER)).isFalse();
    }

    @Test
    void keepsEveryKindOfClaimThroughASnapshot() throws Exception {
        claims.hold("fee-hr-2026-10", HR_OCTOBER);
        claims.hold("risk-2026-10", ACCRUAL_OCTOBER);
        claims.hold("xfer-mri", MRI);
        ObjectMapper snapshots = AxonJson.snapshots();

        String json = snapshots.writeValueAsString(claims);
        Claims restored = snapshots.readValue(json, Claims.class);

        assertThat(json).contains("\"claim\":\"fixed-fee\"").contains("\"claim\":\"accrual\"").contains("\"claim\":\"asset\"")
                .contains("\"period\":\"2026-10\"").contains("\"assetId\":\"asset-mri-1\"");
        assertThat(snapshots.writeValueAsString(restored)).isEqualTo(json);
        assertThat(restored.isHeld(new Claim.FixedFee("HR", OCTOBER))).isTrue();
        assertThat(restored.isHeld(new Claim.Accrual(OCTOBER))).isTrue();
        assertThat(restored.isHeld(new Claim.Asset("asset-mri-1"))).isTrue();
        assertThat(restored.isHeld(new Claim.FixedFee("IT", OCTOBER))).isFalse();

        restored.release("xfer-mri");
        assertThat(restored.isHeld(MRI)).as("released by the entry id it was held under").isFalse();
        assertThat(restored.isHeld(HR_OCTOBER)).isTrue();
    }

    @Test
    void restoresAnEmptySnapshotHoldingNothing() throws Exception {
        ObjectMapper snapshots = AxonJson.snapshots();

        Claims restored = snapshots.readValue(snapshots.writeValueAsString(new Claims()), Claims.class);

        assertThat(restored.isHeld(HR_OCTOBER)).isFalse();
        restored.hold("xfer-mri", MRI);
        assertThat(restored.isHeld(MRI)).isTrue();
    }
}
