package com.msoledger.api.entry;

/** A payment was recorded (postings by direction, see {@link PaymentDirection}). */
public record PaymentRecorded(Entry entry, PaymentDirection direction, String reference) implements EntryEvent {
}
