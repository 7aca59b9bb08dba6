package com.msoledger.projections.agreement;

import com.msoledger.api.http.AgreementResource;
import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.api.http.TermsVersionResource;
import com.msoledger.projections.compliance.ComplianceWiring;
import com.msoledger.projections.support.EventFeed;
import com.msoledger.projections.support.AgreementLookup;
import com.msoledger.projections.support.NotFound;
import com.msoledger.projections.support.ReadModelDatabase;
import com.msoledger.projections.support.SupportWiring;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;

import static com.msoledger.projections.support.SampleEvents.agreementAmended;
import static com.msoledger.projections.support.SampleEvents.agreementEstablished;
import static com.msoledger.projections.support.SampleEvents.agreementTerminated;
import static com.msoledger.projections.support.SampleEvents.flagCleared;
import static com.msoledger.projections.support.SampleEvents.flagRaised;
import static com.msoledger.projections.support.SampleEvents.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The agreement projection, the agreement resource, and how a bitemporal read resolves its agreement. */
class AgreementReadModelTest {

    @RegisterExtension
    static final ReadModelDatabase db = new ReadModelDatabase();

    static final String AGREEMENT = "msa-2026-001";
    static final Instant ESTABLISHED = Instant.parse("2026-09-01T09:00:00.500Z");

    EventFeed feed;
    AgreementQueries agreements;
    AgreementLookup known;
    EventFeed.Recorded established;

    @BeforeEach
    void establishTheAgreement() {
        feed = new EventFeed(db.jdbc(), new AgreementProjection(db.jdbc()), ComplianceWiring.projection(db.jdbc()));
        agreements = new AgreementQueries(db.jdbc(), SupportWiring.freshnessForReadsWithoutMinPosition(db.jdbc()),
                ComplianceWiring.flags(db.jdbc()));
        known = SupportWiring.knownAgreement(db.jdbc());
        established = feed.record(agreementEstablished(AGREEMENT, "sunrise-medical", "CA", LocalDate.of(2026, 9, 1)), ESTABLISHED);
    }

    @Test
    void anAgreementIsNotKnownAtAnInstantBeforeItWasEstablishedAndIsFromThatInstantOn() {
        assertThatThrownBy(() -> known.resolve(AGREEMENT, ESTABLISHED.minusMillis(1)))
                .isInstanceOf(NotFound.class)
                .hasMessageContaining("not yet established");

        AgreementLookup.Agreement atEstablishment = known.resolve(AGREEMENT, ESTABLISHED);
        assertThat(atEstablishment).isEqualTo(new AgreementLookup.Agreement(AGREEMENT, "sunrise-medical", "USD", ESTABLISHED));
        assertThat(known.resolve(AGREEMENT, Instant.parse("2030-01-01T00:00:00Z")).agreementId()).isEqualTo(AGREEMENT);
    }

    @Test
    void anUnknownOrMalformedAgreementIsNotFound() {
        assertThatThrownBy(() -> known.resolve("msa-unknown", ESTABLISHED)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> known.resolve("msa 2026/001", ESTABLISHED)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> agreements.find("msa-unknown", null)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> agreements.find("msa 2026/001", null)).isInstanceOf(NotFound.class);
    }

    @Test
    void theResourceShowsTheEstablishedAgreementWithItsFirstTermsVersion() {
        AgreementResource agreement = agreements.find(AGREEMENT, null);

        assertThat(agreement.practiceId().value()).isEqualTo("sunrise-medical");
        assertThat(agreement.currency()).isEqualTo("USD");
        assertThat(agreement.state()).isEqualTo("CA");
        assertThat(agreement.effectiveFrom()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(agreement.effectiveTo()).isNull();
        assertThat(agreement.status()).isEqualTo("ACTIVE");
        assertThat(agreement.fmvOpinionReference()).isEqualTo("FMV-2026-17");
        assertThat(agreement.establishedAt()).isEqualTo(ESTABLISHED);
        assertThat(agreement.termsVersions()).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.effectiveFrom()).isEqualTo(LocalDate.of(2026, 9, 1));
            assertThat(v.terms().feeTerm("HR").orElseThrow().amount()).isEqualTo(usd(250_000));
            assertThat(v.recordedAt()).isEqualTo(ESTABLISHED);
        });
    }

    @Test
    void anAmendmentAddsATermsVersionAndATerminationEndsTheAgreement() {
        feed.record(agreementAmended(AGREEMENT, 2, LocalDate.of(2026, 11, 1), "FMV-2026-30", 300_000),
                Instant.parse("2026-10-15T10:00:00Z"));
        feed.record(agreementAmended(AGREEMENT, 3, LocalDate.of(2027, 1, 1), null, 320_000),
                Instant.parse("2026-12-15T10:00:00Z"));
        feed.record(agreementTerminated(AGREEMENT, LocalDate.of(2027, 6, 30), "practice sold"),
                Instant.parse("2027-01-10T10:00:00Z"));

        AgreementResource agreement = agreements.find(AGREEMENT, null);

        assertThat(agreement.termsVersions())
                .extracting(TermsVersionResource::version, TermsVersionResource::amendmentId, TermsVersionResource::effectiveFrom)
                .containsExactly(tuple(1, null, LocalDate.of(2026, 9, 1)),
                        tuple(2, "amendment-2", LocalDate.of(2026, 11, 1)),
                        tuple(3, "amendment-3", LocalDate.of(2027, 1, 1)));
        // an amendment without an FMV opinion keeps the one on file
        assertThat(agreement.fmvOpinionReference()).isEqualTo("FMV-2026-30");
        assertThat(agreement.status()).isEqualTo("TERMINATED");
        assertThat(agreement.effectiveTo()).isEqualTo(LocalDate.of(2027, 6, 30));
        assertThat(agreement.terminationReason()).isEqualTo("practice sold");
    }

    @Test
    void aRedeliveredEstablishmentChangesNothing() {
        feed.record(agreementTerminated(AGREEMENT, LocalDate.of(2027, 6, 30), "practice sold"),
                Instant.parse("2027-01-10T10:00:00Z"));

        feed.redeliver(established);

        AgreementResource agreement = agreements.find(AGREEMENT, null);
        assertThat(agreement.status()).isEqualTo("TERMINATED");
        assertThat(agreement.termsVersions()).hasSize(1);
        assertThat(db.jdbc().sql("select count(*) from agreement_view").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theResourceShowsTheComplianceFlagsOpenNow() {
        feed.record(flagRaised(AGREEMENT, "fmv-range", "HR"), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(flagRaised(AGREEMENT, "pct-fee", "BILLING"), Instant.parse("2026-10-02T10:00:00Z"));
        feed.record(flagCleared(AGREEMENT, "fmv-range", "HR"), Instant.parse("2026-10-03T10:00:00Z"));

        assertThat(agreements.find(AGREEMENT, null).openFlags())
                .extracting(ComplianceFlagResource::flagId).containsExactly("pct-fee:BILLING");
    }
}
