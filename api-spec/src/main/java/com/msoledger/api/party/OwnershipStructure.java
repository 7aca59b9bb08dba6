package com.msoledger.api.party;

/** Who owns a party; corporate-practice-of-medicine states care about the difference. */
public enum OwnershipStructure {
    PROVIDER_OWNED,
    INVESTOR_OWNED,
    JOINT_VENTURE
}
