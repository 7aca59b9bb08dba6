package com.msoledger.projections.agreement;

import com.msoledger.api.http.AgreementResource;
import com.msoledger.projections.compliance.ComplianceWiring;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.EventFeed;
import com.msoledger.projections.support.ReadModelDatabase;
import com.msoledger.projections.support.ReadScope;
import com.msoledger.projections.support.SupportWiring;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static com.msoledger.projections.support.SampleEvents.agreementEstablished;
import static com.msoledger.projections.support.SampleEvents.agreementTerminated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code GET /api/v1/agreements}: five agreements of two practices, ordered by id, one of them terminated. */
class AgreementListTest {

    @RegisterExtension
    static final ReadModelDatabase db = new ReadModelDatabase();

    static final MockHttpServletRequest UNRESTRICTED = new MockHttpServletRequest();

    AgreementQueries agreements;

    @BeforeEach
    void establishFiveAgreements() {
        EventFeed feed = new EventFeed(db.jdbc(), new AgreementProjection(db.jdbc()));
        agreements = new AgreementQueries(db.jdbc(), SupportWiring.freshnessForReadsWithoutMinPosition(db.jdbc()),
                ComplianceWiring.flags(db.jdbc()));
        Instant at = Instant.parse("2026-09-01T09:00:00Z");
        // recorded out of id order, so the order of the list cannot come from insertion
        for (String id : List.of("msa-c", "msa-a", "msa-e", "msa-b", "msa-d")) {
            String practice = id.equals("msa-b") || id.equals("msa-d") ? "harbor-dental" : "sunrise-medical";
            feed.record(agreementEstablished(id, practice, "CA", LocalDate.of(2026, 9, 1)), at);
            at = at.plusSeconds(60);
        }
        feed.record(agreementTerminated("msa-e", LocalDate.of(2026, 12, 31), "practice closed"), at);
    }

    @Test
    void pagesAreOrderedByIdAndTheLastIsPartial() {
        assertThat(ids(agreements.list(null, null, null, 0, 2, null, UNRESTRICTED))).containsExactly("msa-a", "msa-b");
        assertThat(ids(agreements.list(null, null, null, 1, 2, null, UNRESTRICTED))).containsExactly("msa-c", "msa-d");
        AgreementQueries.AgreementPage last = agreements.list(null, null, null, 2, 2, null, UNRESTRICTED);
        assertThat(ids(last)).containsExactly("msa-e");
        assertThat(last.total()).isEqualTo(5);
    }

    @Test
    void aPageBeyondTheEndIsEmptyAndStillCountsEveryAgreement() {
        AgreementQueries.AgreementPage beyond = agreements.list(null, null, null, 5, 1, null, UNRESTRICTED);

        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(5);
        assertThat(beyond.page()).isEqualTo(5);
    }

    @Test
    void filtersByPracticeAndStatusAndCountsOnlyWhatTheyLeave() {
        AgreementQueries.AgreementPage harbor = agreements.list(null, "harbor-dental", null, 0, 50, null, UNRESTRICTED);
        assertThat(ids(harbor)).containsExactly("msa-b", "msa-d");
        assertThat(harbor.total()).isEqualTo(2);

        assertThat(ids(agreements.list("acme-mso", "sunrise-medical", "ACTIVE", 0, 50, null, UNRESTRICTED)))
                .containsExactly("msa-a", "msa-c");
        assertThat(ids(agreements.list(null, null, "TERMINATED", 0, 50, null, UNRESTRICTED))).containsExactly("msa-e");
        assertThat(agreements.list("other-mso", null, null, 0, 50, null, UNRESTRICTED).total()).isZero();
    }

    @Test
    void aReaderLimitedToPracticesSeesOnlyTheirAgreements() {
        MockHttpServletRequest harborOnly = new MockHttpServletRequest();
        harborOnly.setAttribute(ReadScope.ATTRIBUTE, Set.of("harbor-dental"));

        AgreementQueries.AgreementPage seen = agreements.list(null, null, null, 0, 50, null, harborOnly);

        assertThat(ids(seen)).containsExactly("msa-b", "msa-d");
        assertThat(seen.total()).isEqualTo(2);
        assertThat(agreements.list(null, "sunrise-medical", null, 0, 50, null, harborOnly).total()).isZero();
    }

    @Test
    void refusesBadPagingAndFiltersNamingTheField() {
        assertThatThrownBy(() -> agreements.list(null, null, null, 0, 0, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("size"));
        assertThatThrownBy(() -> agreements.list(null, null, null, 0, 201, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("size"));
        assertThatThrownBy(() -> agreements.list(null, null, null, -1, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("page"));
        assertThatThrownBy(() -> agreements.list("acme mso", null, null, 0, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("msoId"));
        assertThatThrownBy(() -> agreements.list(null, "", null, 0, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("practiceId"));
        assertThatThrownBy(() -> agreements.list(null, null, "active", 0, 50, null, UNRESTRICTED))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("status"));
    }

    private static List<String> ids(AgreementQueries.AgreementPage page) {
        return page.items().stream().map(AgreementResource::agreementId).map(id -> id.value()).toList();
    }
}
