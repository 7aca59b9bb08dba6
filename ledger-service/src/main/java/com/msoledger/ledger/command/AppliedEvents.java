package com.msoledger.ledger.command;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.List;
import java.util.function.Supplier;

/**
 * The events a command applies, as its handler applied them, caught on their way into the event store
 * (a dispatch interceptor: it sees every event a unit of work appends, the compliance flags that follow
 * an entry included). Commands are handled on the dispatching thread (the savepoint and the request's
 * transaction rely on that too), so what a thread publishes while {@link #during} runs is its command's.
 */
final class AppliedEvents {

    private final ThreadLocal<List<EventMessage<?>>> open = new ThreadLocal<>();

    AppliedEvents(EventStore eventStore) {
        eventStore.registerDispatchInterceptor(messages -> (index, message) -> {
            List<EventMessage<?>> applied = open.get();
            if (applied != null) {
                applied.add(message);
            }
            return message;
        });
    }

    /** Runs {@code command}; adds what it publishes to {@code applied}, even when it then fails. */
    <R> R during(List<EventMessage<?>> applied, Supplier<R> command) {
        open.set(applied);
        try {
            return command.get();
        } finally {
            open.remove();
        }
    }
}
