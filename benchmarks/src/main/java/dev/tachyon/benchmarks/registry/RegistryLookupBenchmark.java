package dev.tachyon.benchmarks.registry;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Session lookups by id as every event loop makes them (HTTP requests carry an
 * {@code Mcp-Session-Id}): {@link ConcurrentHashMap} (what the server uses) against a
 * hand-written lock-striped map ({@link LockStripedMap}, 64 stripes) and a single-lock
 * {@code synchronizedMap}, from two threads (this machine's core count), over
 * 10,000 sessions, with a share of writes (sessions opened and closed).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RegistryLookupBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RegistryLookupBenchmark {

    private static final int SESSIONS = 10_000;

    /** Percent of operations that replace a session (a put) instead of looking one up. */
    @Param({"0", "10"})
    public int writePercent;

    private final String[] ids = new String[SESSIONS];
    private final Object[] values = new Object[SESSIONS];
    private LockStripedMap<String, Object> striped;
    private ConcurrentHashMap<String, Object> concurrent;
    private Map<String, Object> locked;

    @Setup(Level.Trial)
    public void setUp() {
        striped = new LockStripedMap<>(64);
        concurrent = new ConcurrentHashMap<>();
        locked = Collections.synchronizedMap(new HashMap<>());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < SESSIONS; i++) {
            // Session ids as the HTTP transport mints them: 32 random hex characters.
            ids[i] = Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                    + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
            values[i] = new Object();
            striped.put(ids[i], values[i]);
            concurrent.put(ids[i], values[i]);
            locked.put(ids[i], values[i]);
        }
    }

    @Benchmark
    public Object striped() {
        int i = ThreadLocalRandom.current().nextInt(SESSIONS);
        return write() ? striped.put(ids[i], values[i]) : striped.get(ids[i]);
    }

    @Benchmark
    public Object concurrentHashMap() {
        int i = ThreadLocalRandom.current().nextInt(SESSIONS);
        return write() ? concurrent.put(ids[i], values[i]) : concurrent.get(ids[i]);
    }

    @Benchmark
    public Object synchronizedHashMap() {
        int i = ThreadLocalRandom.current().nextInt(SESSIONS);
        return write() ? locked.put(ids[i], values[i]) : locked.get(ids[i]);
    }

    private boolean write() {
        return writePercent > 0 && ThreadLocalRandom.current().nextInt(100) < writePercent;
    }
}
