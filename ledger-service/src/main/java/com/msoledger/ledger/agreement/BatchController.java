package com.msoledger.ledger.agreement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.entry.EntryCommand;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.http.EntryResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.registry.AgreementRegistry;
import com.msoledger.ledger.web.CommandSender;
import com.msoledger.ledger.web.Input;
import com.msoledger.ledger.web.InvalidInput;
import com.msoledger.ledger.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/batches}: many entries in one request, as finance teams post a month of charges
 * at once. Each item names an agreement, an entry type (the last segment of the single command's
 * path) and the very body that single command takes; items are parsed and checked exactly as the
 * single commands are. Two modes:
 * <ul>
 *   <li>{@code ALL_OR_NOTHING}: every item is recorded in one transaction, or none is. The first
 *   refused item (or any item that does not parse) refuses the batch: the answer is a problem with
 *   that item's status and every item's result; nothing was recorded.</li>
 *   <li>{@code PER_ITEM}: each item is recorded or refused on its own (a savepoint per item); the
 *   answer is {@code 200} with every item's result.</li>
 * </ul>
 * The batch and its Idempotency-Key commit together, as for every command. A write conflict with a
 * concurrent command on the same agreement is retried here (from the savepoint), never on another
 * thread, so a batch's items never escape its transaction.
 */
@RestController
@RequestMapping(path = "/api/v1/batches", produces = MediaType.APPLICATION_JSON_VALUE)
class BatchController {

    static final int MAX_ITEMS = 1000;
    private static final int MAX_ATTEMPTS = 5;
    private static final String PROBLEM_BASE = "https://mso-ledger.dev/problems/";

    enum Mode { ALL_OR_NOTHING, PER_ITEM }

    record BatchItemRequest(String agreementId, String type, JsonNode body) {
    }

    record BatchRequest(String batchId, String mode, List<BatchItemRequest> items) {
    }

    /** One item's outcome: its HTTP status as the single command would answer, and the entry or the problem. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemResult(int index, int status, EntryResource entry, ProblemDetail problem) {
    }

    record BatchResult(String batchId, Mode mode, int recorded, int refused, List<ItemResult> items) {
    }

    /** How the body of an item of one type becomes its command. */
    private record Kind<B>(Class<B> bodyType, java.util.function.BiFunction<B, AgreementRegistry.Known, EntryCommand> parser) {

        EntryCommand parse(ObjectMapper json, JsonNode body, AgreementRegistry.Known known) throws Exception {
            return parser.apply(json.treeToValue(body, bodyType), known);
        }
    }

    private static final Map<String, Kind<?>> KINDS = kinds();

    private static Map<String, Kind<?>> kinds() {
        Map<String, Kind<?>> kinds = new LinkedHashMap<>();
        kinds.put("fee-charges", new Kind<>(EntryController.FeeChargeRequest.class, EntryController::feeCharge));
        kinds.put("risk-share-accruals", new Kind<>(EntryController.RiskShareAccrualRequest.class, EntryController::riskShareAccrual));
        kinds.put("distributions", new Kind<>(EntryController.DistributionRequest.class, EntryController::distribution));
        kinds.put("asset-transfers", new Kind<>(EntryController.AssetTransferRequest.class, EntryController::assetTransfer));
        kinds.put("payments", new Kind<>(EntryController.PaymentRequest.class, EntryController::payment));
        kinds.put("reversals", new Kind<>(EntryController.ReversalRequest.class, EntryController::reversal));
        return Map.copyOf(kinds);
    }

    private final CommandSender commands;
    private final AgreementRegistry agreements;
    private final JdbcClient jdbc;
    private final Serializer eventSerializer;
    private final ObjectMapper json;
    private final Problems problems;
    private final TransactionTemplate savepoint;

