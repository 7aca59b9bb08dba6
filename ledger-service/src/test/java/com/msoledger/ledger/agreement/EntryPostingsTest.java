package com.msoledger.ledger.agreement;

import com.msoledger.api.entry.Accounts;
import com.msoledger.api.entry.Consideration;
import com.msoledger.api.entry.Owed;
import com.msoledger.api.entry.OwnerShare;
import com.msoledger.api.entry.PaymentDirection;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.entry.Side;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.party.Owner;
import com.msoledger.testing.Gen;
import com.msoledger.testing.Property;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The postings of every entry type, and the split of a distribution among owners. */
class EntryPostingsTest {

    private static final Money AMOUNT = usd(1_234_56);
    private static final List<Owner> HARBOR_OWNERS = List.of(
            new Owner("physicians", "Harbor Physician Owners", Percent.parse("51.00")),
            new Owner("investor", "Summit Health Partners LP", Percent.parse("49.00")));

    private static Money usd(long minor) {
        return Money.ofMinor(minor, "USD");
    }

    private static long total(List<Posting> postings, Side side) {
        return postings.stream().filter(p -> p.side() == side).mapToLong(p -> p.amount().minorUnits()).sum();
    }

    /** Balance per account, debits minus credits. */
    private static Map<String, Long> net(List<Posting> postings) {
        Map<String, Long> net = new HashMap<>();
        postings.forEach(p -> net.merge(p.account(), p.signedMinorUnits(), Long::sum));
        return net;
    }

