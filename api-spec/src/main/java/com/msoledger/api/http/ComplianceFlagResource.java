package com.msoledger.api.http;

import com.msoledger.api.ids.AgreementId;

import java.time.Instant;
import java.util.Map;

/**
 * A compliance flag as the HTTP API shows it: one raise, and its clearing once that happened. A flag
 * raised again after being cleared is another resource with its own {@code raisedAt}.
 *
 * @param state        the agreement's state of operation
 * @param status       OPEN, or CLEARED once a clearing is recorded
 * @param facts        what triggered the raise
 * @param raisedAt     when the ledger recorded the raise
 * @param position     the global position of the raise in the event store
 * @param clearedAt    when the ledger recorded the clearing, or null while open
 * @param clearedFacts what showed the risk no longer holds, or null while open
 */
public record ComplianceFlagResource(AgreementId agreementId, String state, String flagId, String ruleId,
                                     String citation, String summary, String status, Map<String, String> facts,
                                     Instant raisedAt, long position, Instant clearedAt,
                                     Map<String, String> clearedFacts) {

    public static final String OPEN = "OPEN";
    public static final String CLEARED = "CLEARED";
}
