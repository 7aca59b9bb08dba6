package com.msoledger.ledger.agreement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.entry.EntryCommand;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.http.EntryResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.ledger.command.CommandDispatcher;
import com.msoledger.ledger.command.Dispatched;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.web.RequestFields;
import com.msoledger.ledger.web.InvalidInput;
import com.msoledger.ledger.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

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
 * The batch and its Idempotency-Key commit together, as for every command; the {@link CommandDispatcher}
 * records the items (locks, savepoints, the retry of a write conflict, metrics) exactly as it records
 * single commands, never on another thread, so a batch's items never escape its transaction.
 */
@RestController
@RequestMapping(path = "/api/v1/batches", produces = MediaType.APPLICATION_JSON_VALUE)
class BatchController {

    static final int MAX_ITEMS = 1000;

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
    private record Kind<B>(Class<B> bodyType, BiFunction<B, AgreementDirectory.RegisteredAgreement, EntryCommand> parser) {

        EntryCommand parse(ObjectMapper json, JsonNode body, AgreementDirectory.RegisteredAgreement known) throws Exception {
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

    private final CommandDispatcher commands;
    private final AgreementDirectory agreements;
    private final ObjectMapper json;
    private final Problems problems;

    BatchController(CommandDispatcher commands, AgreementDirectory agreements, ObjectMapper json, Problems problems) {
        this.commands = commands;
        this.agreements = agreements;
        this.json = json;
        this.problems = problems;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> post(@RequestBody BatchRequest body, HttpServletRequest request) {
        RequestFields in = new RequestFields();
        String batchId = in.identifier(body.batchId(), "batchId");
        Mode mode = in.enumValue(body.mode(), Mode.class, "mode", true);
        in.list(body.items(), "items", MAX_ITEMS, true);
        if (body.items() != null && body.items().isEmpty()) {
            in.fail("items", "must hold 1-" + MAX_ITEMS + " items");
        }
        in.validate();

        int size = body.items().size();
        ItemResult[] results = new ItemResult[size];
        List<EntryCommand> parsed = new ArrayList<>(size);
        List<Integer> indexes = new ArrayList<>(size);
        Map<String, Optional<AgreementDirectory.RegisteredAgreement>> known = new HashMap<>();
        for (int i = 0; i < size; i++) {
            try {
                parsed.add(parse(body.items().get(i), known));
                indexes.add(i);
            } catch (Exception e) {
                results[i] = refused(i, e, request);
            }
        }
        return mode == Mode.ALL_OR_NOTHING
                ? allOrNothing(batchId, parsed, indexes, results, request)
                : perItem(batchId, parsed, indexes, results, request);
    }

    private EntryCommand parse(BatchItemRequest item, Map<String, Optional<AgreementDirectory.RegisteredAgreement>> known) throws Exception {
        if (item == null) {
            throw InvalidInput.of("item", "is required");
        }
        RequestFields in = new RequestFields();
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
        AgreementDirectory.RegisteredAgreement agreement = known.computeIfAbsent(item.agreementId(), id -> Identifiers.isValid(id)
                        ? agreements.find(new AgreementId(id)) : Optional.empty())
                .orElseThrow(() -> RuleViolation.notFound("not-found", "agreementId", "no agreement " + item.agreementId()));
        return kind.parse(json, item.body(), agreement);
    }

    private ResponseEntity<Object> allOrNothing(String batchId, List<EntryCommand> parsed, List<Integer> indexes,
                                                ItemResult[] results, HttpServletRequest request) {
        int failed = firstRefused(results);
        if (failed < 0) {
            try {
                List<Dispatched<?>> recorded = commands.dispatchAll(parsed, request);
                for (int i = 0; i < recorded.size(); i++) {
                    results[indexes.get(i)] = created(indexes.get(i), recorded.get(i));
                }
                return ok(batchId, Mode.ALL_OR_NOTHING, results);
            } catch (CommandDispatcher.BatchRefused e) {
                failed = indexes.get(e.index());
                results[failed] = refused(failed, e.refusal(), request);
            }
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                ProblemDetail notRecorded = Problems.problem(HttpStatus.FAILED_DEPENDENCY, "batch-refused", "Not recorded",
                        "not recorded: item " + failed + " was refused and the batch is all or nothing");
                results[i] = new ItemResult(i, HttpStatus.FAILED_DEPENDENCY.value(), null, notRecorded);
            }
        }
        ProblemDetail first = results[failed].problem();
        HttpStatus status = HttpStatus.valueOf(first.getStatus());
        ProblemDetail problem = Problems.problem(status, "batch-refused", "Batch refused", "item " + failed
                + " was refused (" + first.getDetail() + "); nothing in the batch was recorded");
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("batchId", batchId);
        problem.setProperty("mode", Mode.ALL_OR_NOTHING);
        problem.setProperty("failedIndex", failed);
        problem.setProperty("items", Arrays.asList(results));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private ResponseEntity<Object> perItem(String batchId, List<EntryCommand> parsed, List<Integer> indexes,
                                           ItemResult[] results, HttpServletRequest request) {
        List<CommandDispatcher.Attempt> attempts = commands.dispatchEach(parsed, request);
        for (int i = 0; i < attempts.size(); i++) {
            int index = indexes.get(i);
            CommandDispatcher.Attempt attempt = attempts.get(i);
            results[index] = attempt.refusal() == null ? created(index, attempt.dispatched())
                    : refused(index, attempt.refusal(), request);
        }
        return ok(batchId, Mode.PER_ITEM, results);
    }

    /** The answer when nothing refused the batch as a whole; {@code Ledger-Position}: the newest entry it answers. */
    private static ResponseEntity<Object> ok(String batchId, Mode mode, ItemResult[] results) {
        List<ItemResult> items = Arrays.asList(results);
        int recorded = (int) items.stream().filter(item -> item.entry() != null).count();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        items.stream().filter(item -> item.entry() != null).mapToLong(item -> item.entry().position()).max()
                .ifPresent(position -> response.header(CommandDispatcher.POSITION_HEADER, Long.toString(position)));
        return response.body(new BatchResult(batchId, mode, recorded, results.length - recorded, items));
    }

    private static ItemResult created(int index, Dispatched<?> dispatched) {
        return new ItemResult(index, HttpStatus.CREATED.value(), EntryController.resource(dispatched.answer(EntryEvent.class)),
                null);
    }

    private ItemResult refused(int index, Exception e, HttpServletRequest request) {
        ProblemDetail problem = problems.describe(e, request);
        return new ItemResult(index, problem.getStatus(), null, problem);
    }

    private static int firstRefused(ItemResult[] results) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                return i;
            }
        }
        return -1;
    }
}
