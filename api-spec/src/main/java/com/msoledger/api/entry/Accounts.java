package com.msoledger.api.entry;

/**
 * The chart of accounts of one agreement: the MSO's books of its relationship with the practice.
 * Balances are debits minus credits; the README shows which entry posts to which account.
 */
public final class Accounts {

    /** What the practice owes the MSO (fees, risk share on a gain); credited by the practice's payments. */
    public static final String PRACTICE_RECEIVABLE = "practice_receivable";
    /** What the MSO owes the practice (risk share on a loss, assets bought on account); debited by the MSO's payments. */
    public static final String PRACTICE_PAYABLE = "practice_payable";
    /** Fees the MSO earned under the fee schedule. */
    public static final String MSO_FEE_REVENUE = "mso_fee_revenue";
    /** The MSO's share of the practice's period gain. */
    public static final String RISK_SHARE_INCOME = "risk_share_income";
    /** The MSO's share of the practice's period loss. */
    public static final String RISK_SHARE_EXPENSE = "risk_share_expense";
    /** Non-clinical assets the MSO took over, at fair market value. */
    public static final String FIXED_ASSETS = "fixed_assets";
    /** Money that moved. */
    public static final String CASH = "cash";
    /** Profit set aside for owners: debited by distributions, so income minus this is what is left to distribute. */
    public static final String DISTRIBUTABLE_PROFIT = "distributable_profit";
    /** Prefix of the per-owner liability for a distribution: {@code distributions_payable:<ownerId>}. */
    public static final String DISTRIBUTIONS_PAYABLE_PREFIX = "distributions_payable:";

    private Accounts() {
    }

    public static String distributionsPayable(String ownerId) {
        return DISTRIBUTIONS_PAYABLE_PREFIX + ownerId;
    }
}
