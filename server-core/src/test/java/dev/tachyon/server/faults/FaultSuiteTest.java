package dev.tachyon.server.faults;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.lifecycle.ServerState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.testing.MemorySnapshot;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault suite: a real server on real sockets, faulty tools (throwing, hanging, allocating
 * without bound) and faulty clients (never reading, one byte at a time, vanishing mid-request,
 * pipelining far beyond the limits, connecting beyond the cap), all at once for
 * {@link #FAULT_SECONDS} seconds, while a well-behaved client on its own connection keeps
 * calling. Checks: its p99 stays within 100 ms; every request of every client that reads got
 * exactly one answer; the server stays up; memory returns to its baseline afterwards.
 *
 * <p>Run alone: {@code bin/test -pl server-core -am -Dtest='Fault*' -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 */
class FaultSuiteTest {

    static final int FAULT_SECONDS = 15;
    static final long P99_BOUND_MILLIS = 100;
    /**
     * The well-behaved client's worst call in the second round, once every fault path has run. Not
     * 100 ms like the p99: in one CI run on a quiet machine a single call of 199,407 took 108 ms
     * (p99.99 8 ms, two calls over 50 ms) with the server, the fault clients and the client in one
     * test JVM, whose collector pauses count here too. A stall of the event loops on a fault path
     * (the hostile clients' 12 s freeze) is far above this bound, and a slow path a fault repeats
     * shows in {@link #MAX_AGAIN_OVER_50_MS} as well.
     */
    static final long MAX_AGAIN_MILLIS = 250;
    /** How many of the second round's calls may take over 50 ms: a fault repeated through the round that stalls the loops makes many. */
    static final int MAX_AGAIN_OVER_50_MS = 10;
    static final int MAX_CONNECTIONS = 64;
    static final int BUDGET = 1024 * 1024;
    private static final long MIB = 1024 * 1024;

    private static TachyonServer server;
    private static InetSocketAddress address;
    private static ResourceLeakDetector.Level leakLevel;

    @BeforeAll
    static void start() throws Exception {
        // The suite measures latency: PARANOID leak tracking (the build's level) records a stack
        // trace on every buffer access, some 20x the cost of the access, which is not the server
        // a client meets. Leaks are still sampled (SIMPLE), and the suite checks in bulk that
        // direct memory returns to its baseline.
        leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        server = FaultTools.register(TachyonServer.builder())
                .tcp("127.0.0.1", 0)
                .admin("127.0.0.1", 0) // metrics on: requests in flight are counted
                .ioThreads(2)
                .maxConnections(MAX_CONNECTIONS)
                .maxConnectionMemory(BUDGET)
                .writeStallTimeout(Duration.ofSeconds(2))
                .settings(EngineSettings.builder()
                        .toolTimeout(Duration.ofMillis(300))
                        .maxInFlightPerSession(128)
                        .workerThreads(8)
                        .workerQueueCapacity(512)
                        .breaker(5, Duration.ofSeconds(1), 1)
                        .build())
                .build().start();
        address = server.tcpAddress();
    }

    @AfterAll
    static void stop() {
        server.close();
        ResourceLeakDetector.setLevel(leakLevel);
    }

    @Test
    void aWellBehavedClientIsServedWhileEverythingElseMisbehaves() throws Exception {
        try (Wire good = Wire.initialized(address)) {
            measure(good, new Ledger(), "warm-up", System.nanoTime() + TimeUnit.SECONDS.toNanos(2), null);
            settle();
            MemorySnapshot baseline = MemorySnapshot.afterGc();
            // The suite's own records (ids, latencies) are garbage once a round returns.
            underFaults(good, "first exposure", Long.MAX_VALUE);
            settle();
            // The same faults again. The first exposure's worst call is the first call of its window
            // in every run (110-270 ms on a quiet machine): the JVM loading, interpreting and compiling
            // every fault path at once, once. With those paths warm the worst call is 10-20 ms, and a
            // stall of the loops (a slow path on them, a lock) shows here undiluted.
            underFaults(good, "again", MAX_AGAIN_MILLIS);

            // The server is up and serving, and lets go of what the faulty clients held.
            assertEquals(ServerState.SERVING, server.state());
            good.write("{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"ping\"}\n");
            assertEquals("\"last\"", Wire.id(good.readLine()));
            settle();
            assertEquals(1, server.connections().open(), "only the well-behaved client is left");
            MemorySnapshot after = MemorySnapshot.afterGc();
            System.out.println("fault suite: memory before " + baseline + ", after " + after);
            // Slack: a few of the pool's 4 MiB chunks may stay (thread caches, partly used chunks).
            assertTrue(after.nettyDirect() <= baseline.nettyDirect() + 16 * MIB, "Netty direct memory: " + after);
            assertTrue(after.pooledDirect() <= baseline.pooledDirect() + 16 * MIB, "pooled direct memory: " + after);
            assertTrue(after.heap() <= baseline.heap() + 32 * MIB, "heap after GC: " + after);
        }
    }

    /**
     * Runs every fault for {@link #FAULT_SECONDS} while {@code good} keeps calling; checks latency
     * (p99, and the worst call against {@code maxMillis}) and answers.
     */
    private static void underFaults(Wire good, String round, long maxMillis) throws Exception {
        Ledger ledger = new Ledger();
        {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(FAULT_SECONDS);
            Faults faults = new Faults(address, ledger, end);
            ExecutorService pool = Executors.newCachedThreadPool();
            List<Future<?>> running = new ArrayList<>();
            for (Runnable fault : faults.all()) {
                running.add(pool.submit(fault));
            }
            long[] latencies = new long[2_000_000];
            Thread profiler = Boolean.getBoolean("tachyon.faults.profile") ? profileEventLoops(end) : null;
            int samples = measure(good, ledger, "good", end, latencies);
            if (profiler != null) {
                profiler.join();
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS); // a fault client's own failure fails the suite
            }
            pool.shutdownNow();

            int worst = 0;
            int over50 = 0;
            for (int i = 0; i < samples; i++) {
                worst = latencies[i] > latencies[worst] ? i : worst;
                over50 += latencies[i] > TimeUnit.MILLISECONDS.toNanos(50) ? 1 : 0;
            }
            System.out.printf("fault suite (%s): well-behaved client's worst call was number %d of %d; %d calls over 50 ms%n",
                    round, worst + 1, samples, over50);
            long p99 = percentile(latencies, samples, 0.99);
            long max = percentile(latencies, samples, 1.0);
            System.out.printf("fault suite (%s): well-behaved client %d calls, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                    + "p99.99 %.2f ms, max %.2f ms%n", round, samples, percentile(latencies, samples, 0.5) / 1e6, p99 / 1e6,
                    percentile(latencies, samples, 0.999) / 1e6, percentile(latencies, samples, 0.9999) / 1e6, max / 1e6);
            System.out.println("fault suite: " + faults.report() + "; answers by code " + ledger.byCode()
                    + "; connections refused " + server.connections().refused("max-connections")
                    + "; budget refusals " + ServerInternals.connectionBudgets(server).refusedRequests()
                    + ", budget closes " + ServerInternals.connectionBudgets(server).closedConnections());
            assertTrue(samples > 100, "the well-behaved client made progress: " + samples);
            assertTrue(p99 <= TimeUnit.MILLISECONDS.toNanos(P99_BOUND_MILLIS),
                    round + ": p99 of the well-behaved client: " + p99 / 1e6 + " ms");
            assertTrue(maxMillis == Long.MAX_VALUE || max <= TimeUnit.MILLISECONDS.toNanos(maxMillis),
                    round + ": worst call of the well-behaved client: " + max / 1e6 + " ms (call " + (worst + 1) + ")");
            assertTrue(maxMillis == Long.MAX_VALUE || over50 <= MAX_AGAIN_OVER_50_MS,
                    round + ": calls of the well-behaved client over 50 ms: " + over50);

            // Every request of every client that read its answers got exactly one.
            assertEquals(List.of(), ledger.problems());
            faults.assertEachHappened();
        }
    }

    /** Calls echo in a closed loop until {@code end}; records each latency when {@code into} is given. */
    private static int measure(Wire good, Ledger ledger, String name, long end, long[] into) throws IOException {
        int n = 0;
        for (long id = 1 + System.nanoTime() % 1_000_000_000L * 1000; System.nanoTime() < end; id++) {
            String request = Wire.call(id, "echo", "{\"text\":\"hi\"}");
            ledger.sent(name, Long.toString(id));
            long start = System.nanoTime();
            good.write(request);
            String answer = good.readLine();
            long took = System.nanoTime() - start;
            if (answer == null) {
                throw new IOException("the well-behaved client was disconnected");
            }
            ledger.answered(name, answer);
            if (into != null && n < into.length) {
                into[n++] = took;
            }
        }
        return n;
    }

    /** Waits until nothing is in flight and the faulty connections are gone. */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (ServerInternals.observability(server).engineMetrics().inFlight() == 0 && server.connections().open() <= 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not settled: in flight " + ServerInternals.observability(server).engineMetrics().inFlight()
                + ", connections " + server.connections().open());
    }

    /** Samples the event loops' stacks every 20 ms until {@code end}; prints the commonest frames (diagnosis). */
    private static Thread profileEventLoops(long end) {
        Thread t = new Thread(() -> {
            java.util.Map<String, Integer> top = new java.util.HashMap<>();
            while (System.nanoTime() < end) {
                for (java.lang.management.ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 12)) {
                    if (info.getThreadName().startsWith("tachyon-io")) {
                        StringBuilder key = new StringBuilder(info.getThreadState().toString());
                        for (StackTraceElement e : info.getStackTrace()) {
                            if (e.getClassName().startsWith("dev.tachyon")) {
                                key.append(" <- ").append(e.getClassName().substring(12)).append('.').append(e.getMethodName());
                                break;
                            }
                        }
                        StackTraceElement[] st = info.getStackTrace();
                        key.append(" | ").append(st.length > 0 ? st[0] : "");
                        top.merge(key.toString(), 1, Integer::sum);
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            top.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                    .forEach(e -> System.out.println("profile " + e.getValue() + " " + e.getKey()));
        }, "profiler");
        t.start();
        return t;
    }

    /** Every thread's stack on stdout: what a client that waited in vain was waiting for. */
    static void dumpThreads() {
        for (java.lang.management.ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            StringBuilder sb = new StringBuilder(info.toString());
            for (StackTraceElement e : info.getStackTrace()) {
                sb.append("\tat ").append(e).append('\n');
            }
            System.out.println(sb);
        }
    }

    private static long percentile(long[] values, int n, double p) {
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }

    /** Heap live after a full collection, Netty's direct memory, and the shared pool's. */
    /** The faulty clients; each runs until the end of the fault window. */
    static final class Faults {
        private final InetSocketAddress address;
        private final Ledger ledger;
        private final long end;
        final LongAdder unreadDisconnects = new LongAdder();
        final LongAdder slowAnswers = new LongAdder();
        final LongAdder vanished = new LongAdder();
        final LongAdder pipelined = new LongAdder();
        final LongAdder floodRefused = new LongAdder();
        final LongAdder toolCalls = new LongAdder();
        private final AtomicInteger connections = new AtomicInteger();

        Faults(InetSocketAddress address, Ledger ledger, long end) {
            this.address = address;
            this.ledger = ledger;
            this.end = end;
        }

        /** Every fault, or those named in {@code -Dtachyon.faults=a,b} (to look at one alone). */
        List<Runnable> all() {
            java.util.Map<String, Runnable> all = new java.util.LinkedHashMap<>();
            all.put("throw", () -> toolCaller("throw", "{}"));
            all.put("hang", () -> toolCaller("hang", "{}"));
            all.put("hog", () -> toolCaller("hog", "{}"));
            all.put("unread", () -> neverReads("blob"));
            all.put("unread-blocking", () -> neverReads("blob_blocking"));
            all.put("bytewise", this::oneByteAtATime);
            all.put("vanish", this::vanishes);
            all.put("pipeline", this::pipelinesBeyondTheLimits);
            all.put("flood", this::connectsBeyondTheCap);
            String only = System.getProperty("tachyon.faults", "");
            if (!only.isEmpty()) {
                all.keySet().retainAll(List.of(only.split(",")));
            }
            return List.copyOf(all.values());
        }

        String report() {
            return "tool calls " + toolCalls + ", never-reading clients disconnected " + unreadDisconnects
                    + ", byte-at-a-time answers " + slowAnswers + ", vanished mid-request " + vanished
                    + ", pipelined " + pipelined + ", flood connections refused " + floodRefused;
        }

        void assertEachHappened() {
            assertTrue(toolCalls.sum() > 0, report());
            assertTrue(unreadDisconnects.sum() > 0, report());
            assertTrue(slowAnswers.sum() > 0, report());
            assertTrue(vanished.sum() > 0, report());
            assertTrue(pipelined.sum() > 0, report());
            assertTrue(floodRefused.sum() > 0, report());
        }

        private boolean running() {
            return System.nanoTime() < end;
        }

        private String name(String what) {
            return what + "-" + connections.incrementAndGet();
        }

        /** Calls a faulty tool over and over, eight at a time, reading every answer. */
        private void toolCaller(String tool, String arguments) {
            String name = name(tool);
            try (Wire wire = admitted()) {
                long id = 0;
                while (running()) {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < 8; i++) {
                        ledger.sent(name, Long.toString(++id));
                        batch.append(Wire.call(id, tool, arguments));
                    }
                    wire.write(batch.toString());
                    for (int i = 0; i < 8; i++) {
                        ledger.answered(name, wire.readLine());
                        toolCalls.increment();
                    }
                    Thread.sleep(10); // the faults are in the tools; the caller need not also spin a core
                }
            } catch (IOException | InterruptedException e) {
                dumpThreads();
                throw new AssertionError(name + " lost its connection", e);
            }
        }

        /** Sends calls with large answers and never reads one; reconnects when the server lets go. */
        private void neverReads(String tool) {
            while (running()) {
                try (Wire wire = Wire.open(address, 4096)) {
                    wire.write(Wire.INITIALIZE);
                    Thread watchdog = closeAtEnd(wire);
                    try {
                        for (long id = 1; running(); id++) {
                            wire.write(Wire.call(id, tool, "{\"bytes\":65536}"));
                        }
                    } finally {
                        watchdog.interrupt();
                    }
                } catch (IOException e) {
                    if (running()) {
                        unreadDisconnects.increment(); // the server closed it: budget or write stall
                    }
                }
            }
        }

        /** Closes {@code wire} at the end of the window, unblocking a write stuck on a full socket. */
        private Thread closeAtEnd(Wire wire) {
            Thread t = new Thread(() -> {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
                    wire.close();
                } catch (InterruptedException e) {
                    // the writer finished first
                }
            }, "close-at-end");
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Sends each request one byte at a time, then reads its answer. */
        private void oneByteAtATime() {
            String name = name("slow");
            try (Wire wire = admitted()) {
                for (long id = 1; running(); id++) {
                    byte[] request = Wire.call(id, "echo", "{\"text\":\"slowly\"}").getBytes(StandardCharsets.UTF_8);
                    ledger.sent(name, Long.toString(id));
                    for (byte b : request) {
                        wire.write(new byte[] {b});
                        Thread.sleep(1);
                    }
                    ledger.answered(name, wire.readLine());
                    slowAnswers.increment();
                }
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(name + " lost its connection", e);
            }
        }

        /** Connects, starts a hanging call and half of another line, and resets the connection. */
        private void vanishes() {
            while (running()) {
                try {
                    Wire wire = Wire.open(address);
                    wire.write(Wire.INITIALIZE + Wire.call(1, "hang", "{}") + Wire.call(2, "sleep", "{\"ms\":200}")
                            + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/ca");
                    Thread.sleep(20);
                    wire.vanish();
                    vanished.increment();
                    Thread.sleep(30);
                } catch (IOException | InterruptedException e) {
                    // refused while the flood holds every place: try again
                }
            }
        }

        /** Pipelines thousands of requests at once, far past the in-flight cap and the worker queue. */
        private void pipelinesBeyondTheLimits() {
            String name = name("pipeline");
            try (Wire wire = admitted()) {
                AtomicInteger owed = new AtomicInteger();
                Thread reader = new Thread(() -> {
                    try {
                        for (String line; (line = wire.readLine()) != null; ) {
                            ledger.answered(name, line);
                            owed.decrementAndGet();
                        }
                    } catch (IOException e) {
                        // closed at the end
                    }
                }, "pipeline-reader");
                reader.start();
                long id = 0;
                while (running()) {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < 1000; i++) {
                        ledger.sent(name, Long.toString(++id));
                        owed.incrementAndGet();
                        batch.append(i % 2 == 0 ? Wire.call(id, "sleep", "{\"ms\":2}")
                                : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}\n");
                    }
                    wire.write(batch.toString());
                    pipelined.add(1000);
                    do {
                        Thread.sleep(100); // a burst far past the limits every 100 ms, not a spinning core
                    } while (owed.get() > 5000 && running());
                }
                for (int i = 0; i < 1000 && owed.get() > 0; i++) {
                    Thread.sleep(10);
                }
                wire.socket.shutdownInput(); // ends the reader; the connection closes with the try
                reader.join();
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(name + " failed", e);
            }
        }

        /** An initialized connection, retried while the flood of connections holds every place. */
        private Wire admitted() throws IOException, InterruptedException {
            while (true) {
                try {
                    return Wire.initialized(address);
                } catch (IOException refused) {
                    if (!running()) {
                        throw refused;
                    }
                    Thread.sleep(50);
                }
            }
        }

        /** Opens connections in bursts far beyond the cap; the ones over it are refused with one line. */
        private void connectsBeyondTheCap() {
            while (running()) {
                List<Wire> burst = new ArrayList<>();
                try {
                    for (int i = 0; i < MAX_CONNECTIONS + 32; i++) {
                        burst.add(Wire.open(address));
                    }
                    for (Wire wire : burst) {
                        wire.socket.setSoTimeout(1);
                        try {
                            String line = wire.readLine();
                            if (line != null && line.contains("\"max-connections\"")) {
                                floodRefused.increment();
                            }
                        } catch (java.net.SocketTimeoutException e) {
                            // admitted: nothing to read
                        }
                    }
                    Thread.sleep(1000);
                } catch (IOException | InterruptedException e) {
                    // a connect refused by a full backlog: the next burst tries again
                } finally {
                    burst.forEach(Wire::close);
                }
            }
        }
    }
}
