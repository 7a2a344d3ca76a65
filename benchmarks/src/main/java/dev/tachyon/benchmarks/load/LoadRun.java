package dev.tachyon.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One load run: opens the connections (each with its MCP handshake), drives them in closed-loop
 * or open-loop mode, reports a line per second, drains, and checks that every request got
 * exactly one answer.
 *
 * <pre>
 *   connect + handshake (at most --connect-concurrency at once)
 *   |-- warmup --|------------- duration -------------|-- drain (answers still due) --|
 *   t0           measureStart                         measureEnd
 * </pre>
 * Throughput counts the answers received between {@code measureStart} and {@code measureEnd},
 * divided by the time between the two snapshots that counted them (which a descheduled reporter
 * thread may take late: the nominal duration would then undercount);
 * latency covers every answer received after {@code measureStart}, drain included, so the
 * slowest requests of the window are not cut off.
 */
final class LoadRun {

    static final String PROTOCOL_VERSION = "2025-11-25";
    private static final int MAX_PROBLEMS_KEPT = 20;

    final LoadOptions options;
    final ToolMix mix;
    final boolean closedLoop;
    /** Set at the end of the measured window: closed-loop connections stop sending. */
    volatile boolean stopping;
    /** Set when the generator closes its connections: closes are expected from then on. */
    volatile boolean closing;

    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();
    private final AtomicLong problemCount = new AtomicLong();
    private final List<String> problems = new ArrayList<>();
    private final AtomicInteger readyCount = new AtomicInteger();
    private final AtomicInteger failedCount = new AtomicInteger();
    /** Open loop: connections whose plan still has sends to make (the drain waits for them too). */
    private final AtomicInteger openPlans = new AtomicInteger();
    private Semaphore connectPermits;
    private CountDownLatch connected;

    LoadRun(LoadOptions options) {
        this.options = options;
        this.mix = ToolMix.parse(options.toolSpec, options.payloadBytes, options.sleepMillis);
        this.closedLoop = options.mode == LoadOptions.Mode.MAX;
    }

    // ---- called from connections (any event loop) ----

    void problem(String text) {
        problemCount.incrementAndGet();
        synchronized (problems) {
            if (problems.size() < MAX_PROBLEMS_KEPT) {
                problems.add(text);
            }
        }
    }

    void duplicated(Connection c, long id) {
        duplicated.incrementAndGet();
        problem("connection " + c.index + ": a second answer to id " + id + (id < 0 ? " (no request pending)" : ""));
    }

    void mismatched(Connection c, String what) {
        mismatched.incrementAndGet();
        problem("connection " + c.index + ": " + what);
    }

    /** Open loop: a connection has made the last send of its plan (or had none to make). */
    void planOver() {
        openPlans.decrementAndGet();
    }

    void connectionReady(Connection c) {
        readyCount.incrementAndGet();
        connectPermits.release();
        connected.countDown();
    }

    void connectionFailed(Connection c) {
        failedCount.incrementAndGet();
        connectPermits.release();
        connected.countDown();
    }

    // ---- the run ----

    RunResult execute(PrintStream live) throws InterruptedException {
        return execute(live, MeasuredWindow.NONE);
    }

    /** Runs the load, telling {@code window} when the measured window opens and closes. */
    RunResult execute(PrintStream live, MeasuredWindow window) throws InterruptedException {
        String loadBefore = SystemFacts.loadAverage();
        return withSessions((loops, connections, epoll) -> {
            Reporter reporter = drive(connections, new Reporter(loops, live, options.quiet), window);
            return finish(loops, reporter, loadBefore, epoll);
        });
    }

    /**
     * Told, on the reporting thread, right at the two edges of the measured window (not the
     * warm-up): e.g. to read the CPU time of the server under test over exactly that window.
     * Must return quickly: the window's edge snapshots wait for it.
     */
    interface MeasuredWindow {
        MeasuredWindow NONE = new MeasuredWindow() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        void opened();

        void closed();
    }

    /** What to do with the open sessions of a run. */
    @FunctionalInterface
    interface SessionsUse<T> {
        T use(List<LoopContext> loops, List<Connection> connections, boolean epoll) throws InterruptedException;
    }

