package com.msoledger.ledger.audit;

import com.msoledger.ledger.audit.ChainReport.StreamResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Recomputes hash chains from the stored rows of {@code domain_event_entry}. Reads in pages of
 * {@code ledger.audit.verify-page-size} rows in (stream, sequence) order with keyset pagination on the
 * unique (aggregate_identifier, sequence_number) index, and hands each stream's result on as soon as
 * the stream is done, so memory stays flat however large the store is.
 */
@Component
@EnableConfigurationProperties(AuditProperties.class)
class ChainVerifier {

    private static final Logger log = LoggerFactory.getLogger(ChainVerifier.class);

    private static final String FROM = " from domain_event_entry";
    private static final String ORDER = " order by aggregate_identifier, sequence_number limit :limit";
    private static final String AFTER = " (aggregate_identifier, sequence_number) > (:stream, :sequence)";
    private static final String SELECTED = " aggregate_identifier = any(:streams)";

    private final JdbcClient jdbc;
    private final AuditProperties properties;

    ChainVerifier(JdbcClient jdbc, AuditProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Verifies the given streams, or every stream of the store when {@code streams} is null, plus the
     * registered agreements and parties whose streams have no rows at all (all their rows deleted).
     *
     * @param sink receives each stream's result, in (stream) order, as soon as it is known
     */
    void verify(List<String> streams, Consumer<StreamResult> sink) {
        Progress progress = new Progress(sink);
        String[] selected = streams == null ? null : streams.toArray(String[]::new);
        Set<String> seen = new HashSet<>();
        ChainCheck current = null;
        String lastStream = null;
        long lastSequence = -1;
        while (true) {
            // a page is read whole and then processed, so no cursor stays open while results are
            // written to a slow client
            List<StoredEvent> rows = readPage(selected, lastStream, lastSequence);
            for (StoredEvent row : rows) {
                if (current == null || !row.aggregateIdentifier().equals(lastStream)) {
                    if (current != null) {
                        progress.streamDone(current);
                    }
                    current = new ChainCheck(row.aggregateIdentifier());
                    if (selected != null) {
                        seen.add(row.aggregateIdentifier());
                    }
                }
                current.accept(row);
                lastStream = row.aggregateIdentifier();
                lastSequence = row.sequenceNumber();
                progress.eventChecked();
            }
            if (rows.size() < properties.verifyPageSize()) {
                break;
            }
        }
        if (current != null) {
            progress.streamDone(current);
        }
        for (String empty : emptyStreams(selected, seen)) {
            progress.emptyStream(empty);
        }
        progress.finish();
    }

    private List<StoredEvent> readPage(String[] selected, String after, long afterSequence) {
        JdbcClient.StatementSpec query = jdbc.sql(pageQuery(selected != null, after != null))
                .param("limit", properties.verifyPageSize());
        if (selected != null) {
            query = query.param("streams", selected);
        }
        if (after != null) {
            query = query.param("stream", after).param("sequence", afterSequence);
        }
        return query.query((rs, n) -> StoredEvent.read(rs)).list();
    }

    private static String pageQuery(boolean selected, boolean after) {
        String where = selected && after ? " where" + SELECTED + " and" + AFTER
                : selected ? " where" + SELECTED
                : after ? " where" + AFTER
                : "";
        return "select " + StoredEvent.COLUMNS + FROM + where + ORDER;
    }

    /**
     * Streams that should exist but have no rows: the selected ones never seen (they were checked to
     * be registered before), or, for a full run, every registered agreement and party without a row.
     */
    private Set<String> emptyStreams(String[] selected, Set<String> seen) {
        Set<String> empty = new LinkedHashSet<>();
        if (selected != null) {
            for (String stream : selected) {
                if (!seen.contains(stream)) {
                    empty.add(stream);
                }
            }
            return empty;
        }
        empty.addAll(jdbc.sql("""
                        select s from (select 'agreement:' || agreement_id as s from agreement_registry
                                       union all select 'party:' || party_id from party_registry) registered
                        where not exists (select 1 from domain_event_entry e where e.aggregate_identifier = registered.s)
                        order by s""")
                .query(String.class).list());
        return empty;
    }

    /** Counts, logs progress every so many events, and passes results on. */
    private final class Progress {

        private final Consumer<StreamResult> sink;
        private final long started = System.nanoTime();
        private long streams;
        private long events;
        private long broken;

        Progress(Consumer<StreamResult> sink) {
            this.sink = sink;
        }

        void eventChecked() {
            events++;
            if (events % properties.progressEveryEvents() == 0) {
                log.info("verifying hash chains: {} events in {} streams checked, {} broken so far, {} ms",
                        events, streams, broken, elapsedMillis());
            }
        }

        void streamDone(ChainCheck check) {
            report(check.result());
        }

        void emptyStream(String stream) {
            report(ChainCheck.empty(stream));
        }

        private void report(StreamResult result) {
            streams++;
            if (!result.intact()) {
                broken++;
                log.warn("hash chain of {} is broken: {}", result.streamId(), result.firstBrokenLink());
            }
            sink.accept(result);
        }

        void finish() {
            log.info("verified hash chains: {} events in {} streams, {} broken, {} ms", events, streams, broken,
                    elapsedMillis());
        }

        private long elapsedMillis() {
            return (System.nanoTime() - started) / 1_000_000;
        }
    }
}
