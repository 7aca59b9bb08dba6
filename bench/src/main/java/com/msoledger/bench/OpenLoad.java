package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static com.msoledger.bench.RunContext.round;

/**
 * An open-model load generator: commands are scheduled at a constant arrival rate on a virtual timeline
 * and sent at their intended time whatever the service's latency (asynchronous HTTP, no waiting for
 * answers), and each latency is measured from the intended send time, not from when the request finally
 * went out. A slow service therefore shows up in the latencies instead of silently lowering the rate
 * (no coordinated omission).
 */
final class OpenLoad {

    /** More requests in flight than this and the run is over capacity: further sends count as failures. */
    static final int MAX_IN_FLIGHT = 4096;

    /**
     * @param latency microseconds from intended send to complete answer, successful commands only
     */
    record Result(double targetRate, double seconds, long scheduled, long ok, Map<String, Long> failures,
                  Histogram latency, double achievedRate, int maxInFlight, long lateSendsOver10ms) {

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        double p(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        /** Sustainable: the service kept up (≥ 95% of the rate answered successfully) with p99 under the bound and < 1% failures. */
        boolean sustainable(double p99BoundMillis) {
            return ok >= 0.95 * scheduled && failed() <= 0.01 * scheduled && p(99) <= p99BoundMillis;
        }

        /** One line for the log. */
        String brief() {
            return String.format(Locale.ROOT, "%.0f ok/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, failed %d, max in flight %d",
                    achievedRate, p(50), p(99), p(99.9), failed(), maxInFlight);
        }

        /** The figures as the results carry them. */
        ObjectNode describe() {
            ObjectNode node = Api.JSON.createObjectNode();
            node.put("targetRate", round(targetRate));
            node.put("seconds", seconds);
            node.put("scheduled", scheduled);
            node.put("ok", ok);
            node.put("achievedRate", round(achievedRate));
            node.put("p50Ms", round(p(50)));
            node.put("p99Ms", round(p(99)));
            node.put("p999Ms", round(p(99.9)));
            node.put("maxMs", round(latency.getMaxValue() / 1000.0));
            node.put("maxInFlight", maxInFlight);
            node.put("sendsLateOver10ms", lateSendsOver10ms);
            ObjectNode failed = node.putObject("failures");
            failures.forEach(failed::put);
            return node;
        }
    }

    private OpenLoad() {
    }

    static Result run(Api api, Workload workload, double rate, double seconds, LagProbe lag, int lagSampleEvery) {
        long count = Math.max(1, Math.round(rate * seconds));
        double intervalNanos = 1e9 / rate;
        Recorder recorder = new Recorder(3);
        LongAdder ok = new LongAdder();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicLong completed = new AtomicLong();
        long late = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * intervalNanos);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            if (now - intended > 10_000_000L) {
                late++;
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                failures.computeIfAbsent("over-capacity", k -> new LongAdder()).increment();
                completed.incrementAndGet();
                continue;
            }
            Workload.Command command = workload.next();
            HttpRequest request = api.postRequest(command.path(), command.body());
            int current = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(current, Math::max);
            boolean sampled = lag != null && i % lagSampleEvery == 0;
            api.sendAsync(request).whenComplete((response, error) -> {
                long end = System.nanoTime();
                inFlight.decrementAndGet();
                if (error == null && response.statusCode() == 201) {
                    recorder.recordValue(Math.max(1, (end - intended) / 1000));
                    ok.increment();
                    command.confirmed();
                    if (sampled) {
                        lag.watch(command.agreement().id, command.entryId(), end);
                    }
                } else {
                    String key = error != null ? error.getClass().getSimpleName() : Integer.toString(response.statusCode());
                    failures.computeIfAbsent(key, k -> new LongAdder()).increment();
                    if (error == null && failures.get(key).sum() <= 3) {
                        System.err.println("  " + response.statusCode() + " " + command.type() + ": "
                                + response.body().substring(0, Math.min(300, response.body().length())));
                    }
                }
                completed.incrementAndGet();
            });
        }
        long scheduleEnd = System.nanoTime();
        long deadline = scheduleEnd + TimeUnit.SECONDS.toNanos(60);
        while (completed.get() < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        long end = System.nanoTime();
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.sum()));
        if (completed.get() < count) {
            failed.merge("unanswered-after-60s", count - completed.get(), Long::sum);
        }
        double elapsed = (end - start) / 1e9;
        return new Result(rate, seconds, count, ok.sum(), failed, recorder.getIntervalHistogram(),
                ok.sum() / elapsed, maxInFlight.get(), late);
    }
}
