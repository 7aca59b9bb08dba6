package com.msoledger.bench;

import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The realistic command mix: service fees of all four fee types, risk-share accruals, payments, and
 * occasional distributions and reversals, over many agreements plus one hot agreement. Every command is
 * valid when sent: fixed monthly fees and accruals take each period once, reversals name an entry the
 * ledger confirmed and nobody reversed yet, distributions stay far below the income already charged.
 */
final class Workload {

    /** Entries are dated in 2015-01 … 2026-10: past, open periods of agreements effective from 2015-01-01. */
    static final YearMonth FIRST = YearMonth.of(2015, 1);
    static final int MONTHS = 142;
    static final String EFFECTIVE_FROM = "2015-01-01";

    /** One agreement's state as far as generating valid commands needs it. */
    static final class Agreement {
        final String id;
        final AtomicLong entries = new AtomicLong();
        final AtomicInteger fixedFees = new AtomicInteger();
        final AtomicInteger accruals = new AtomicInteger();
        final ConcurrentLinkedDeque<String[]> reversible = new ConcurrentLinkedDeque<>();

        Agreement(String id) {
            this.id = id;
        }
    }

    /** One command: where it goes (the single command's path segment), its body, the entry it records. */
    record Command(Agreement agreement, String type, String body, String entryId, String effectiveDate, boolean reversible) {

        String path() {
            return "/api/v1/agreements/" + agreement.id + "/" + type;
        }

        String batchItem() {
            return "{\"agreementId\":\"" + agreement.id + "\",\"type\":\"" + type + "\",\"body\":" + body + "}";
        }

        /** Called once the ledger confirmed the entry: it may be reversed later. */
        void confirmed() {
            if (reversible) {
                agreement.reversible.add(new String[]{entryId, effectiveDate});
            }
        }
    }

    private final List<Agreement> agreements;
    private final Agreement hot;
    private final double hotShare;

    Workload(List<Agreement> agreements, Agreement hot, double hotShare) {
        this.agreements = agreements;
        this.hot = hot;
        this.hotShare = hotShare;
    }

    List<Agreement> agreements() {
        return agreements;
    }

    Agreement hot() {
        return hot;
    }

