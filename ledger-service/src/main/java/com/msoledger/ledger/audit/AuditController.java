package com.msoledger.ledger.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.ledger.audit.ChainReport.StreamResult;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.web.RequestFields;
import com.msoledger.ledger.web.InvalidInput;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The auditor's endpoints: verify hash chains against the stored rows, read a stream's head, read a
 * stream's events exactly as stored. Agreements and parties alike, since every stream is chained.
 */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);

    static final int MAX_IDS = 1000;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
    private static final long FLUSH_EVERY_NANOS = 500_000_000L;

    private final ChainVerifier verifier;
    private final AuditTrail trail;
    private final ObjectMapper json;
    private final Clock clock;

    AuditController(ChainVerifier verifier, AuditTrail trail, ObjectMapper json, Clock clock) {
        this.clock = clock;
        this.verifier = verifier;
        this.trail = trail;
        this.json = json;
    }

    /**
     * The body of {@code POST /api/v1/audit/verify}; without a body, or with neither list, every
     * stream of the store is verified.
     */
    record VerifyRequest(List<String> agreementIds, List<String> partyIds) {
    }

    /**
     * Recomputes the chains and streams the report as each stream is done, so a large store shows
     * its progress and neither side holds the whole report:
     * {@code {"startedAt", "scope", "streams": [...], "streamsChecked", "checkedEvents", "brokenStreams",
     * "intact", "completed"}}. Invalid or unknown ids are refused before anything is written.
     */
    @PostMapping("/verify")
    void verify(@RequestBody(required = false) VerifyRequest body, HttpServletResponse response) throws IOException {
        List<String> streams = selection(body);
        Instant started = clock.instant();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JsonGenerator out = json.createGenerator(response.getOutputStream());
        out.writeStartObject();
        out.writeStringField("startedAt", started.toString());
        out.writeStringField("scope", streams == null ? "ALL" : "SELECTED");
        out.writeArrayFieldStart("streams");
        Tally tally = new Tally(out);
        String error = null;
        try {
            verifier.verify(streams, tally);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the client went away; nobody is left to tell
        } catch (RuntimeException e) {
            // the status line is already sent: say in the body that the report is incomplete
            log.error("hash chain verification aborted after {} streams", tally.streams, e);
            error = "verification aborted after " + tally.streams + " streams; the log has the cause";
        }
        out.writeEndArray();
        out.writeNumberField("streamsChecked", tally.streams);
        out.writeNumberField("checkedEvents", tally.events);
        out.writeNumberField("brokenStreams", tally.broken);
        out.writeBooleanField("intact", error == null && tally.broken == 0);
        out.writeBooleanField("completed", error == null);
        if (error != null) {
            out.writeStringField("error", error);
        }
        out.writeEndObject();
        out.close();
    }

    @GetMapping("/agreements/{agreementId}/head")
    AuditTrail.Head agreementHead(@PathVariable String agreementId) {
        return head(agreement(agreementId), "agreement " + agreementId);
    }

    @GetMapping("/parties/{partyId}/head")
    AuditTrail.Head partyHead(@PathVariable String partyId) {
        return head(party(partyId), "party " + partyId);
    }

    @GetMapping("/agreements/{agreementId}/events")
    AuditTrail.EventPage agreementEvents(@PathVariable String agreementId,
                                         @RequestParam(required = false) Long fromSequence,
                                         @RequestParam(required = false) Integer limit) {
        return events(agreement(agreementId), "agreement " + agreementId, fromSequence, limit);
    }

    @GetMapping("/parties/{partyId}/events")
    AuditTrail.EventPage partyEvents(@PathVariable String partyId, @RequestParam(required = false) Long fromSequence,
                                     @RequestParam(required = false) Integer limit) {
        return events(party(partyId), "party " + partyId, fromSequence, limit);
    }

    private AuditTrail.Head head(StreamId stream, String what) {
        if (stream == null) {
            throw notFound(what);
        }
        return trail.head(stream).orElseThrow(() -> trail.known(stream)
                ? RuleViolation.notFound("no-events", null, what + " has no stored events; verify its stream")
                : notFound(what));
    }

    private AuditTrail.EventPage events(StreamId stream, String what, Long fromSequence, Integer limit) {
        long from = fromSequence == null ? 0 : fromSequence;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < 0) {
            throw InvalidInput.of("fromSequence", "must be zero or positive");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw InvalidInput.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (stream == null) {
            throw notFound(what);
        }
        AuditTrail.EventPage page = trail.events(stream, from, size);
        if (page.events().isEmpty() && !trail.known(stream)) {
            throw notFound(what);
        }
        return page;
    }

    /** The streams a verify request names, or null for all of them. */
    private List<String> selection(VerifyRequest body) {
        if (body == null || (body.agreementIds() == null && body.partyIds() == null)) {
            return null;
        }
        RequestFields in = new RequestFields();
        List<String> agreements = ids(in, body.agreementIds(), "agreementIds");
        List<String> parties = ids(in, body.partyIds(), "partyIds");
        in.validate();
        List<String> unknownAgreements = trail.unknownAgreements(agreements);
        if (!unknownAgreements.isEmpty()) {
            throw RuleViolation.notFound("not-found", "agreementIds", "no agreement " + String.join(", ", unknownAgreements));
        }
        List<String> unknownParties = trail.unknownParties(parties);
        if (!unknownParties.isEmpty()) {
            throw RuleViolation.notFound("not-found", "partyIds", "no party " + String.join(", ", unknownParties));
        }
        List<String> streams = new ArrayList<>(agreements.size() + parties.size());
        agreements.forEach(id -> streams.add(StreamId.agreement(id).value()));
        parties.forEach(id -> streams.add(StreamId.party(id).value()));
        return streams;
    }

    private static List<String> ids(RequestFields in, List<String> given, String field) {
        if (given == null) {
            return List.of();
        }
        if (given.isEmpty()) {
            in.fail(field, "must name at least one id; leave it out to verify every stream");
            return List.of();
        }
        List<String> listed = in.list(given, field, MAX_IDS, true);
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i) != null && in.identifier(listed.get(i), field + "[" + i + "]") != null) {
                ids.add(listed.get(i));
            }
        }
        return List.copyOf(ids);
    }

    private static StreamId agreement(String agreementId) {
        return Identifiers.isValid(agreementId) ? StreamId.agreement(agreementId) : null;
    }

    private static StreamId party(String partyId) {
        return Identifiers.isValid(partyId) ? StreamId.party(partyId) : null;
    }

    private static RuleViolation notFound(String what) {
        return RuleViolation.notFound("not-found", null, "no " + what);
    }

    /** Writes each stream's result as it comes, counts, and flushes now and then so progress shows. */
    private static final class Tally implements java.util.function.Consumer<StreamResult> {

        private final JsonGenerator out;
        private long streams;
        private long events;
        private long broken;
        private long lastFlush = System.nanoTime();

        Tally(JsonGenerator out) {
            this.out = out;
        }

        @Override
        public void accept(StreamResult result) {
            streams++;
            events += result.eventsChecked();
            if (!result.intact()) {
                broken++;
            }
            try {
                out.writeObject(result);
                if (System.nanoTime() - lastFlush > FLUSH_EVERY_NANOS) {
                    out.flush();
                    lastFlush = System.nanoTime();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
