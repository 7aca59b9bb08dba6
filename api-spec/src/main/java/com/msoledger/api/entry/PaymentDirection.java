package com.msoledger.api.entry;

/** Who paid whom. */
public enum PaymentDirection {
    /** settles what the practice owes: Dr cash, Cr practice_receivable */
    PRACTICE_TO_MSO,
    /** settles what the MSO owes: Dr practice_payable, Cr cash */
    MSO_TO_PRACTICE
}