    BatchController(CommandSender commands, AgreementRegistry agreements, JdbcClient jdbc,
                    @Qualifier("eventSerializer") Serializer eventSerializer, ObjectMapper json, Problems problems,
                    PlatformTransactionManager transactionManager) {
        this.commands = commands;
        this.agreements = agreements;
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.json = json;
        this.problems = problems;
        this.savepoint = new TransactionTemplate(transactionManager);
        // inside the request's transaction (idempotency): a savepoint; without one: a transaction of its own
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> post(@RequestBody BatchRequest body, HttpServletRequest request) {
        Input in = new Input();
        String batchId = in.identifier(body.batchId(), "batchId");
        Mode mode = in.enumValue(body.mode(), Mode.class, "mode", true);
        in.list(body.items(), "items", MAX_ITEMS, true);
        if (body.items() != null && body.items().isEmpty()) {
            in.fail("items", "must hold 1-" + MAX_ITEMS + " items");
        }
        in.validate();

        int size = body.items().size();
        EntryCommand[] parsed = new EntryCommand[size];
        ItemResult[] results = new ItemResult[size];
        Map<String, Optional<AgreementRegistry.Known>> known = new HashMap<>();
        for (int i = 0; i < size; i++) {
            try {
                parsed[i] = parse(body.items().get(i), known);
            } catch (Exception e) {
                results[i] = refused(i, e, request);
            }
        }
        List<String> streams = Arrays.stream(parsed).filter(java.util.Objects::nonNull).map(EntryCommand::targetStream).toList();
        Runnable unlock = commands.lockUntilCompletion(streams);
        try {
            return mode == Mode.ALL_OR_NOTHING
                    ? allOrNothing(batchId, parsed, results, request)
                    : perItem(batchId, parsed, results, request);
        } finally {
            unlock.run();
        }
    }

    private EntryCommand parse(BatchItemRequest item, Map<String, Optional<AgreementRegistry.Known>> known) throws Exception {
        if (item == null) {
            throw InvalidInput.of("item", "is required");
        }
        Input in = new Input();
        in.required(item.agreementId(), "agreementId");
        in.required(item.type(), "type");
        in.required(item.body(), "body");
        in.validate();
        Kind<?> kind = KINDS.get(item.type());
        if (kind == null) {
            throw InvalidInput.of("type", "must be one of " + String.join(", ", KINDS.keySet().stream().sorted().toList()));
        }
        if (!item.body().isObject()) {
            throw InvalidInput.of("body", "must be a JSON object: the body of the single command");
        }
        AgreementRegistry.Known agreement = known.computeIfAbsent(item.agreementId(), id -> Identifiers.isValid(id)
                        ? agreements.find(new AgreementId(id)) : Optional.empty())
                .orElseThrow(() -> RuleViolation.notFound("not-found", "agreementId", "no agreement " + item.agreementId()));
        return kind.parse(json, item.body(), agreement);
    }

    private ResponseEntity<Object> allOrNothing(String batchId, EntryCommand[] parsed, ItemResult[] results,
                                                HttpServletRequest request) {
        int failed = firstRefused(results);
        for (int attempt = 1; failed < 0; attempt++) {
            int[] refusedAt = {-1};
            Exception[] refusal = {null};
            Map<Integer, EntryResource> entries = savepoint.execute(status -> {
                for (int i = 0; i < parsed.length; i++) {
                    try {
                        commands.sendOnce(parsed[i], request);
                    } catch (Exception e) {
                        refusedAt[0] = i;
                        refusal[0] = e;
                        status.setRollbackOnly();
                        commands.discardPendingAggregates();
                        return null;
                    }
                }
                return stored(parsed);
            });
            if (entries != null) {
                for (int i = 0; i < parsed.length; i++) {
                    results[i] = new ItemResult(i, HttpStatus.CREATED.value(), entries.get(i), null);
                }
                return ok(batchId, Mode.ALL_OR_NOTHING, results, entries);
            }
            if (retryable(refusal[0]) && attempt < MAX_ATTEMPTS) {
                pause(attempt);
                continue;
            }
            failed = refusedAt[0];
            results[failed] = refused(failed, refusal[0], request);
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                ProblemDetail notRecorded = problem(HttpStatus.FAILED_DEPENDENCY, "batch-refused", "Not recorded",
                        "not recorded: item " + failed + " was refused and the batch is all or nothing");
                results[i] = new ItemResult(i, HttpStatus.FAILED_DEPENDENCY.value(), null, notRecorded);
            }
        }
        ProblemDetail first = results[failed].problem();
        HttpStatus status = HttpStatus.valueOf(first.getStatus());
        ProblemDetail problem = problem(status, "batch-refused", "Batch refused", "item " + failed + " was refused ("
                + first.getDetail() + "); nothing in the batch was recorded");
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("batchId", batchId);
        problem.setProperty("mode", Mode.ALL_OR_NOTHING);
        problem.setProperty("failedIndex", failed);
        problem.setProperty("items", Arrays.asList(results));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private ResponseEntity<Object> perItem(String batchId, EntryCommand[] parsed, ItemResult[] results,
                                           HttpServletRequest request) {
        for (int i = 0; i < parsed.length; i++) {
            if (parsed[i] == null) {
                continue;
            }
            EntryCommand command = parsed[i];
            for (int attempt = 1; ; attempt++) {
                Exception failure = savepoint.execute(status -> {
                    try {
                        commands.sendOnce(command, request);
                        return null;
                    } catch (Exception e) {
                        status.setRollbackOnly();
                        commands.discardPendingAggregates();
                        return e;
                    }
                });
                if (failure == null) {
                    break;
                }
                if (retryable(failure) && attempt < MAX_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                results[i] = refused(i, failure, request);
                parsed[i] = null;
                break;
            }
        }
        Map<Integer, EntryResource> entries = stored(parsed);
        for (int i = 0; i < parsed.length; i++) {
            if (parsed[i] != null) {
                results[i] = new ItemResult(i, HttpStatus.CREATED.value(), entries.get(i), null);
            }
        }
        return ok(batchId, Mode.PER_ITEM, results, entries);
    }

    private static ResponseEntity<Object> ok(String batchId, Mode mode, ItemResult[] results, Map<Integer, EntryResource> entries) {
        int recorded = entries.size();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        entries.values().stream().mapToLong(EntryResource::position).max()
                .ifPresent(position -> response.header(CommandSender.POSITION_HEADER, Long.toString(position)));
        return response.body(new BatchResult(batchId, mode, recorded, results.length - recorded, Arrays.asList(results)));
    }

    private ItemResult refused(int index, Exception e, HttpServletRequest request) {
        ProblemDetail problem = problems.describe(e, request);
        return new ItemResult(index, problem.getStatus(), null, problem);
    }

    /** A concurrent command on the same agreement won the race: the batch (or item) may try again on fresh state. */
    private static boolean retryable(Exception e) {
        return e instanceof ConcurrencyException;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a batch", e);
        }
    }

    private static int firstRefused(ItemResult[] results) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /** The entries of the recorded items (non-null commands) exactly as the event store holds them, by item index. */
    private Map<Integer, EntryResource> stored(EntryCommand[] commands) {
        Map<String, List<Integer>> indexes = new HashMap<>();
        List<Object> keys = new ArrayList<>();
        Map<Integer, EntryResource> entries = new HashMap<>();
        for (int i = 0; i < commands.length; i++) {
            if (commands[i] != null) {
                String key = commands[i].agreementId().value() + '\u0000' + commands[i].entryId();
                if (!indexes.containsKey(key)) {
                    keys.add(commands[i].agreementId().value());
                    keys.add(commands[i].entryId());
                }
                indexes.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        int chunk = 1000; // pairs per query
        for (int from = 0; from < keys.size(); from += 2 * chunk) {
            List<Object> params = keys.subList(from, Math.min(keys.size(), from + 2 * chunk));
            String pairs = String.join(", ", java.util.Collections.nCopies(params.size() / 2, "(?, ?)"));
            jdbc.sql("""
                            select r.agreement_id, r.entry_id, e.payload, e.payload_type, e.payload_revision, e.time_stamp,
                                   e.global_index
                            from entry_registry r join domain_event_entry e on e.event_identifier = r.event_identifier
                            where (r.agreement_id, r.entry_id) in (%s)""".formatted(pairs))
                    .params(params)
                    .query(rs -> {
                        SerializedType type = new SimpleSerializedType(rs.getString(4), rs.getString(5));
                        EntryEvent event = eventSerializer.deserialize(
                                new SimpleSerializedObject<>(rs.getBytes(3), byte[].class, type));
                        EntryResource entry = EntryResource.of(event, Instant.parse(rs.getString(6)), rs.getLong(7), null);
                        for (int index : indexes.getOrDefault(rs.getString(1) + '\u0000' + rs.getString(2), List.of())) {
                            entries.put(index, entry);
                        }
                    });
        }
        for (int i = 0; i < commands.length; i++) {
            if (commands[i] != null && !entries.containsKey(i)) {
                throw new IllegalStateException("entry " + commands[i].entryId() + " recorded but not in the entry registry");
            }
        }
        return entries;
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + code));
        problem.setTitle(title);
        return problem;
    }
}
