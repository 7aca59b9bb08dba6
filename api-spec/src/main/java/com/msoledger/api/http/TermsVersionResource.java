package com.msoledger.api.http;

import com.msoledger.api.agreement.AgreementTerms;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One version of an agreement's terms.
 *
 * @param version       1 for the terms the agreement was established with, then one more per amendment
 * @param amendmentId   the amendment that created it, or null for version 1
 * @param effectiveFrom the first day it governs
 * @param recordedAt    when the ledger learned of it
 */
public record TermsVersionResource(int version, String amendmentId, LocalDate effectiveFrom, String fmvOpinionReference,
                                   AgreementTerms terms, Instant recordedAt) {
}
