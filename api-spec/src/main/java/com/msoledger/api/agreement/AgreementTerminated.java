package com.msoledger.api.agreement;

import com.msoledger.api.ids.AgreementId;

import java.time.LocalDate;

/**
 * An agreement was terminated. Guarantees: {@code effectiveTo} was today or later when recorded and
 * not before the agreement's start; an agreement is terminated at most once.
 */
public record AgreementTerminated(AgreementId agreementId, LocalDate effectiveTo, String reason) {
}
