package com.msoledger.ledger.support;

import java.util.UUID;

/** Request bodies for tests, built around the worked example of the money-flows issue. */
public final class Samples {

    private Samples() {
    }

    /** A short unique suffix, so tests sharing a database never collide. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String mso(String partyId) {
        return """
                {"partyId":"%s","kind":"MSO","legalName":"Acme Management Services LLC","stateOfOrganization":"DE",
                 "ownershipStructure":"INVESTOR_OWNED","owners":[{"ownerId":"acme-holdings","name":"Acme Holdings","stake":"100.00"}]}
                """.formatted(partyId);
    }

    public static String practice(String partyId) {
        return """
                {"partyId":"%s","kind":"PRACTICE","legalName":"Sunrise Medical Group PC","stateOfOrganization":"CA",
                 "ownershipStructure":"PROVIDER_OWNED","owners":[{"ownerId":"dr-lee","name":"Dr. Ana Lee","stake":"51.00"},
                 {"ownerId":"dr-park","name":"Dr. Sam Park","stake":"49.00"}]}
                """.formatted(partyId);
    }

    /** The worked example's terms: BILLING 6%, HR 2,500.00 fixed, IT 150.00/provider, FACILITY cost+10%. */
    public static String workedExampleTerms() {
        return """
                {"feeSchedule":[
                   {"serviceCode":"BILLING","feeType":"PERCENT_OF_COLLECTIONS","rate":"6.00"},
                   {"serviceCode":"HR","feeType":"FIXED_MONTHLY","amount":"2500.00"},
                   {"serviceCode":"IT","feeType":"PER_UNIT","unitPrice":"150.00","unitName":"provider"},
                   {"serviceCode":"FACILITY","feeType":"COST_PLUS","markup":"10.00"}],
                 "riskSharing":{"msoShare":"20.00","corridorCap":"50000.00","corridorFloor":"25000.00"},
                 "distributionSchedule":[{"ownerId":"physicians","name":"Physician owners","stake":"51.00"},
                                         {"ownerId":"investor","name":"Acme Holdings","stake":"49.00"}],
                 "fmvRanges":[{"serviceCode":"BILLING","annualMin":"100000.00","annualMax":"200000.00"}]}""";
    }

    public static String agreement(String agreementId, String msoId, String practiceId) {
        return agreement(agreementId, msoId, practiceId, "USD", "CA", "{P-1:01}", workedExampleTerms());
    }

    public static String agreement(String agreementId, String msoId, String practiceId, String currency, String state,
                                   String effectiveFrom, String terms) {
        return """
                {"agreementId":"%s","msoId":"%s","practiceId":"%s","currency":"%s","state":"%s",
                 "effectiveFrom":"%s","fmvOpinionReference":"FMV-2026-17","terms":%s}
                """.formatted(agreementId, msoId, practiceId, currency, state, effectiveFrom, terms);
    }
}
