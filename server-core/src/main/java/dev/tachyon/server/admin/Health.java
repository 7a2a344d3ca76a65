package dev.tachyon.server.admin;

import dev.tachyon.bufferpool.PoolMetrics;
import dev.tachyon.server.lifecycle.ServerState;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.WorkerPool;
import dev.tachyon.server.observability.EngineMetrics;
import dev.tachyon.server.observability.GcPauses;
import dev.tachyon.server.memory.HeapAfterGc;
import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.server.connection.ConnectionLimit;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code /health} and {@code /ready} say, computed when asked.
 *
 * <p>Healthy means: serving (started, not draining) and memory below its watermarks: the heap
 * still in use after the last collection, and Netty's direct memory, each as a share of its
 * maximum. Everything else in the report is information for the operator; it does not change
 * the verdict.
 */
public final class Health {

    /** {@code /health}'s verdicts, as its {@code status} member. */
    public static final String OK = "ok";
    public static final String STARTING = "starting";
    public static final String DRAINING = "draining";
    public static final String UNHEALTHY = "unhealthy";

    private static final long WINDOW_SECONDS = 60;

    private final Supplier<ServerState> state;
    private final EngineMetrics metrics;
    private final WorkerPool workers;
    private final ConnectionLimit connectionLimit;
    private final GcPauses gcPauses;
    private final PoolMetrics pool = PoolMetrics.shared();
    private final int heapPercent;
    private final int directPercent;
    private final long startNanos = System.nanoTime();
    private final RollingWindow window = new RollingWindow(WINDOW_SECONDS, TimeUnit.SECONDS);

    /**
     * @param heapPercent   unhealthy above this share of the max heap in use after a collection
     * @param directPercent unhealthy above this share of the max direct memory in use
     * @param connections   the count every network transport's connections are in (per transport too)
     */
    public Health(Supplier<ServerState> state, EngineMetrics metrics, WorkerPool workers,
            ConnectionLimit connections, GcPauses gcPauses, int heapPercent, int directPercent) {
        this.state = state;
        this.metrics = metrics;
        this.workers = workers;
        this.connectionLimit = connections;
        this.gcPauses = gcPauses;
        this.heapPercent = heapPercent;
        this.directPercent = directPercent;
        sample();
    }

    /** Takes the once-a-second sample behind the message rate and the error count. */
    void sample() {
        window.sample(System.nanoTime(), metrics.messagesReceived(), metrics.errors());
    }

    /** Whether the server takes new work: started and not draining. */
    boolean ready() {
        return state.get() == ServerState.SERVING;
    }

