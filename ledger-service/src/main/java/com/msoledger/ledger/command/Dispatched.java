package com.msoledger.ledger.command;

import java.util.List;

/**
 * What a dispatched command did: the handler's result, and either the events it recorded, each with
 * where it landed, or (it recorded nothing: a repeated request) the event recorded the first time.
 *
 * @param result   what the handler returned
 * @param events   the events the command recorded, in stream order (the payloads as applied, never
 *                 read back); empty for a repeat
 * @param original for a repeat, the event it is answered with, as stored; null otherwise
 */
public record Dispatched<R>(R result, List<Recorded<?>> events, Recorded<?> original) {

    public Dispatched {
        events = List.copyOf(events);
        if (events.isEmpty() == (original == null)) {
            throw new IllegalArgumentException("a command either recorded events or is answered with an original");
        }
    }

    /** Whether the command recorded nothing new and is answered with what was recorded the first time. */
    public boolean repeated() {
        return events.isEmpty();
    }

    /** The events of a type the command recorded, in order (none for a repeat). */
    public <T> List<Recorded<T>> events(Class<T> type) {
        return events.stream().filter(event -> type.isInstance(event.payload())).map(event -> event.as(type)).toList();
    }

    /**
     * The event the command is answered with: the first of this type it recorded, or for a repeat the
     * original.
     *
     * @throws IllegalStateException when there is none of this type
     */
    public <T> Recorded<T> answer(Class<T> type) {
        Recorded<?> answer = repeated() ? original
                : events.stream().filter(event -> type.isInstance(event.payload())).findFirst().orElse(null);
        if (answer == null || !type.isInstance(answer.payload())) {
            throw new IllegalStateException("the command recorded no " + type.getSimpleName());
        }
        return answer.as(type);
    }

    /**
     * The position a read passes as {@code minPosition} to see the command's effect: its newest event
     * (the compliance flags it raised or cleared follow the event it is about); for a repeat, the
     * original's.
     */
    public long position() {
        return repeated() ? original.position() : events.stream().mapToLong(Recorded::position).max().orElseThrow();
    }
}
