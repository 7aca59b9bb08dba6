package com.msoledger.projections.journal;

import com.msoledger.api.http.EntryResource;
import com.msoledger.projections.agreement.AgreementWiring;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.EventFeed;
import com.msoledger.projections.support.Paging;
import com.msoledger.projections.support.ReadModelDatabase;
import com.msoledger.projections.support.SupportWiring;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static com.msoledger.projections.support.SampleEvents.agreementEstablished;
import static com.msoledger.projections.support.SampleEvents.fee;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paging the journal: newest first by position, five entries recorded in the order c, a, e, b, d. */
class EntryPagingTest {

    @RegisterExtension
    static final ReadModelDatabase db = new ReadModelDatabase();

    static final String AGREEMENT = "msa-2026-001";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    LedgerQueries queries;

    @BeforeEach
    void bookFiveEntries() {
        EventFeed feed = new EventFeed(db.jdbc(), new JournalProjection(db.jdbc()), AgreementWiring.projection(db.jdbc()));
        queries = new LedgerQueries(db.jdbc(), SupportWiring.freshnessForReadsWithoutMinPosition(db.jdbc()),
                SupportWiring.knownAgreement(db.jdbc()), CLOCK);
        feed.record(agreementEstablished(AGREEMENT, "sunrise-medical", "CA", LocalDate.of(2026, 9, 1)),
                Instant.parse("2026-09-01T09:00:00Z"));
        // neither ids nor effective dates follow the recording order: the journal is ordered by position alone
        String[] ids = {"fee-c", "fee-a", "fee-e", "fee-b", "fee-d"};
        int[] days = {5, 1, 4, 2, 3};
        for (int i = 0; i < ids.length; i++) {
            feed.record(fee(AGREEMENT, ids[i], "HR", LocalDate.of(2026, 10, days[i]), 1_000L * (i + 1)),
                    Instant.parse("2026-10-10T10:00:00Z").plusSeconds(i));
        }
    }

    @Test
    void pagesRunNewestFirstAndTheLastPageIsPartial() {
        assertThat(ids(queries.entries(AGREEMENT, null, null, null, 0, 2, null))).containsExactly("fee-d", "fee-b");
        assertThat(ids(queries.entries(AGREEMENT, null, null, null, 1, 2, null))).containsExactly("fee-e", "fee-a");
        LedgerQueries.EntryPage last = queries.entries(AGREEMENT, null, null, null, 2, 2, null);
        assertThat(ids(last)).containsExactly("fee-c");
        assertThat(last.total()).isEqualTo(5);
        assertThat(last.page()).isEqualTo(2);
        assertThat(last.size()).isEqualTo(2);
    }

    @Test
    void aPageBeyondTheEndIsEmptyAndStillCountsEveryEntry() {
        LedgerQueries.EntryPage beyond = queries.entries(AGREEMENT, null, null, null, 3, 2, null);

        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(5);
    }

    @Test
    void walkingThePagesSeesEveryEntryOnceInTheSameOrderAsOnePage() {
        List<String> walked = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            walked.addAll(ids(queries.entries(AGREEMENT, null, null, null, page, 1, null)));
        }
        List<String> whole = ids(queries.entries(AGREEMENT, null, null, null, 0, Paging.MAX_SIZE, null));

        assertThat(walked).containsExactly("fee-d", "fee-b", "fee-e", "fee-a", "fee-c");
        assertThat(whole).isEqualTo(walked);
        assertThat(ids(queries.entries(AGREEMENT, null, null, null, 0, Paging.MAX_SIZE, null))).isEqualTo(whole);
    }

    @Test
    void theTotalAndThePagesCountOnlyWhatTheFiltersLeave() {
        // effective 2 to 4 October: fee-e, fee-b and fee-d (the 4th, 2nd and 3rd), recorded in that order
        LedgerQueries.EntryPage first = queries.entries(AGREEMENT, "2026-10-02", "2026-10-04", null, 0, 2, null);
        LedgerQueries.EntryPage last = queries.entries(AGREEMENT, "2026-10-02", "2026-10-04", null, 1, 2, null);

        assertThat(first.total()).isEqualTo(3);
        assertThat(ids(first)).containsExactly("fee-d", "fee-b");
        assertThat(ids(last)).containsExactly("fee-e");
        assertThat(last.total()).isEqualTo(3);
    }

    @Test
    void refusesASizeOutsideOneToTheMaximumAndANegativePageNamingTheField() {
        assertThatThrownBy(() -> queries.entries(AGREEMENT, null, null, null, 0, 0, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("size"));
        assertThatThrownBy(() -> queries.entries(AGREEMENT, null, null, null, 0, Paging.MAX_SIZE + 1, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("size"));
        assertThatThrownBy(() -> queries.entries(AGREEMENT, null, null, null, -1, 2, null))
                .isInstanceOf(BadQuery.class).satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("page"));
    }

    private static List<String> ids(LedgerQueries.EntryPage page) {
        return page.items().stream().map(EntryResource::entryId).toList();
    }
}