    /** The {@code /ready} document. */
    Map<String, Object> readiness() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ready", ready());
        doc.put("state", state.get().name().toLowerCase(java.util.Locale.ROOT));
        return doc;
    }

    /** The {@code /health} document; its {@code status} is {@link #OK} exactly when the answer is 200. */
    Map<String, Object> report() {
        long now = System.nanoTime();
        List<String> problems = new ArrayList<>();
        Map<String, Object> memory = memory(problems);
        String status;
        switch (state.get()) {
            case SERVING:
                status = problems.isEmpty() ? OK : UNHEALTHY;
                break;
            case NEW:
            case STARTING:
                status = STARTING;
                break;
            default:
                status = DRAINING;
                break;
        }
        RollingWindow.Rates rates = window.rates(now, metrics.messagesReceived(), metrics.errors());

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.put("problems", problems);
        doc.put("uptimeSeconds", TimeUnit.NANOSECONDS.toSeconds(now - startNanos));
        Map<String, Object> connections = new LinkedHashMap<>();
        Map<String, Object> sessions = new LinkedHashMap<>();
        int sessionTotal = 0;
        for (TransportKind transport : TransportKind.values()) {
            int open = metrics.sessions(transport);
            sessionTotal += open;
            Map<String, Object> byEra = new LinkedHashMap<>();
            for (McpSession.RevisionScope era : McpSession.RevisionScope.values()) {
                byEra.put(EngineMetrics.eraLabel(era), metrics.sessions(transport, era));
            }
            sessions.put(transport.label(), byEra);
        }
        connections.putAll(connectionsByTransport());
        connections.put("total", connectionTotal());
        doc.put("connections", connections);
        doc.put("sessions", sessions);
        doc.put("sessionsTotal", sessionTotal);
        doc.put("requestsInFlight", metrics.inFlight());
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("depth", workers.queueDepth());
        queue.put("capacity", workers.capacity());
        queue.put("rejected", workers.rejectedCount());
        queue.put("sessionShareRejected", workers.laneRejectedCount());
        queue.put("dropped", workers.droppedCount());
        doc.put("workerQueue", queue);
        doc.put("memory", memory);
        doc.put("gcPauseP99Millis", gcPauses.p99Millis(WINDOW_SECONDS, TimeUnit.SECONDS));
        doc.put("messagesPerSecond", Math.round(rates.messagesPerSecond() * 10) / 10.0);
        doc.put("errorsLastMinute", rates.errors());
        return doc;
    }

    /**
     * The {@code /memory} document: what the server holds now, for measuring memory per session.
     * With {@code gc}, a full collection runs first ({@code System.gc()} twice: the second
     * collects what the first left to finalization and reference processing), so
     * {@code heapUsed} is the live heap; it pauses the server, so this is a measuring tool, not
     * something to poll in production.
     *
     * <pre>
     *   {"gc":true,"heapUsed":..,"directUsed":..,"pooledDirect":..,"pooledDirectUsed":..,
     *    "sessions":..,"connections":..,"requestsInFlight":..,"workerQueueDepth":..}
     * </pre>
     * {@code directUsed} is Netty's count of the direct memory it reserved (pooled and
     * unpooled); {@code pooledDirect} the pool's arenas (whole chunks, free space included);
     * {@code pooledDirectUsed} what is allocated from them now.
     */
    Map<String, Object> memoryReport(boolean gc) {
        if (gc) {
            System.gc();
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        int sessions = 0;
        for (TransportKind transport : TransportKind.values()) {
            sessions += metrics.sessions(transport);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("gc", gc);
        doc.put("heapUsed", heap.getUsed());
        doc.put("directUsed", directUsed());
        doc.put("pooledDirect", pool.pooledDirectBytes());
        doc.put("pooledDirectUsed", pool.pooledDirectBytesInUse());
        doc.put("sessions", sessions);
        doc.put("connections", connectionTotal());
        doc.put("connectionsByTransport", connectionsByTransport());
        doc.put("requestsInFlight", metrics.inFlight());
        doc.put("workerQueueDepth", workers.queueDepth());
        return doc;
    }

    /**
     * Open connections by transport: every network connection the shared cap counts (TCP and
     * HTTP, whether or not it carries a session yet), and stdio's one pipe when it serves.
     */
    private Map<String, Object> connectionsByTransport() {
        Map<String, Object> by = new LinkedHashMap<>();
        connectionLimit.openBy().forEach(by::put);
        by.put(TransportKind.STDIO.label(), metrics.sessions(TransportKind.STDIO));
        return by;
    }

    private int connectionTotal() {
        return connectionLimit.open() + metrics.sessions(TransportKind.STDIO);
    }

    private Map<String, Object> memory(List<String> problems) {
        Runtime runtime = Runtime.getRuntime();
        long heapMax = runtime.maxMemory();
        long heapUsed = runtime.totalMemory() - runtime.freeMemory();
        long afterGc = HeapAfterGc.shared().bytes();
        long directUsed = directUsed();
        long directMax = pool.maxDirectBytes();

        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heapUsedBytes", heapUsed);
        memory.put("heapMaxBytes", heapMax);
        memory.put("heapAfterGcBytes", afterGc);
        memory.put("directUsedBytes", directUsed);
        memory.put("directMaxBytes", directMax);
        memory.put("pooledDirectBytes", pool.pooledDirectBytes());
        if (heapMax > 0 && afterGc * 100 > heapMax * heapPercent) {
            problems.add("heap in use after the last collection is " + afterGc * 100 / heapMax
                    + "% of the maximum (limit " + heapPercent + "%)");
        }
        if (directMax > 0 && directUsed * 100 > directMax * directPercent) {
            problems.add("direct memory in use is " + directUsed * 100 / directMax
                    + "% of the maximum (limit " + directPercent + "%)");
        }
        return memory;
    }

    private long directUsed() {
        long used = pool.nettyDirectBytes();
        if (used >= 0) {
            return used;
        }
        for (BufferPoolMXBean bean : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(bean.getName())) {
                return bean.getMemoryUsed();
            }
        }
        return 0;
    }
}
