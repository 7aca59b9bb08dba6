package com.msoledger.api.entry;

/** Kinds of non-clinical assets an MSO takes over. */
public enum AssetCategory {
    MEDICAL_EQUIPMENT,
    OFFICE_EQUIPMENT,
    IT_EQUIPMENT,
    FURNITURE,
    LEASEHOLD_IMPROVEMENTS,
    LEASE,
    VEHICLE,
    SOFTWARE,
    OTHER
}
