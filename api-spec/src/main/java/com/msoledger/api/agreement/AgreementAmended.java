package com.msoledger.api.agreement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.msoledger.api.ids.AgreementId;

import java.time.LocalDate;

/**
 * An agreement's terms were amended. Guarantees: {@code effectiveFrom} is the first day of a month
 * that was in the future when recorded; {@code termsVersion} is one more than the previous version;
 * the terms are consistent and in the agreement's currency.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgreementAmended(AgreementId agreementId, String amendmentId, int termsVersion, LocalDate effectiveFrom,
                               String fmvOpinionReference, AgreementTerms terms) {
}