    /** A command on the hot agreement with probability hotShare, else on a random other one. */
    Command next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Agreement agreement = random.nextDouble() < hotShare ? hot : agreements.get(random.nextInt(agreements.size()));
        return next(agreement);
    }

    static Command next(Agreement agreement) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int roll = random.nextInt(100);
        if (roll < 5) {
            String[] original = agreement.reversible.pollFirst();
            if (original != null) {
                return reversal(agreement, original);
            }
            return payment(agreement);
        }
        if (roll < 8) {
            return distribution(agreement);
        }
        if (roll < 18) {
            int period = agreement.accruals.getAndIncrement();
            if (period < MONTHS) {
                return accrual(agreement, period);
            }
            return fee(agreement, "BILLING");
        }
        if (roll < 24) {
            int period = agreement.fixedFees.getAndIncrement();
            if (period < MONTHS) {
                return fixedFee(agreement, period);
            }
            return fee(agreement, "IT");
        }
        if (roll < 70) {
            String[] services = {"BILLING", "IT", "FACILITY"};
            return fee(agreement, services[random.nextInt(services.length)]);
        }
        return payment(agreement);
    }

    private static String id(Agreement agreement, String prefix) {
        return prefix + "-" + agreement.entries.incrementAndGet();
    }

    /** One of the MONTHS periods, at random. */
    static YearMonth randomMonth() {
        return FIRST.plusMonths(ThreadLocalRandom.current().nextInt(MONTHS));
    }

    private static String date(YearMonth month) {
        return month.atDay(1 + ThreadLocalRandom.current().nextInt(month.lengthOfMonth())).toString();
    }

    private static String amount(int minCents, int maxCents) {
        long cents = ThreadLocalRandom.current().nextLong(minCents, maxCents);
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /** A fee charge whose amount the ledger computes from the basis (BILLING: % of collections, IT: per unit, FACILITY: cost plus). */
    static Command fee(Agreement agreement, String service) {
        YearMonth month = randomMonth();
        String id = id(agreement, "fee");
        String basis;
        if (service.equals("BILLING")) {
            basis = "{\"collections\":\"" + amount(5_000_000, 30_000_000) + "\"}";
        } else if (service.equals("IT")) {
            basis = "{\"units\":" + ThreadLocalRandom.current().nextInt(1, 40) + "}";
        } else {
            basis = "{\"cost\":\"" + amount(100_000, 2_000_000) + "\"}";
        }
        String date = date(month);
        String body = "{\"chargeId\":\"" + id + "\",\"serviceCode\":\"" + service + "\",\"period\":\"" + month
                + "\",\"effectiveDate\":\"" + date + "\",\"basis\":" + basis + "}";
        return new Command(agreement, "fee-charges", body, id, date, true);
    }

    /** The FIXED_MONTHLY HR fee, once per period. */
    static Command fixedFee(Agreement agreement, int period) {
        YearMonth month = FIRST.plusMonths(period);
        String id = id(agreement, "hr");
        String date = month.atEndOfMonth().toString();
        String body = "{\"chargeId\":\"" + id + "\",\"serviceCode\":\"HR\",\"period\":\"" + month + "\",\"effectiveDate\":\""
                + date + "\"}";
        return new Command(agreement, "fee-charges", body, id, date, false); // reversing it would free the period
    }

    static Command accrual(Agreement agreement, int period) {
        YearMonth month = FIRST.plusMonths(period);
        String id = id(agreement, "risk");
        String date = month.atEndOfMonth().toString();
        String body = "{\"accrualId\":\"" + id + "\",\"period\":\"" + month + "\",\"effectiveDate\":\"" + date
                + "\",\"practiceRevenue\":\"" + amount(25_000_000, 40_000_000) + "\",\"practiceExpenses\":\""
                + amount(15_000_000, 30_000_000) + "\"}";
        return new Command(agreement, "risk-share-accruals", body, id, date, false);
    }

    static Command payment(Agreement agreement) {
        String id = id(agreement, "pay");
        String date = date(randomMonth());
        String direction = ThreadLocalRandom.current().nextInt(10) == 0 ? "MSO_TO_PRACTICE" : "PRACTICE_TO_MSO";
        String body = "{\"paymentId\":\"" + id + "\",\"direction\":\"" + direction + "\",\"amount\":\"" + amount(10_000, 2_000_000)
                + "\",\"effectiveDate\":\"" + date + "\",\"reference\":\"WIRE-" + id + "\"}";
        return new Command(agreement, "payments", body, id, date, true);
    }

    /** A small distribution: the seed's first fee alone leaves thousands undistributed. */
    static Command distribution(Agreement agreement) {
        YearMonth month = randomMonth();
        String id = id(agreement, "dist");
        String date = date(month);
        String body = "{\"distributionId\":\"" + id + "\",\"period\":\"" + month + "\",\"effectiveDate\":\"" + date
                + "\",\"amount\":\"" + amount(100, 1_000) + "\"}";
        return new Command(agreement, "distributions", body, id, date, false);
    }

    static Command reversal(Agreement agreement, String[] original) {
        String id = id(agreement, "rev");
        String body = "{\"reversalId\":\"" + id + "\",\"entryId\":\"" + original[0] + "\",\"reason\":\"entered in error\","
                + "\"effectiveDate\":\"" + original[1] + "\"}";
        return new Command(agreement, "reversals", body, id, original[1], false);
    }

    /** The first entry of every agreement: a large BILLING fee, so distributions always have income to draw on. */
    static Command opening(Agreement agreement) {
        String id = id(agreement, "open");
        String body = "{\"chargeId\":\"" + id + "\",\"serviceCode\":\"BILLING\",\"period\":\"2015-01\",\"effectiveDate\":\"2015-01-31\","
                + "\"basis\":{\"collections\":\"9000000.00\"}}";
        return new Command(agreement, "fee-charges", body, id, "2015-01-31", false);
    }

    /** The body of a POST /api/v1/batches: a fresh batch id, the mode, the items ({@link Command#batchItem()}). */
    static String batch(String mode, List<String> items) {
        return "{\"batchId\":\"b-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "\",\"mode\":\""
                + mode + "\",\"items\":[" + String.join(",", items) + "]}";
    }
}
