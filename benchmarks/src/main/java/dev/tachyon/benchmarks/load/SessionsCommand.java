package dev.tachyon.benchmarks.load;

import dev.tachyon.codec.JsonValues;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code tachyon-bench sessions}: the server memory one MCP session costs, idle and with one
 * request in flight.
 *
 * <pre>
 *   GET /memory?gc=1            the empty server (no session of ours yet)
 *   open N TCP sessions         initialize + notifications/initialized each (the load generator's connections)
 *   GET /memory?gc=1            idle: (heap + direct) - empty, divided by N
 *   one sleep call on each      tools/call sleep {"ms": --sleep-ms}, which stays in flight
 *   GET /memory?gc=1            in flight: the same, with the requests held by the server
 * </pre>
 * Memory is what the server's admin endpoint reports ({@code /memory}, after {@code System.gc()}
 * twice): the live heap plus the direct memory Netty has in use: its unpooled direct memory
 * and what is allocated from the pool's chunks (the chunks themselves are reserved in steps of
 * megabytes per arena, whoever uses them; the report shows that figure too). The server must run with
 * {@code --admin}, and for large N with a worker queue that holds N sleeping calls
 * ({@code tachyon.workers.queue-capacity} above N / 0.95): the calls wait in it, in flight, as
 * they would behind busy workers. Exit status 1 when a session fails to open or the admin
 * endpoint does not answer as expected.
 */
final class SessionsCommand {

    static final String USAGE = String.join("\n",
            "usage: tachyon-bench sessions --target tcp://HOST:PORT --admin HOST:PORT --count N [flags]",
            "  --count N               sessions to open (each: initialize + notifications/initialized)",
            "  --admin HOST:PORT       the server's admin port (with tachyon.admin.allow-gc = true): its GET /memory?gc=1"
                    + " reports heap and direct memory",
            "  --sleep-ms N            how long the in-flight sleep calls last (60000; the server's tool timeout ends them too)",
            "  --connect-concurrency N sessions being opened at once (256)",
            "  --threads N             generator event loops (one per core)",
            "  --settle D              longest wait for the server to count every session and call (60s)");

    /** Targets of issue 5 for 15,000 sessions: bytes per idle session, and per session with a call in flight. */
    static final long IDLE_TARGET_BYTES = 4 * 1024;
    static final long IN_FLIGHT_TARGET_BYTES = 16 * 1024;

    private SessionsCommand() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Flags flags = new Flags(args, Set.of());
        String target = flags.required("target");
        String admin = flags.required("admin");
        int count = flags.integer("count", 0, 1, 50_000);
        int sleepMillis = flags.integer("sleep-ms", 60_000, 1, 600_000);
        int connectConcurrency = flags.integer("connect-concurrency", 256, 1, 50_000);
        int threads = flags.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        long settleNanos = flags.nanos("settle", 60_000_000_000L);
        flags.finish();
        if (count == 0) {
            throw new IllegalArgumentException("--count N is required");
        }
        LoadOptions options = LoadOptions.parse(new String[] {"--target", target, "--connections", Integer.toString(count),
            "--tool", "sleep", "--sleep-ms", Integer.toString(sleepMillis), "--connect-concurrency",
            Integer.toString(connectConcurrency), "--threads", Integer.toString(threads), "--quiet"});
        if (options.target.transport() != Target.Transport.TCP) {
            throw new IllegalArgumentException("sessions: --target must be tcp://HOST:PORT");
        }
        MemoryEndpoint memory = new MemoryEndpoint(admin);

