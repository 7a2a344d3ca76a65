package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.EngineSettings;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overload suite's short version (benchmarks/scripts/overload.sh is the 60 s one): the
 * maximum measured closed loop, then twice it offered open loop for 5 s. Goodput stays at 90%
 * of the maximum, refusals come at once (p50 within 2 ms, p99 within {@link #REFUSAL_P99_MILLIS}),
 * every request is answered exactly once.
 *
 * <p>The workload is the blocking {@code sleep} tool (5 ms, 8 workers: some 1,600 calls/s): capacity is set by the
 * workers, not by the cores the generator and the server share in one JVM, so what is measured
 * is the overload control (the bounded worker queue refusing at 95%).
 */
class OverloadTest {

    /** The CI allowance for the p99 of refusals; {@code -Dtachyon.overload.refusalP99Millis=10} for the bar. */
    static final long REFUSAL_P99_MILLIS = Long.getLong("tachyon.overload.refusalP99Millis", 50);

    @TempDir
    Path out;

    @Test
    void twiceTheMaximumKeepsGoodputAndRefusesQuickly() throws Exception {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        // Timing is the point: PARANOID leak tracking would measure the tracker. Leaks are still sampled.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        TachyonServer server = TachyonServer.builder()
                .tcp("127.0.0.1", 0)
                .ioThreads(2)
                .tool(DemoTools.sleep())
                .settings(EngineSettings.builder().workerThreads(8).workerQueueCapacity(512).build())
                .build().start();
        try {
            String target = "tcp://127.0.0.1:" + server.tcpAddress().getPort();
            RunResult max = run(target, "max", "--mode", "max", "--pipeline", "8", "--duration", "3s");
            assertFalse(max.failed(), max.summary());
            RunResult overload = run(target, "2x", "--mode", "rate", "--rate",
                    Long.toString(Math.round(2 * max.goodput())), "--duration", "5s");
            String both = max.summary() + overload.summary();
            System.out.print(both);
            assertFalse(overload.failed(), "every request answered exactly once:\n" + both);
            assertTrue(overload.goodput() >= 0.9 * max.goodput(), "goodput held at 90% of the maximum:\n" + both);
            assertTrue(overload.rejectedLatency.getTotalCount() > 0, "twice the maximum is refused in part:\n" + both);
            // Refusals are immediate: a blocking refusal path shows at the median. The tail is the
            // machine's: CI shares 2 cores with other builds, so the test allows 50 ms at p99 where
            // overload.sh (a quiet machine, 60 s) holds the bar of 10 ms.
            assertTrue(overload.rejectedMillisAt(50) <= 2, "refusals at once (p50 within 2 ms):\n" + both);
            assertTrue(overload.rejectedMillisAt(99) <= REFUSAL_P99_MILLIS, "refusals within "
                    + REFUSAL_P99_MILLIS + " ms at p99:\n" + both);
        } finally {
            server.close();
            ResourceLeakDetector.setLevel(level);
        }
    }

    private RunResult run(String target, String label, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", target, "--connections", "16", "--tool", "sleep",
                "--sleep-ms", "5", "--warmup", "1s", "--drain", "5s", "--threads", "1", "--quiet",
                "--out", out.toString(), "--label", label));
        args.addAll(List.of(extra));
        return TachyonBench.execute(LoadOptions.parse(args.toArray(new String[0])),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
