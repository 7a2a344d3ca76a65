package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The well-behaved client of the hostile-client suite: one initialized TCP connection that
 * sends {@code ping} every {@value #PAUSE_MILLIS} ms on its own thread, waits for each answer
 * and records its latency, for as long as the attack runs.
 *
 * <pre>{@code
 * GoodClient good = GoodClient.start(server.tcpAddress());
 * ... attack ...
 * good.stop().assertHealthy();   // every ping answered, p99 <= 100 ms
 * }</pre>
 *
 * <p>Closed loop with a pause, not a flood: it measures what one ordinary client meets, and
 * leaves the two cores of a CI machine to the server and the attacker.
 */
public final class GoodClient implements AutoCloseable {

    /** The latency bound the issue sets for a well-behaved client under attack. */
    public static final long P99_BOUND_MILLIS = 100;
    static final long PAUSE_MILLIS = 5;
    private static final int MAX_SAMPLES = 1 << 20;
    static final int MIN_SAMPLES = 20;
    static final long MIN_WINDOW_MILLIS = 5_000;

    private final Socket socket;
    private final Thread thread;
    private final long[] latencies = new long[MAX_SAMPLES];
    private volatile boolean running = true;
    /** Written by the pinging thread only; read by {@link #stop} while it waits for a sample. */
    private volatile int samples;
    private volatile String failure;

    private GoodClient(Socket socket) {
        this.socket = socket;
        this.thread = new Thread(this::run, "good-client");
        this.thread.setDaemon(true);
    }

    /** Connects to the TCP listener at {@code address}, initializes, and starts pinging. */
    public static GoodClient start(InetSocketAddress address) throws IOException {
        return start(address, null);
    }

    /**
     * As {@link #start(InetSocketAddress)}, from the local address {@code from} (another loopback
     * address such as 127.0.0.2, so that the attacker's per-address limits are not the good
     * client's); null for the system's choice.
     */
    public static GoodClient start(InetSocketAddress address, java.net.InetAddress from) throws IOException {
        Socket socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(address, 5_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        GoodClient client = new GoodClient(socket);
        client.initialize();
        client.thread.start();
        return client;
    }

    private void initialize() throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"good\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = reader().readLine();
        if (answer == null || !answer.contains("\"result\"")) {
            socket.close();
            throw new IOException("not initialized: " + answer);
        }
    }

    private BufferedReader reader;

    private BufferedReader reader() throws IOException {
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }
        return reader;
    }

    private void run() {
        try {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = reader();
            for (long id = 1; running; id++) {
                byte[] ping = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}\n").getBytes(StandardCharsets.US_ASCII);
                long sent = System.nanoTime();
                out.write(ping);
                out.flush();
                String line = in.readLine();
                long took = System.nanoTime() - sent;
                if (line == null) {
                    failure = "connection closed by the server after " + samples + " pings";
                    return;
                }
                if (!line.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\"")) {
                    failure = "ping " + id + " answered " + line;
                    return;
                }
                if (samples < MAX_SAMPLES) {
                    latencies[samples++] = took;
                }
                Thread.sleep(PAUSE_MILLIS);
            }
        } catch (IOException e) {
            if (running) {
                failure = "after " + samples + " pings: " + e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops pinging, closes the connection and reports what it saw. An attack that ended
     * quickly still gets a sample: pinging goes on until {@value #MIN_SAMPLES} were answered
     * (or {@value #MIN_WINDOW_MILLIS} ms passed), since the server must serve well after an
     * attack as well as during it.
     */
    public Report stop() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MIN_WINDOW_MILLIS);
        while (samples < MIN_SAMPLES && failure == null && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(PAUSE_MILLIS);
        }
        running = false;
        thread.join(15_000);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        long[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        return new Report(samples, percentile(sorted, 0.50), percentile(sorted, 0.99),
                samples == 0 ? 0 : sorted[samples - 1], thread.isAlive() ? "a ping still unanswered after 15 s" : failure);
    }

    /** Stops without reporting (for a {@code finally} after a failure elsewhere). */
    @Override
    public void close() {
        running = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** What the well-behaved client saw: pings answered, latency percentiles (ns), and the first failure, if any. */
    public static final class Report {
        public final int answered;
        public final long p50Nanos;
        public final long p99Nanos;
        public final long maxNanos;
        /** Null when every ping was answered correctly. */
        public final String failure;

        Report(int answered, long p50Nanos, long p99Nanos, long maxNanos, String failure) {
            this.answered = answered;
            this.p50Nanos = p50Nanos;
            this.p99Nanos = p99Nanos;
            this.maxNanos = maxNanos;
            this.failure = failure;
        }

        /** Asserts every ping was answered in order, at least {@value GoodClient#MIN_SAMPLES} were, and p99 is within {@link #P99_BOUND_MILLIS}. */
        public Report assertHealthy() {
            System.out.println("good client: " + this);
            assertNull(failure, "the well-behaved client failed");
            assertTrue(answered >= MIN_SAMPLES, "the well-behaved client was answered only " + answered + " times");
            assertTrue(p99Nanos <= TimeUnit.MILLISECONDS.toNanos(P99_BOUND_MILLIS),
                    "the well-behaved client's p99 " + this);
            return this;
        }

        @Override
        public String toString() {
            return String.format("%d pings, p50 %.2f ms, p99 %.2f ms, max %.2f ms%s", answered, p50Nanos / 1e6,
                    p99Nanos / 1e6, maxNanos / 1e6, failure == null ? "" : ", failure: " + failure);
        }
    }

    /**
     * Waits until {@code millis} have passed since {@code startNanos}: a short attack still
     * gives the well-behaved client enough pings for its p99 to mean something.
     */
    static void observeAtLeast(long startNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - startNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }

}