    /**
     * Opens {@code --connections} connections, each with its MCP session (at most
     * {@code --connect-concurrency} handshakes at once), hands them to {@code body}, and closes
     * them when it returns.
     *
     * @throws RunFailed when not every session opened in time
     */
    <T> T withSessions(SessionsUse<T> body) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads,
                new DefaultThreadFactory("bench-io", true), factory);
        List<LoopContext> loops = new ArrayList<>();
        for (EventExecutor executor : group) {
            loops.add(new LoopContext((EventLoop) executor));
        }
        List<Connection> connections = new ArrayList<>();
        try {
            connect(group, epoll, loops, connections);
            return body.use(loops, connections, epoll);
        } finally {
            closing = true;
            for (Connection c : connections) {
                if (c.channel != null) {
                    c.channel.close();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void connect(MultiThreadIoEventLoopGroup group, boolean epoll, List<LoopContext> loops,
            List<Connection> connections) throws InterruptedException {
        connectPermits = new Semaphore(options.connectConcurrency);
        connected = new CountDownLatch(options.connections);
        Bootstrap bootstrap = new Bootstrap()
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                // Open loop never holds back a planned send, so the outbound buffer may grow while
                // the server stalls; the watermark only decides what isWritable() reports.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20));
        boolean http = options.target.transport() == Target.Transport.HTTP;
        for (int i = 0; i < options.connections; i++) {
            connectPermits.acquire();
            LoopContext loop = loops.get(i % loops.size());
            Connection c = http ? new HttpConnection(this, loop, i) : new TcpConnection(this, loop, i);
            connections.add(c);
            ChannelFuture f = bootstrap.clone().group(loop.eventLoop)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (options.tls != null) {
                                // Requests written before the handshake ends wait in the handler.
                                ch.pipeline().addLast(options.tls.newHandler(ch.alloc()));
                            }
                            if (http) {
                                ch.pipeline().addLast(new HttpResponseDecoder(), new HttpObjectAggregator(64 << 20));
                            }
                            ch.pipeline().addLast(c);
                            loop.connections.add(c);
                        }
                    })
                    .connect(options.target.host(), options.target.port());
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    problem("connection " + c.index + ": cannot connect to " + options.target + ": " + done.cause());
                    connectionFailed(c);
                }
            });
        }
        if (!connected.await(60 + options.connections / 100, TimeUnit.SECONDS)) {
            throw new RunFailed("only " + readyCount.get() + " of " + options.connections
                    + " sessions opened in time" + problemsText());
        }
        if (failedCount.get() > 0) {
            throw new RunFailed(failedCount.get() + " of " + options.connections + " connections failed to open"
                    + problemsText());
        }
    }

    /** Runs warmup, the measured window (with a live line per second) and the drain. */
    Reporter drive(List<Connection> connections, Reporter reporter, MeasuredWindow window) throws InterruptedException {
        long t0 = System.nanoTime() + 20_000_000L;
        long measureStart = t0 + options.warmupNanos;
        long measureEnd = measureStart + options.durationNanos;
        if (closedLoop) {
            for (Connection c : connections) {
                c.channel.eventLoop().schedule(c::startClosedLoop, t0 - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        } else {
            double perConnection = options.rate / options.connections;
            Random phases = new Random(42);
            openPlans.set(connections.size());
            for (Connection c : connections) {
                // Spread the first sends over one interval, so the connections do not fire in step.
                long start = t0 + (long) (phases.nextDouble() * 1e9 / perConnection);
                OpenLoopSchedule plan = new OpenLoopSchedule(start, perConnection, measureEnd);
                c.channel.eventLoop().execute(() -> c.startOpenLoop(plan));
            }
        }
        reporter.run(t0, measureStart, measureEnd, window, () -> stopping = true);
        // Drain: every request sent must get its answer. A loop running late (a busy machine)
        // still owes the sends that came due before measureEnd; until they are made, nothing
        // may look pending, so wait for every plan to end as well, or they would count as lost.
        long drainDeadline = System.nanoTime() + options.drainNanos;
        while ((reporter.pending() > 0 || openPlans.get() > 0) && System.nanoTime() < drainDeadline
                && !allClosed(connections)) {
            Thread.sleep(10);
        }
        reporter.collectDrain();
        return reporter;
    }

    private static boolean allClosed(List<Connection> connections) {
        for (Connection c : connections) {
            if (c.channel.isActive()) {
                return false;
            }
        }
        return true;
    }

    RunResult finish(List<LoopContext> loops, Reporter reporter, String loadBefore, boolean epoll)
            throws InterruptedException {
        long lost = 0;
        List<String> lostSamples = new ArrayList<>();
        Map<String, Long> errors = new TreeMap<>();
        for (LoopContext loop : loops) {
            try {
                // Read each loop's state on the loop itself: it is confined there.
                Object[] state = loop.eventLoop.submit(() -> {
                    long pending = 0;
                    List<String> samples = new ArrayList<>();
                    for (Connection c : loop.connections) {
                        pending += c.inFlight.size();
                        if (c.inFlight.size() > 0 && samples.size() < 5) {
                            samples.add("connection " + c.index + ": ids " + Arrays.toString(c.inFlight.pendingIds(5))
                                    + (c.inFlight.size() > 5 ? " and " + (c.inFlight.size() - 5) + " more" : ""));
                        }
                    }
                    Map<String, Long> byKind = new TreeMap<>();
                    loop.errorsByKind.forEach((k, v) -> byKind.put(k, v[0]));
                    return new Object[] {pending, samples, byKind};
                }).get(10, TimeUnit.SECONDS);
                lost += (Long) state[0];
                @SuppressWarnings("unchecked")
                List<String> samples = (List<String>) state[1];
                if (lostSamples.size() < 10) {
                    lostSamples.addAll(samples);
                }
                @SuppressWarnings("unchecked")
                Map<String, Long> byKind = (Map<String, Long>) state[2];
                byKind.forEach((k, v) -> errors.merge(k, v, Long::sum));
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new RunFailed("cannot read the state of an event loop: " + e);
            }
        }
        List<String> kept;
        synchronized (problems) {
            kept = new ArrayList<>(problems);
        }
        for (String sample : lostSamples) {
            kept.add("unanswered: " + sample);
        }
        Histogram latency = reporter.total();
        return new RunResult(options, epoll, reporter.measuredNanos(), reporter.measuredAnswers(), reporter.measuredSent(),
                reporter.measuredErrors(), latency, reporter.rejected(), errors, lost, duplicated.get(), mismatched.get(), problemCount.get(), kept,
                loadBefore, SystemFacts.loadAverage(), reporter.liveLines());
    }

    private String problemsText() {
        synchronized (problems) {
            return problems.isEmpty() ? "" : ":\n  " + String.join("\n  ", problems);
        }
    }

    /** The run could not be carried out as asked. */
    static final class RunFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunFailed(String message) {
            super(message);
        }
    }
}