    static Stream<Named<List<Posting>>> everyEntryType() {
        return Stream.of(
                Named.of("service fee", EntryPostings.serviceFee(AMOUNT)),
                Named.of("risk share on a gain", EntryPostings.riskShare(Owed.PRACTICE_TO_MSO, AMOUNT)),
                Named.of("risk share on a loss", EntryPostings.riskShare(Owed.MSO_TO_PRACTICE, AMOUNT)),
                Named.of("distribution", EntryPostings.distribution(usd(100_01),
                        EntryPostings.split(usd(100_01), HARBOR_OWNERS))),
                Named.of("asset transfer paid in cash", EntryPostings.assetTransfer(AMOUNT, Consideration.CASH)),
                Named.of("asset transfer on account", EntryPostings.assetTransfer(AMOUNT, Consideration.PAYABLE)),
                Named.of("payment from the practice", EntryPostings.payment(PaymentDirection.PRACTICE_TO_MSO, AMOUNT)),
                Named.of("payment to the practice", EntryPostings.payment(PaymentDirection.MSO_TO_PRACTICE, AMOUNT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEntryType")
    void postsAsMuchToDebitsAsToCredits(List<Posting> postings) {
        assertThat(total(postings, Side.DEBIT)).isPositive().isEqualTo(total(postings, Side.CREDIT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEntryType")
    void reversesByPostingEveryLineOnTheOtherSide(List<Posting> postings) {
        List<Posting> reversal = EntryPostings.reversal(postings);

        assertThat(reversal).hasSameSizeAs(postings);
        for (int i = 0; i < postings.size(); i++) {
            Posting original = postings.get(i);
            assertThat(reversal.get(i)).isEqualTo(new Posting(original.account(), original.side().opposite(), original.amount()));
        }
        assertThat(total(reversal, Side.DEBIT)).isEqualTo(total(postings, Side.CREDIT));
        List<Posting> pair = new ArrayList<>(postings);
        pair.addAll(reversal);
        assertThat(net(pair)).as("original and reversal together").allSatisfy((account, balance) -> assertThat(balance).isZero());
    }

    @Test
    void chargesAServiceFeeToThePracticeAsFeeRevenue() {
        assertThat(EntryPostings.serviceFee(AMOUNT)).containsExactly(
                Posting.debit(Accounts.PRACTICE_RECEIVABLE, AMOUNT), Posting.credit(Accounts.MSO_FEE_REVENUE, AMOUNT));
    }

    @Test
    void accruesAGainAsOwedByThePracticeAndEarnedAsRiskShareIncome() {
        assertThat(EntryPostings.riskShare(Owed.PRACTICE_TO_MSO, AMOUNT)).containsExactly(
                Posting.debit(Accounts.PRACTICE_RECEIVABLE, AMOUNT), Posting.credit(Accounts.RISK_SHARE_INCOME, AMOUNT));
    }

    @Test
    void accruesALossAsRiskShareExpenseOwedToThePractice() {
        assertThat(EntryPostings.riskShare(Owed.MSO_TO_PRACTICE, AMOUNT)).containsExactly(
                Posting.debit(Accounts.RISK_SHARE_EXPENSE, AMOUNT), Posting.credit(Accounts.PRACTICE_PAYABLE, AMOUNT));
    }

    @Test
    void postsNothingWhenNothingIsOwed() {
        assertThat(EntryPostings.riskShare(Owed.NOTHING, usd(0))).isEmpty();
    }

    @Test
    void distributesTheAmountToEachOwnersPayable() {
        List<OwnerShare> shares = EntryPostings.split(usd(100_01), HARBOR_OWNERS);

        assertThat(EntryPostings.distribution(usd(100_01), shares)).containsExactly(
                Posting.debit(Accounts.DISTRIBUTABLE_PROFIT, usd(100_01)),
                Posting.credit("distributions_payable:physicians", usd(51_01)),
                Posting.credit("distributions_payable:investor", usd(49_00)));
    }

    @Test
    void givesAnOwnerWhosePartIsZeroNoPosting() {
        List<Owner> even = List.of(new Owner("a", "A", Percent.parse("50.00")), new Owner("b", "B", Percent.parse("50.00")));
        List<OwnerShare> shares = EntryPostings.split(usd(1), even);

        assertThat(shares).extracting(OwnerShare::amount).containsExactly(usd(1), usd(0));
        assertThat(EntryPostings.distribution(usd(1), shares)).containsExactly(
                Posting.debit(Accounts.DISTRIBUTABLE_PROFIT, usd(1)), Posting.credit("distributions_payable:a", usd(1)));
    }

    @Test
    void takesOverAnAssetPaidInCash() {
        assertThat(EntryPostings.assetTransfer(AMOUNT, Consideration.CASH)).containsExactly(
                Posting.debit(Accounts.FIXED_ASSETS, AMOUNT), Posting.credit(Accounts.CASH, AMOUNT));
    }

    @Test
    void takesOverAnAssetOnAccountAsOwedToThePractice() {
        assertThat(EntryPostings.assetTransfer(AMOUNT, Consideration.PAYABLE)).containsExactly(
                Posting.debit(Accounts.FIXED_ASSETS, AMOUNT), Posting.credit(Accounts.PRACTICE_PAYABLE, AMOUNT));
    }

    @Test
    void settlesThePracticesReceivableWithItsPayment() {
        assertThat(EntryPostings.payment(PaymentDirection.PRACTICE_TO_MSO, AMOUNT)).containsExactly(
                Posting.debit(Accounts.CASH, AMOUNT), Posting.credit(Accounts.PRACTICE_RECEIVABLE, AMOUNT));
    }

    @Test
    void settlesThePayableWithAPaymentToThePractice() {
        assertThat(EntryPostings.payment(PaymentDirection.MSO_TO_PRACTICE, AMOUNT)).containsExactly(
                Posting.debit(Accounts.PRACTICE_PAYABLE, AMOUNT), Posting.credit(Accounts.CASH, AMOUNT));
    }

    // ------------------------------------------------------------ split

    @Test
    void splits100Point01By51And49AsLargestRemainder51Point01And49() {
        assertThat(EntryPostings.split(usd(100_01), HARBOR_OWNERS)).containsExactly(
                new OwnerShare("physicians", "Harbor Physician Owners", Percent.parse("51.00"), usd(51_01)),
                new OwnerShare("investor", "Summit Health Partners LP", Percent.parse("49.00"), usd(49_00)));
    }

    @Test
    void givesTheLeftOverCentToTheLargestRemainderRatherThanTheLargestStake() {
        // exact shares of 0.07: 0.042 and 0.028 → floors 0.04 and 0.02; the cent left goes to the .8 remainder
        List<Owner> sixtyForty = List.of(new Owner("a", "A", Percent.parse("60.00")), new Owner("b", "B", Percent.parse("40.00")));

        assertThat(EntryPostings.split(usd(7), sixtyForty)).extracting(OwnerShare::amount).containsExactly(usd(4), usd(3));
    }

    @Test
    void splitsANegativeAmountAsItsMagnitudeNegated() {
        assertThat(EntryPostings.split(usd(-100_01), HARBOR_OWNERS)).extracting(OwnerShare::amount)
                .containsExactly(usd(-51_01), usd(-49_00));
    }

    @Test
    void givesTheWholeAmountToASoleOwner() {
        assertThat(EntryPostings.split(usd(999_99), List.of(new Owner("solo", "Solo", Percent.HUNDRED))))
                .containsExactly(new OwnerShare("solo", "Solo", Percent.HUNDRED, usd(999_99)));
    }

    /** One sample: an amount in minor units and the owners' stakes in hundredths of a percent. */
    record SplitCase(long minorUnits, List<Long> stakes) {
    }

    /** 1-6 stakes summing to exactly 100.00, zero stakes included, from cut points on 0..10000. */
    private static final Function<RandomGenerator, List<Long>> STAKES = r -> {
        List<Long> cuts = Gen.listOf(0, 5, Gen.longBetween(0, 10_000)).apply(r);
        cuts.add(0L);
        cuts.add(10_000L);
        cuts.sort(null);
        return IntStream.range(1, cuts.size()).mapToObj(i -> cuts.get(i) - cuts.get(i - 1)).toList();
    };

    private static final Function<RandomGenerator, SplitCase> SPLIT_CASES = r -> new SplitCase(
            Gen.longBetween(-Money.MAX_MINOR_UNITS, Money.MAX_MINOR_UNITS).apply(r), STAKES.apply(r));

    private static List<Owner> owners(List<Long> stakes) {
        return IntStream.range(0, stakes.size())
                .mapToObj(i -> new Owner("owner-" + i, "Owner " + i, new Percent(stakes.get(i)))).toList();
    }

    @Test
    void splitsAnyAmountByAnyStakesIntoPartsThatSumExactlyAndFollowTheLargestRemainders() {
        Property.forAll("split is exact and largest-remainder", 2_000, SPLIT_CASES, sample -> {
            Money amount = usd(sample.minorUnits());
            List<Owner> owners = owners(sample.stakes());

            List<OwnerShare> shares = EntryPostings.split(amount, owners);

            assertThat(shares).extracting(OwnerShare::ownerId).containsExactlyElementsOf(owners.stream().map(Owner::ownerId).toList());
            assertThat(shares).extracting(OwnerShare::stake).containsExactlyElementsOf(owners.stream().map(Owner::stake).toList());
            assertThat(shares.stream().mapToLong(s -> s.amount().minorUnits()).sum()).as("sum of parts").isEqualTo(sample.minorUnits());

            // |part| is floor or floor + 1 of the exact |share|, and the +1s went to the largest remainders (ties: lower index)
            BigInteger magnitude = BigInteger.valueOf(Math.abs(sample.minorUnits()));
            int n = shares.size();
            long[] floor = new long[n];
            long[] remainder = new long[n];
            boolean[] up = new boolean[n];
            for (int i = 0; i < n; i++) {
                BigInteger[] qr = magnitude.multiply(BigInteger.valueOf(sample.stakes().get(i))).divideAndRemainder(BigInteger.valueOf(10_000));
                floor[i] = qr[0].longValueExact();
                remainder[i] = qr[1].longValueExact();
                long part = shares.get(i).amount().minorUnits();
                assertThat(Long.signum(part) * Long.signum(sample.minorUnits())).as("sign of part %d", i).isNotNegative();
                long extra = Math.abs(part) - floor[i];
                assertThat(extra).as("part %d beyond floor of its exact share", i).isBetween(0L, 1L);
                up[i] = extra == 1;
                BigDecimal exact = new BigDecimal(magnitude.multiply(BigInteger.valueOf(sample.stakes().get(i))), 4);
                assertThat(exact.subtract(BigDecimal.valueOf(Math.abs(part))).abs()).as("distance of part %d from its exact share", i)
                        .isLessThan(BigDecimal.ONE);
                if (sample.stakes().get(i) == 0) {
                    assertThat(part).as("part of a zero stake").isZero();
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (up[i] && !up[j]) {
                        assertThat(remainder[i] > remainder[j] || (remainder[i] == remainder[j] && i < j))
                                .as("part %d (remainder %d) rounded up before part %d (remainder %d)", i, remainder[i], j, remainder[j])
                                .isTrue();
                    }
                }
            }
        });
    }

    @Test
    void distributesAnyPositiveAmountInBalancedPostings() {
        Function<RandomGenerator, SplitCase> positive = r -> new SplitCase(
                Gen.longBetween(1, Money.MAX_MINOR_UNITS).apply(r), STAKES.apply(r));
        Property.forAll("distribution postings balance", 1_000, positive, sample -> {
            Money amount = usd(sample.minorUnits());

            List<Posting> postings = EntryPostings.distribution(amount, EntryPostings.split(amount, owners(sample.stakes())));

            assertThat(total(postings, Side.DEBIT)).isEqualTo(sample.minorUnits()).isEqualTo(total(postings, Side.CREDIT));
            assertThat(postings.subList(1, postings.size())).allSatisfy(p -> {
                assertThat(p.side()).isEqualTo(Side.CREDIT);
                assertThat(p.account()).startsWith(Accounts.DISTRIBUTIONS_PAYABLE_PREFIX + "owner-");
            });
        });
    }
}
