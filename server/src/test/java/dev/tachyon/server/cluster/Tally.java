package dev.tachyon.server.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every request of one phase of a cluster scenario, counted by outcome: answered, {@code 404}
 * (the session is gone: its client initializes again), re-initialized after such a 404, TCP
 * requests sent again on a new connection after theirs closed, and failed (no answer, or an error answer); which client saw each 404 and failure; and the gaps
 * between a listen stream's end and its acknowledgement on a new stream.
 */
final class Tally {

    final String phase;
    final LongAdder answered = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder reinitialized = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder tcpReconnected = new LongAdder();
    final Map<String, AtomicInteger> notFoundBy = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> failedBy = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> listenGapsMillis = new ConcurrentLinkedQueue<>();

    Tally(String phase) {
        this.phase = phase;
    }

    void answered() {
        answered.increment();
    }

    void notFound(String client) {
        notFound.increment();
        notFoundBy.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
    }

    void reinitialized() {
        reinitialized.increment();
    }

    /** A raw TCP connection closed under a request, which the client sent again on a new one. */
    void tcpReconnected() {
        tcpReconnected.increment();
    }

    void failed(String client, String what) {
        failed.increment();
        failedBy.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
        if (failures.size() < 50) {
            failures.add(client + ": " + what);
        }
    }

    void listenReopened(long gapMillis) {
        listenGapsMillis.add(gapMillis);
    }

    long maxListenGapMillis() {
        return listenGapsMillis.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public String toString() {
        return phase + ": answered " + answered + ", 404 " + notFound + " (clients " + notFoundBy + "), re-initialized "
                + reinitialized + ", TCP reconnected " + tcpReconnected + ", failed " + failed + " (clients " + failedBy + ") " + failures()
                + ", listen reopened " + listenGapsMillis.size() + "x, max gap " + maxListenGapMillis() + " ms";
    }
}