        Snapshot empty = memory.afterGc();
        out.println("tachyon-bench sessions: " + count + " TCP sessions on " + target + ", memory from http://" + admin
                + "/memory?gc=1; " + SystemFacts.loadAverage());
        if (empty.sessions > 0) {
            out.println("  note         the server already has " + empty.sessions + " sessions: they count as empty");
        }
        LoadRun run = new LoadRun(options);
        Snapshot[] measured = run.withSessions((loops, connections, epoll) -> {
            memory.awaitCount("sessions", empty.sessions + count, settleNanos);
            Snapshot idle = memory.afterGc();
            run.stopping = true; // an answer (after --sleep-ms) must not send another call
            for (Connection c : connections) {
                c.channel.eventLoop().execute(() -> {
                    c.send(System.nanoTime());
                    c.flushOut();
                });
            }
            memory.awaitCount("requestsInFlight", empty.requestsInFlight + count, settleNanos);
            return new Snapshot[] {idle, memory.afterGc()};
        });
        Snapshot idle = measured[0];
        Snapshot busy = measured[1];
        out.println("               heap         direct       (reserved)   sessions  in flight  per session:"
                + " (heap + direct - empty) / N");
        out.println(empty.line("empty    ", 0, -1));
        out.println(idle.line("idle     ", empty.total(), count) + target(idle.perSession(empty, count), IDLE_TARGET_BYTES));
        out.println(busy.line("in flight", empty.total(), count)
                + target(busy.perSession(empty, count), IN_FLIGHT_TARGET_BYTES));
        out.println(String.format(Locale.ROOT, "  idle         %,d B per session%n  in flight    %,d B per session",
                idle.perSession(empty, count), busy.perSession(empty, count)));
        return 0;
    }

    private static String target(long perSession, long target) {
        return String.format(Locale.ROOT, "  (target %s %,d B)", perSession <= target ? "<=" : "EXCEEDED:", target);
    }

    /** What {@code /memory} reported once. */
    static final class Snapshot {
        final long heapUsed;
        /** Netty's direct memory in use: unpooled, plus what is allocated from pool chunks. */
        final long directUsed;
        /** Netty's direct memory reserved, whole pool chunks included. */
        final long directReserved;
        final long sessions;
        final long requestsInFlight;

        Snapshot(Map<String, Object> doc) {
            heapUsed = number(doc, "heapUsed");
            directReserved = number(doc, "directUsed");
            directUsed = directReserved - number(doc, "pooledDirect") + number(doc, "pooledDirectUsed");
            sessions = number(doc, "sessions");
            requestsInFlight = number(doc, "requestsInFlight");
            number(doc, "connections"); // part of the contract: a missing member means the endpoint broke
        }

        long total() {
            return heapUsed + Math.max(0, directUsed);
        }

        long perSession(Snapshot empty, int count) {
            return (total() - empty.total()) / count;
        }

        String line(String label, long emptyTotal, int count) {
            return String.format(Locale.ROOT, "  %s  %,11d  %,11d  %,11d  %,8d  %,9d  %s", label, heapUsed, directUsed,
                    directReserved, sessions, requestsInFlight, count < 0 ? "" : String.format(Locale.ROOT, "%,d B", (total() - emptyTotal) / count));
        }
    }

    /** The server's {@code GET /memory}. */
    static final class MemoryEndpoint {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final URI plain;
        private final URI afterGc;

        MemoryEndpoint(String admin) {
            if (!admin.matches("[^/:]+:\\d+")) {
                throw new IllegalArgumentException("--admin must be HOST:PORT, got " + admin);
            }
            plain = URI.create("http://" + admin + "/memory");
            afterGc = URI.create("http://" + admin + "/memory?gc=1");
        }

        Snapshot afterGc() throws InterruptedException {
            return new Snapshot(get(afterGc));
        }

        /** Polls (without collecting) until {@code member} reaches {@code expected}. */
        void awaitCount(String member, long expected, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            long seen;
            while ((seen = number(get(plain), member)) < expected) {
                if (System.nanoTime() > deadline) {
                    throw new LoadRun.RunFailed("the server counts " + seen + " " + member + ", expected " + expected
                            + " (for requestsInFlight: are metrics on, and does the worker queue hold them all?)");
                }
                Thread.sleep(50);
            }
        }

        private Map<String, Object> get(URI uri) throws InterruptedException {
            HttpResponse<byte[]> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new LoadRun.RunFailed("the admin endpoint " + uri + " does not answer: " + e);
            }
            if (response.statusCode() == 429) {
                // The server runs at most one collection per 10 s: wait as it says, then ask again.
                long seconds = response.headers().firstValueAsLong("retry-after").orElse(1);
                Thread.sleep(Math.max(1, seconds) * 1000);
                return get(uri);
            }
            if (response.statusCode() != 200) {
                throw new LoadRun.RunFailed(uri + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8).strip()
                        + (response.statusCode() == 403 ? " (start the server with -Dtachyon.admin.allow-gc=true)" : ""));
            }
            ByteBuf body = Unpooled.wrappedBuffer(response.body());
            try {
                Object doc = JsonValues.read(body, 0, body.writerIndex());
                if (!(doc instanceof Map)) {
                    throw new LoadRun.RunFailed(uri + " did not answer a JSON object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                return map;
            } catch (RuntimeException e) {
                if (e instanceof LoadRun.RunFailed) {
                    throw e;
                }
                throw new LoadRun.RunFailed(uri + " did not answer JSON: " + e);
            }
        }
    }

    static long number(Map<String, Object> doc, String member) {
        Object value = doc.get(member);
        if (!(value instanceof Number)) {
            throw new LoadRun.RunFailed("/memory has no number '" + member + "': " + doc);
        }
        return ((Number) value).longValue();
    }

    /** Lines of the output, for tests: the bytes per session, idle and in flight. */
    static long[] perSession(List<String> lines) {
        long idle = -1;
        long busy = -1;
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("idle ") && t.endsWith("B per session")) {
                idle = Long.parseLong(t.replaceAll("[^0-9-]", ""));
            } else if (t.startsWith("in flight ") && t.endsWith("B per session")) {
                busy = Long.parseLong(t.replaceAll("[^0-9-]", ""));
            }
        }
        return new long[] {idle, busy};
    }
}
