package dev.tachyon.benchmarks.ratelimit;

import dev.tachyon.api.Principal;
import dev.tachyon.server.ratelimit.RateLimit;
import dev.tachyon.server.ratelimit.RateLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a rate-limited {@code tools/call} pays on the hot path: one {@link RateLimits#toolCall}
 * (a stripe lock, one hash lookup, the bucket arithmetic), for one client per thread (the
 * common case: a session's calls come from one key) or for clients spread over many keys,
 * with limits off as the baseline. The rate is high enough that every call is admitted, so the
 * admitted path is measured.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TokenBucketsBenchmark -t 1}
 * ({@code -t 2}: both threads share the one key, the contended worst case).
 *
 * <p>Measured 2026-12-06 on the shared 2-core build machine (load average 8, so the errors are
 * wide), JDK 17, one thread: off 3 ns, one key 56 ns (of which {@code System.nanoTime} is about
 * 20), 10,000 keys 165 ns (cache misses over the table); two threads on one key: 171 ns. A
 * {@code tools/call} costs microseconds end to end, so an enabled limit is a few percent at most.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class TokenBucketsBenchmark {

    /** off: no limit configured; one-key: every call of a thread from one client; many-keys: 10,000 clients. */
    @Param({"off", "one-key", "many-keys"})
    public String shape;

    private RateLimits limits;
    private Object[] clients;

    @Setup
    public void setUp() throws UnknownHostException {
        limits = shape.equals("off") ? RateLimits.none()
                : new RateLimits(new RateLimit(1e9, 1_000_000_000), Map.of(), RateLimit.OFF, RateLimit.OFF, 100_000,
                        System::nanoTime);
        int n = shape.equals("many-keys") ? 10_000 : 1;
        clients = new Object[n];
        for (int i = 0; i < n; i++) {
            clients[i] = i % 2 == 0 ? Principal.ofCertificate("CN=client-" + i)
                    : InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
        }
    }

    /** Per thread: which client it plays next. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    @Threads(2)
    public Object toolCall(Cursor cursor) {
        Object client = clients[cursor.next];
        cursor.next = cursor.next + 1 == clients.length ? 0 : cursor.next + 1;
        return limits.limitsToolCalls() ? limits.toolCall(client, "echo") : null;
    }
}
