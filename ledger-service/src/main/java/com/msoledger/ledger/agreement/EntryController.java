package com.msoledger.ledger.agreement;

import com.msoledger.api.entry.AccrueRiskShare;
import com.msoledger.api.entry.AssetCategory;
import com.msoledger.api.entry.ChargeServiceFee;
import com.msoledger.api.entry.ClosePeriod;
import com.msoledger.api.entry.Consideration;
import com.msoledger.api.entry.DistributeProfit;
import com.msoledger.api.entry.EntryCommand;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.FeeBasis;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.PeriodClosed;
import com.msoledger.api.entry.RecordPayment;
import com.msoledger.api.entry.ReverseEntry;
import com.msoledger.api.entry.TransferAsset;
import com.msoledger.api.http.EntryResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.command.CommandDispatcher;
import com.msoledger.ledger.command.Dispatched;
import com.msoledger.ledger.command.Original;
import com.msoledger.ledger.command.Recorded;
import com.msoledger.ledger.web.RequestFields;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * The financial commands on an agreement. Each answers {@code 201} with the entry as stored (for a
 * retried request: the original entry, unchanged), amounts as decimal strings in the agreement's
 * currency.
 */
@RestController
@RequestMapping(path = "/api/v1/agreements/{agreementId}", produces = MediaType.APPLICATION_JSON_VALUE)
class EntryController {

    private final CommandDispatcher commands;
    private final AgreementDirectory agreements;

    EntryController(CommandDispatcher commands, AgreementDirectory agreements) {
        this.commands = commands;
        this.agreements = agreements;
    }

    record BasisInput(String collections, Long units, String cost) {
    }

    record FeeChargeRequest(String chargeId, String serviceCode, String period, String effectiveDate, BasisInput basis,
                            String correctsPeriod) {
    }

    record RiskShareAccrualRequest(String accrualId, String period, String effectiveDate, String practiceRevenue,
                                   String practiceExpenses, String correctsPeriod) {
    }

    record DistributionRequest(String distributionId, String period, String effectiveDate, String amount,
                               String correctsPeriod) {
    }

    record AssetTransferRequest(String transferId, String assetId, String description, String category,
                                String fairMarketValue, String effectiveDate, String consideration) {
    }

    record PaymentRequest(String paymentId, String direction, String amount, String effectiveDate, String reference) {
    }

    record ReversalRequest(String reversalId, String entryId, String reason, String effectiveDate, String correctsPeriod) {
    }

    /** The answer to closing a period. */
    record PeriodClosedResource(AgreementId agreementId, Period period, String status) {
    }

