package dev.tachyon.server.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, for the clients that read their answers, every id sent and every answer received,
 * and the answers by error code: the suite's proof that every accepted request got exactly one
 * answer. Thread-safe.
 *
 * <p>Each connection sends increasing numeric ids, so a connection's ledger is one byte per id
 * from its first id on. The suite shares its JVM with the server it measures: a map entry per
 * request (half a million of them, 60-170 MB that every young collection copied) made the
 * harness's own garbage collections the well-behaved client's worst calls.
 */
final class Ledger {

    /** Problems reported at most; the rest are counted. */
    private static final int MAX_LISTED = 50;

    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byCode = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final List<String> unexpected = new ArrayList<>();

    void sent(String connection, String id) {
        sent.increment();
        tracks.computeIfAbsent(connection, c -> new Track()).sent(connection, Long.parseLong(id));
    }

    /** Records one answer line read on {@code connection}. */
    void answered(String connection, String line) {
        String id = Wire.id(line);
        Track track = tracks.get(connection);
        if (id == null || track == null || !track.answered(id)) {
            synchronized (unexpected) {
                if (unexpected.size() < MAX_LISTED) {
                    unexpected.add("unexpected " + connection + ": " + line);
                }
            }
            return;
        }
        byCode.computeIfAbsent(Wire.errorCode(line), c -> new LongAdder()).increment();
    }

    long sent() {
        return sent.sum();
    }

    /** Answers by error code (0: a result). */
    Map<Integer, Long> byCode() {
        Map<Integer, Long> out = new TreeMap<>();
        byCode.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    /** Ids answered other than once, and answers to nothing sent; empty when all is well. */
    List<String> problems() {
        List<String> problems;
        synchronized (unexpected) {
            problems = new ArrayList<>(unexpected);
        }
        tracks.forEach((connection, track) -> track.problems(connection, problems));
        return problems;
    }

    /** One connection's ids: answers counted per id, from the first id sent. */
    private static final class Track {

        private long first = -1;
        private long last = -1;
        private byte[] answers = new byte[1024];

        synchronized void sent(String connection, long id) {
            if (first < 0) {
                first = id;
            } else if (id <= last) {
                throw new IllegalStateException("id sent twice or out of order: " + connection + "/" + id);
            }
            long index = id - first;
            if (index >= Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many ids on " + connection);
            }
            if (index >= answers.length) {
                answers = Arrays.copyOf(answers, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(index + 1, 2L * answers.length)));
            }
            last = id;
        }

        /** Counts an answer to {@code idText}; false when no such id was sent here. */
        synchronized boolean answered(String idText) {
            long id;
            try {
                id = Long.parseLong(idText);
            } catch (NumberFormatException e) {
                return false;
            }
            if (first < 0 || id < first || id > last) {
                return false;
            }
            int index = (int) (id - first);
            if (answers[index] < Byte.MAX_VALUE) {
                answers[index]++;
            }
            return true;
        }

        /** Adds to {@code into} every id sent here and answered other than once. */
        synchronized void problems(String connection, List<String> into) {
            for (long id = first; first >= 0 && id <= last; id++) {
                int n = answers[(int) (id - first)];
                if (n != 1 && into.size() < MAX_LISTED) {
                    into.add(connection + "/" + id + " answered " + n + " times");
                }
            }
        }
    }
}
