package dev.tachyon.server.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, for the clients that read their answers, every id sent and every answer received,
 * and the answers by error code: the suite's proof that every accepted request got exactly one
 * answer. Ids are prefixed by the connection they travelled on. Thread-safe.
 */
final class Ledger {

    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byCode = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();

    void sent(String connection, String id) {
        sent.increment();
        if (answers.putIfAbsent(connection + "/" + id, new AtomicInteger()) != null) {
            throw new IllegalStateException("id sent twice: " + connection + "/" + id);
        }
    }

    /** Records one answer line read on {@code connection}. */
    void answered(String connection, String line) {
        String id = Wire.id(line);
        AtomicInteger count = id == null ? null : answers.get(connection + "/" + id);
        if (count == null) {
            answers.computeIfAbsent("unexpected " + connection + ": " + line, k -> new AtomicInteger()).set(-1);
            return;
        }
        count.incrementAndGet();
        byCode.computeIfAbsent(Wire.errorCode(line), c -> new LongAdder()).increment();
    }

    long sent() {
        return sent.sum();
    }

    /** Answers by error code (0: a result). */
    Map<Integer, Long> byCode() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        byCode.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    /** Ids answered other than once, and answers to nothing sent; empty when all is well. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        answers.forEach((id, n) -> {
            if (n.get() != 1) {
                problems.add(id + " answered " + n.get() + " times");
            }
        });
        return problems;
    }
}
