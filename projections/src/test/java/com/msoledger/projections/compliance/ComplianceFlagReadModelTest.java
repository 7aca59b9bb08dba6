package com.msoledger.projections.compliance;

import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.projections.agreement.AgreementWiring;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.EventFeed;
import com.msoledger.projections.support.ReadModelDatabase;
import com.msoledger.projections.support.ReadScope;
import com.msoledger.projections.support.SupportWiring;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.msoledger.projections.support.SampleEvents.agreementEstablished;
import static com.msoledger.projections.support.SampleEvents.flagCleared;
import static com.msoledger.projections.support.SampleEvents.flagRaised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The compliance flag projection, the flags open at an instant, the flag list and the open-flags gauge. */
class ComplianceFlagReadModelTest {

    @RegisterExtension
    static final ReadModelDatabase db = new ReadModelDatabase();

    static final String CALIFORNIA = "msa-ca";
    static final String NEW_YORK = "msa-ny";
    static final Instant ESTABLISHED = Instant.parse("2026-09-01T09:00:00Z");
    static final MockHttpServletRequest UNRESTRICTED = new MockHttpServletRequest();

    SimpleMeterRegistry registry;
    EventFeed feed;
    ComplianceFlags flags;
    ComplianceFlagQueries list;

    @BeforeEach
    void establishTwoAgreements() {
        registry = new SimpleMeterRegistry();
        feed = new EventFeed(db.jdbc(), AgreementWiring.projection(db.jdbc()),
                new ComplianceFlagProjection(db.jdbc(), new ComplianceFlagMetrics(registry, db.jdbc())));
        flags = new ComplianceFlags(db.jdbc());
        list = new ComplianceFlagQueries(db.jdbc(), SupportWiring.freshnessForReadsWithoutMinPosition(db.jdbc()));
        feed.record(agreementEstablished(CALIFORNIA, "sunrise-medical", "CA", LocalDate.of(2026, 9, 1)), ESTABLISHED);
        feed.record(agreementEstablished(NEW_YORK, "harbor-dental", "NY", LocalDate.of(2026, 9, 1)), ESTABLISHED);
    }

