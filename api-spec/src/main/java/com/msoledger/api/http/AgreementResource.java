package com.msoledger.api.http;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An agreement as the HTTP API shows it.
 *
 * @param status             ACTIVE, or TERMINATED once a termination is recorded (even if its end date
 *                           is still ahead: {@code effectiveTo} says until when entries are accepted)
 * @param effectiveTo        the last day of the agreement: the termination date if terminated, else the
 *                           end of its initial term, or null when open-ended
 * @param terminationReason  why it ends, when terminated
 * @param termsVersions      every version of the terms, oldest first
 * @param openFlags          the compliance flags raised on it and not cleared, oldest first
 */
public record AgreementResource(AgreementId agreementId, PartyId msoId, PartyId practiceId, String currency,
                                String state, LocalDate effectiveFrom, LocalDate effectiveTo, String status,
                                String terminationReason, String fmvOpinionReference, Instant establishedAt,
                                List<TermsVersionResource> termsVersions, List<ComplianceFlagResource> openFlags) {
}