    @PostMapping(path = "/fee-charges", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EntryResource> chargeFee(@PathVariable String agreementId, @RequestBody FeeChargeRequest body,
                                            HttpServletRequest request) {
        return record(agreementId, request, known -> feeCharge(body, known));
    }

    @PostMapping(path = "/risk-share-accruals", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EntryResource> accrueRiskShare(@PathVariable String agreementId,
                                                  @RequestBody RiskShareAccrualRequest body, HttpServletRequest request) {
        return record(agreementId, request, known -> riskShareAccrual(body, known));
    }

    @PostMapping(path = "/distributions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EntryResource> distribute(@PathVariable String agreementId, @RequestBody DistributionRequest body,
                                             HttpServletRequest request) {
        return record(agreementId, request, known -> distribution(body, known));
    }

    @PostMapping(path = "/asset-transfers", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EntryResource> transferAsset(@PathVariable String agreementId, @RequestBody AssetTransferRequest body,
                                                HttpServletRequest request) {
        return record(agreementId, request, known -> assetTransfer(body, known));
    }

    @PostMapping(path = "/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EntryResource> recordPayment(@PathVariable String agreementId, @RequestBody PaymentRequest body,
                                                HttpServletRequest request) {
        return record(agreementId, request, known -> payment(body, known));
    }

    @PostMapping(path = "/reversals", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EntryResource> reverse(@PathVariable String agreementId, @RequestBody ReversalRequest body,
                                          HttpServletRequest request) {
        return record(agreementId, request, known -> reversal(body, known));
    }

    @PostMapping(path = "/periods/{period}/close")
    ResponseEntity<PeriodClosedResource> closePeriod(@PathVariable String agreementId, @PathVariable String period,
                                                     HttpServletRequest request) {
        AgreementDirectory.RegisteredAgreement known = agreements.require(agreementId);
        RequestFields in = new RequestFields();
        Period parsed = in.period(period, "period");
        in.validate();
        Dispatched<PeriodClosed> sent = commands.dispatch(new ClosePeriod(known.agreementId(), parsed),
                Original.first(known.agreementId().streamId(), PeriodClosed.class, "period", parsed.toString()), request);
        PeriodClosed closed = sent.result();
        return ResponseEntity.ok()
                .header(CommandDispatcher.POSITION_HEADER, Long.toString(sent.position()))
                .body(new PeriodClosedResource(closed.agreementId(), closed.period(), "CLOSED"));
    }

    /** The command a {@code FeeChargeRequest} body asks for (shared with batches); invalid fields are an InvalidInput (400). */
    static ChargeServiceFee feeCharge(FeeChargeRequest body, AgreementDirectory.RegisteredAgreement known) {
        RequestFields in = new RequestFields();
        String id = in.identifier(body.chargeId(), "chargeId");
        String service = in.serviceCode(body.serviceCode(), "serviceCode");
        Period period = in.period(body.period(), "period");
        LocalDate date = in.date(body.effectiveDate(), "effectiveDate", true);
        FeeBasis basis = FeeBasis.NONE;
        if (body.basis() != null) {
            basis = new FeeBasis(in.money(body.basis().collections(), known.currency(), "basis.collections"),
                    body.basis().units(), in.money(body.basis().cost(), known.currency(), "basis.cost"));
        }
        Period corrects = optionalPeriod(in, body.correctsPeriod(), "correctsPeriod");
        in.validate();
        return new ChargeServiceFee(known.agreementId(), id, service, period, date, basis, corrects);
    }

    /** The command a {@code RiskShareAccrualRequest} body asks for (shared with batches); invalid fields are an InvalidInput (400). */
    static AccrueRiskShare riskShareAccrual(RiskShareAccrualRequest body, AgreementDirectory.RegisteredAgreement known) {
        RequestFields in = new RequestFields();
        String id = in.identifier(body.accrualId(), "accrualId");
        Period period = in.period(body.period(), "period");
        LocalDate date = in.date(body.effectiveDate(), "effectiveDate", true);
        Money revenue = in.required(in.money(body.practiceRevenue(), known.currency(), "practiceRevenue"), "practiceRevenue");
        Money expenses = in.required(in.money(body.practiceExpenses(), known.currency(), "practiceExpenses"), "practiceExpenses");
        Period corrects = optionalPeriod(in, body.correctsPeriod(), "correctsPeriod");
        in.validate();
        return new AccrueRiskShare(known.agreementId(), id, period, date, revenue, expenses, corrects);
    }

    /** The command a {@code DistributionRequest} body asks for (shared with batches); invalid fields are an InvalidInput (400). */
    static DistributeProfit distribution(DistributionRequest body, AgreementDirectory.RegisteredAgreement known) {
        RequestFields in = new RequestFields();
        String id = in.identifier(body.distributionId(), "distributionId");
        Period period = in.period(body.period(), "period");
        LocalDate date = in.date(body.effectiveDate(), "effectiveDate", true);
        Money amount = in.required(in.money(body.amount(), known.currency(), "amount"), "amount");
        Period corrects = optionalPeriod(in, body.correctsPeriod(), "correctsPeriod");
        in.validate();
        return new DistributeProfit(known.agreementId(), id, period, date, amount, corrects);
    }

    /** The command a {@code AssetTransferRequest} body asks for (shared with batches); invalid fields are an InvalidInput (400). */
    static TransferAsset assetTransfer(AssetTransferRequest body, AgreementDirectory.RegisteredAgreement known) {
        RequestFields in = new RequestFields();
        String id = in.identifier(body.transferId(), "transferId");
        String assetId = in.identifier(body.assetId(), "assetId");
        String description = in.text(body.description(), "description", TermsRules.MAX_TEXT, true);
        AssetCategory category = in.enumValue(body.category(), AssetCategory.class, "category", true);
        Money value = in.required(in.money(body.fairMarketValue(), known.currency(), "fairMarketValue"), "fairMarketValue");
        LocalDate date = in.date(body.effectiveDate(), "effectiveDate", true);
        Consideration consideration = in.enumValue(body.consideration(), Consideration.class, "consideration", true);
        in.validate();
        return new TransferAsset(known.agreementId(), id, assetId, description, category, value, date, consideration);
    }

    /** The command a {@code PaymentRequest} body asks for (shared with batches); invalid fields are an InvalidInput (400). */
    static RecordPayment payment(PaymentRequest body, AgreementDirectory.RegisteredAgreement known) {
        RequestFields in = new RequestFields();
        String id = in.identifier(body.paymentId(), "paymentId");
        PaymentDirection direction = in.enumValue(body.direction(), PaymentDirection.class, "direction", true);
        Money amount = in.required(in.money(body.amount(), known.currency(), "amount"), "amount");
        LocalDate date = in.date(body.effectiveDate(), "effectiveDate", true);
        String reference = in.text(body.reference(), "reference", Agreement.MAX_REFERENCE, false);
        in.validate();
        return new RecordPayment(known.agreementId(), id, direction, amount, date, reference);
    }

    /** The command a {@code ReversalRequest} body asks for (shared with batches); invalid fields are an InvalidInput (400). */
    static ReverseEntry reversal(ReversalRequest body, AgreementDirectory.RegisteredAgreement known) {
        RequestFields in = new RequestFields();
        String id = in.identifier(body.reversalId(), "reversalId");
        String entryId = in.identifier(body.entryId(), "entryId");
        String reason = in.multilineText(body.reason(), "reason", Agreement.MAX_REASON, true);
        LocalDate date = in.date(body.effectiveDate(), "effectiveDate", true);
        Period corrects = optionalPeriod(in, body.correctsPeriod(), "correctsPeriod");
        in.validate();
        return new ReverseEntry(known.agreementId(), id, entryId, reason, date, corrects);
    }

    private ResponseEntity<EntryResource> record(String agreementId, HttpServletRequest request,
                                                 Function<AgreementDirectory.RegisteredAgreement, EntryCommand> parse) {
        AgreementDirectory.RegisteredAgreement known = agreements.require(agreementId);
        EntryCommand command = parse.apply(known);
        Dispatched<EntryOutcome> sent = commands.dispatch(command, Original.entry(command), request);
        EntryResource entry = resource(sent.answer(EntryEvent.class));
        return ResponseEntity.created(URI.create("/api/v1/agreements/" + agreementId + "/entries/" + entry.entryId()))
                .header(CommandDispatcher.POSITION_HEADER, Long.toString(sent.position()))
                .body(entry);
    }

    /** The entry as the command recorded it (for a repeat: as recorded the first time); shared with batches. */
    static EntryResource resource(Recorded<EntryEvent> entry) {
        return EntryResource.of(entry.payload(), entry.recordedAt(), entry.position(), null);
    }

    private static Period optionalPeriod(RequestFields in, String value, String field) {
        return value == null ? null : in.period(value, field);
    }

}