    @Test
    void aFlagIsOpenAtKnownAtFromTheInstantItWasRaisedUntilTheInstantItWasCleared() {
        Instant raised = Instant.parse("2026-10-01T10:00:00Z");
        Instant cleared = Instant.parse("2026-10-20T10:00:00Z");
        EventFeed.Recorded raise = feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), raised);
        feed.record(flagCleared(CALIFORNIA, "fmv-range", "HR"), cleared);

        assertThat(flags.openAt(CALIFORNIA, raised.minusMillis(1))).isEmpty();
        assertThat(flags.openAt(CALIFORNIA, raised)).singleElement().satisfies(flag -> {
            assertThat(flag.flagId()).isEqualTo("fmv-range:HR");
            assertThat(flag.status()).isEqualTo("OPEN");
            assertThat(flag.state()).isEqualTo("CA");
            assertThat(flag.raisedAt()).isEqualTo(raised);
            assertThat(flag.position()).isEqualTo(raise.position());
            assertThat(flag.facts()).isEqualTo(Map.of("annualTotal", "250000.00"));
            assertThat(flag.clearedAt()).isNull();
        });
        // as it stood before the clearing: open, with no sign of the clearing recorded later
        assertThat(flags.openAt(CALIFORNIA, cleared.minusMillis(1))).singleElement()
                .satisfies(flag -> assertThat(flag.clearedFacts()).isNull());
        assertThat(flags.openAt(CALIFORNIA, cleared)).isEmpty();
        assertThat(flags.openAt(NEW_YORK, raised)).isEmpty();
    }

    @Test
    void aFlagRaisedAgainAfterItsClearingIsListedOncePerRaiseNewestFirst() {
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(flagCleared(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-20T10:00:00Z"));
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-11-05T10:00:00Z"));

        ComplianceFlagQueries.FlagPage all = list.list(null, null, CALIFORNIA, 0, 50, null, UNRESTRICTED);

        assertThat(all.items()).extracting(ComplianceFlagResource::status, ComplianceFlagResource::raisedAt,
                        ComplianceFlagResource::clearedAt)
                .containsExactly(tuple("OPEN", Instant.parse("2026-11-05T10:00:00Z"), null),
                        tuple("CLEARED", Instant.parse("2026-10-01T10:00:00Z"), Instant.parse("2026-10-20T10:00:00Z")));
        assertThat(all.items().get(1).clearedFacts()).isEqualTo(Map.of("annualTotal", "150000.00"));
        assertThat(flags.openAt(CALIFORNIA, Instant.parse("2026-10-25T00:00:00Z"))).isEmpty();
        assertThat(flags.open(List.of(CALIFORNIA, NEW_YORK))).containsOnlyKeys(CALIFORNIA);
    }

    @Test
    void aRedeliveredClearingDoesNotClearALaterRaise() {
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-01T10:00:00Z"));
        EventFeed.Recorded clearing = feed.record(flagCleared(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-20T10:00:00Z"));
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-11-05T10:00:00Z"));

        feed.redeliver(clearing);

        assertThat(list.list(null, "OPEN", CALIFORNIA, 0, 50, null, UNRESTRICTED).items())
                .extracting(ComplianceFlagResource::raisedAt).containsExactly(Instant.parse("2026-11-05T10:00:00Z"));
    }

    @Test
    void clearingARaisedAgainFlagLeavesTheEarlierRaisesClearingAsItWas() {
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(flagCleared(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-20T10:00:00Z"));
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-11-05T10:00:00Z"));
        feed.record(flagCleared(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-11-20T10:00:00Z"));

        assertThat(list.list(null, null, CALIFORNIA, 0, 50, null, UNRESTRICTED).items())
                .extracting(ComplianceFlagResource::raisedAt, ComplianceFlagResource::clearedAt)
                .containsExactly(tuple(Instant.parse("2026-11-05T10:00:00Z"), Instant.parse("2026-11-20T10:00:00Z")),
                        tuple(Instant.parse("2026-10-01T10:00:00Z"), Instant.parse("2026-10-20T10:00:00Z")));
        assertThat(flags.openAt(CALIFORNIA, Instant.parse("2026-11-10T00:00:00Z")))
                .extracting(ComplianceFlagResource::raisedAt).containsExactly(Instant.parse("2026-11-05T10:00:00Z"));
    }

    @Test
    void theListFiltersByStateStatusAndAgreementAndPagesNewestFirst() {
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(flagRaised(NEW_YORK, "cpom", "term"), Instant.parse("2026-10-02T10:00:00Z"));
        feed.record(flagRaised(CALIFORNIA, "pct-fee", "BILLING"), Instant.parse("2026-10-03T10:00:00Z"));
        feed.record(flagCleared(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-04T10:00:00Z"));

        assertThat(flagIds(list.list(null, null, null, 0, 2, null, UNRESTRICTED))).containsExactly("pct-fee:BILLING", "cpom:term");
        ComplianceFlagQueries.FlagPage last = list.list(null, null, null, 1, 2, null, UNRESTRICTED);
        assertThat(flagIds(last)).containsExactly("fmv-range:HR");
        assertThat(last.total()).isEqualTo(3);
        ComplianceFlagQueries.FlagPage beyond = list.list(null, null, null, 2, 2, null, UNRESTRICTED);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(3);

        assertThat(flagIds(list.list("NY", null, null, 0, 50, null, UNRESTRICTED))).containsExactly("cpom:term");
        assertThat(flagIds(list.list(null, "CLEARED", null, 0, 50, null, UNRESTRICTED))).containsExactly("fmv-range:HR");
        ComplianceFlagQueries.FlagPage openInCalifornia = list.list("CA", "OPEN", CALIFORNIA, 0, 50, null, UNRESTRICTED);
        assertThat(flagIds(openInCalifornia)).containsExactly("pct-fee:BILLING");
        assertThat(openInCalifornia.total()).isEqualTo(1);
    }

    @Test
    void aReaderLimitedToPracticesSeesOnlyTheirAgreementsFlags() {
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(flagRaised(NEW_YORK, "cpom", "term"), Instant.parse("2026-10-02T10:00:00Z"));
        MockHttpServletRequest harborOnly = new MockHttpServletRequest();
        harborOnly.setAttribute(ReadScope.ATTRIBUTE, Set.of("harbor-dental"));

        ComplianceFlagQueries.FlagPage seen = list.list(null, null, null, 0, 50, null, harborOnly);

        assertThat(flagIds(seen)).containsExactly("cpom:term");
        assertThat(seen.total()).isEqualTo(1);
    }

    @Test
    void theListRefusesBadFiltersAndPagingNamingTheField() {
        assertThatThrownBy(() -> list.list("XX", null, null, 0, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("state"));
        assertThatThrownBy(() -> list.list(null, "open", null, 0, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("status"));
        assertThatThrownBy(() -> list.list(null, null, "msa ca", 0, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("agreementId"));
        assertThatThrownBy(() -> list.list(null, null, null, 0, 0, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("size"));
        assertThatThrownBy(() -> list.list(null, null, null, -1, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("page"));
    }

    @Test
    void theGaugeCountsTheOpenFlagsOfEachRuleFromItsFirstRaise() {
        feed.record(flagRaised(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-01T10:00:00Z"));
        feed.record(flagRaised(NEW_YORK, "fmv-range", "IT"), Instant.parse("2026-10-02T10:00:00Z"));
        assertThat(openGauge("fmv-range")).isEqualTo(2.0);

        feed.record(flagCleared(CALIFORNIA, "fmv-range", "HR"), Instant.parse("2026-10-03T10:00:00Z"));
        assertThat(openGauge("fmv-range")).isEqualTo(1.0);
        assertThat(registry.find(ComplianceFlagMetrics.GAUGE).tag("rule", "cpom").gauge()).isNull();
    }

    private double openGauge(String ruleId) {
        return registry.get(ComplianceFlagMetrics.GAUGE).tag("rule", ruleId).gauge().value();
    }

    private static List<String> flagIds(ComplianceFlagQueries.FlagPage page) {
        return page.items().stream().map(ComplianceFlagResource::flagId).toList();
    }
}
