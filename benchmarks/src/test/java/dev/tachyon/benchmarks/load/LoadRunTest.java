package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs against small in-process servers. Durations are short and no assertion depends on
 * timing: each checks counts that the run must get exactly right whatever the machine's speed.
 */
class LoadRunTest {

    @TempDir
    Path out;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private RunResult run(String target, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", target, "--connections", "2", "--pipeline", "4",
                "--warmup", "0", "--duration", "300ms", "--threads", "1", "--quiet",
                "--out", out.toString(), "--label", "t"));
        args.addAll(List.of(extra));
        if (!args.contains("--drain")) {
            // The drain ends as soon as every answer is in; the long bound only matters on a
            // loaded CI machine, where a cold JIT can hold answers back for a second or more.
            args.addAll(List.of("--drain", "15s"));
        }
        return TachyonBench.execute(LoadOptions.parse(args.toArray(new String[0])),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void aSoundRunAnswersEveryRequestOnce() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.NONE, 0)) {
            RunResult result = run("tcp://127.0.0.1:" + server.port());
            assertFalse(result.failed(), result.summary());
            assertEquals(0, result.lost);
            assertTrue(result.latency.getTotalCount() > 0);
        }
    }

    @Test
    void goodputCountsOnlySuccessfulAnswersAndRefusalsHaveTheirOwnLatency() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.REJECT_EVEN, 0)) {
            RunResult result = run("tcp://127.0.0.1:" + server.port());
            assertFalse(result.failed(), result.summary());
            long refused = result.errors.getOrDefault("-32001", 0L);
            assertTrue(refused > 0, result.summary());
            assertEquals(refused, result.rejectedLatency.getTotalCount(), "every refusal's latency is recorded");
            // Every other call is refused: goodput is about half the answers, the difference
            // being the error answers of the measured window exactly.
            assertEquals(result.throughput() - result.errorAnswers / (result.windowNanos / 1e9), result.goodput(), 1e-6);
            assertTrue(result.goodput() > 0.3 * result.throughput() && result.goodput() < 0.7 * result.throughput(),
                    result.summary());
            assertTrue(result.summary().contains("goodput") && result.summary().contains("rejections"), result.summary());
            String json = Files.readString(out.resolve("t").resolve("result.json"));
            assertTrue(json.contains("\"goodput\": ") && json.contains("\"rejectedLatencyMillis\": {\"p50\""), json);
        }
    }

    @Test
    void anOpenLoopRunWhoseSenderIsLateAtTheWindowsEndStillMakesAndCountsEveryPlannedSend() throws Exception {
        // 20/s on one connection for 1 s with no warmup: 20 sends, all due before the window
        // ends. The loop is held from 905 ms to 1,600 ms: the window's closing snapshot runs
        // on it at 1,300 ms between two holds, so when the drain starts nothing is pending while
        // one or two sends are still owed, and they are made only after it. The drain must
        // wait for them (on a busy CI machine such sends were counted lost).
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.NONE, 0)) {
            LoadRun run = new LoadRun(LoadOptions.parse(new String[] {"--target", "tcp://127.0.0.1:" + server.port(),
                    "--mode", "rate", "--rate", "20", "--connections", "1", "--warmup", "0", "--duration", "1s",
                    "--threads", "1", "--quiet", "--drain", "15s", "--out", out.toString(), "--label", "late"}));
            PrintStream live = new PrintStream(printed, true, StandardCharsets.UTF_8);
            RunResult result = run.withSessions((loops, connections, epoll) -> {
                EventLoop loop = loops.get(0).eventLoop;
                LoadRun.MeasuredWindow holdTheLoop = new LoadRun.MeasuredWindow() {
                    @Override
                    public void opened() {
                        loop.schedule(() -> {
                            sleep(395);
                            loop.execute(() -> sleep(300)); // queued behind the snapshot, before the pacer's tick
                        }, 905, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    public void closed() {
                    }
                };
                return run.finish(loops, run.drive(connections, new Reporter(loops, live, true), holdTheLoop), "", epoll);
            });
            assertFalse(result.failed(), result.summary());
            assertEquals(20, result.latency.getTotalCount(), result.summary());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aDroppedAnswerFailsTheRunAsLost() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.DROP, 3)) {
            RunResult result = run("tcp://127.0.0.1:" + server.port(), "--drain", "1s");
            assertTrue(result.failed());
            assertEquals(1, result.lost, result.summary());
            assertEquals(0, result.duplicated);
            assertTrue(result.summary().contains("FAILED"), result.summary());
        }
    }

    @Test
    void aDuplicatedAnswerFailsTheRun() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.DUPLICATE, 5)) {
            RunResult result = run("tcp://127.0.0.1:" + server.port());
            assertTrue(result.failed());
            assertEquals(1, result.duplicated, result.summary());
            assertEquals(0, result.lost);
        }
    }

    @Test
    void anAnswerWithAnIdNeverSentFailsTheRunAsMismatched() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.UNKNOWN_ID, 2)) {
            RunResult result = run("tcp://127.0.0.1:" + server.port(), "--drain", "1s");
            assertEquals(1, result.mismatched, result.summary());
            assertEquals(1, result.lost); // the request whose answer carried the wrong id
        }
    }

    @Test
    void theCommandExitsNonZeroOnALostAnswer() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.DROP, 1)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = TachyonBench.run(new String[] {"--target", "tcp://127.0.0.1:" + server.port(),
                "--warmup", "0", "--duration", "200ms", "--drain", "300ms", "--connections", "1", "--pipeline", "2",
                "--threads", "1", "--quiet", "--out", out.toString(), "--label", "exit"},
                    new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, status);
        }
    }

    @Test
    void aServerPidAddsTheServersCpuOverTheMeasuredWindowAndItsKernelShare() throws Exception {
        // the fake server runs in this JVM, so the server's CPU is this process's: it answered, so it used some
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.NONE, 0)) {
            int status = TachyonBench.run(new String[] {"--target", "tcp://127.0.0.1:" + server.port(), "--warmup", "0",
                "--duration", "500ms", "--connections", "2", "--pipeline", "4", "--threads", "1", "--quiet",
                "--server-pid", Long.toString(ProcessHandle.current().pid()), "--out", out.toString(), "--label", "cpu"},
                    new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
            String output = PrintedOutput.of(printed);
            assertEquals(0, status, output);
            assertTrue(output.matches("(?s).*  server cpu   [0-9.]+ cores \\(pid " + ProcessHandle.current().pid()
                    + ", [0-9]+% in the kernel\\), generator [0-9.]+ cores, [0-9,]+ answers per server CPU-second.*"), output);
            String json = Files.readString(out.resolve("cpu/cpu.json"));
            double total = number(json, "serverCpuSeconds");
            double system = number(json, "serverSystemSeconds");
            assertTrue(total > 0 && system >= 0 && system <= total, json);
            assertTrue(number(json, "generatorSystemSeconds") <= number(json, "generatorCpuSeconds"), json);
        }
    }

    @Test
    void aServerPidThatIsNoProcessIsBadUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TachyonBench.run(new String[] {"--target", "tcp://127.0.0.1:1", "--server-pid", "2147483647",
            "--out", out.toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--server-pid: no process 2147483647"), err.toString(StandardCharsets.UTF_8));
    }

    private static double number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ([0-9.]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void openLoopWritesEveryOutputFile() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.tcp(FakeMcpServer.Fault.NONE, 0)) {
            RunResult result = run("tcp://127.0.0.1:" + server.port(), "--mode", "rate", "--rate", "2000",
                    "--tool", "echo:3,add:1");
            assertFalse(result.failed(), result.summary());
            Path dir = out.resolve("t");
            String hgrm = Files.readString(dir.resolve("latency.hgrm"));
            assertTrue(hgrm.contains("Value") && hgrm.contains("Percentile") && hgrm.contains("#[Max"), hgrm);
            String json = Files.readString(dir.resolve("result.json"));
            assertTrue(json.contains("\"mode\": \"rate\"") && json.contains("\"ok\": true"), json);
            assertTrue(Files.readString(dir.resolve("summary.txt")).contains("from intended send times"));
            assertNotNull(ImageIO.read(dir.resolve("latency.png").toFile()), "latency.png is not an image");
        }
    }

    @Test
    void rawModeAgainstTheEchoCeilingAnswersEveryRequestOnce() throws Exception {
        try (EchoCeilingServer ceiling = EchoCeilingServer.start("127.0.0.1", 0, 1)) {
            RunResult result = run("tcp://127.0.0.1:" + ceiling.localAddress().getPort(), "--raw");
            assertFalse(result.failed(), result.summary());
            assertEquals(0, result.lost, result.summary());
            // Each loop's sent and answered are read at one instant at both edges of the measured
            // window, so the two differ only by the requests in flight at the edges: at most
            // connections x pipeline = 8.
            assertTrue(Math.abs(result.sent - result.answers) <= 2 * 4, result.summary());
            assertTrue(result.answers > 0, result.summary());
        }
    }

    @Test
    void rawModeMatchesAnEchoedLineByTheIdItCarries() throws Exception {
        // In-order matching would take a line with an id never sent as the oldest request's answer.
        try (FakeMcpServer echo = FakeMcpServer.lines("echo", FakeMcpServer.Fault.UNKNOWN_ID, 5)) {
            RunResult result = run("tcp://127.0.0.1:" + echo.port(), "--raw");
            assertEquals(1, result.mismatched, result.summary());
            assertTrue(result.summary().contains("an answer to id 987654321, which was never sent"), result.summary());
        }
        try (FakeMcpServer echo = FakeMcpServer.lines("echo", FakeMcpServer.Fault.DUPLICATE, 5)) {
            RunResult result = run("tcp://127.0.0.1:" + echo.port(), "--raw");
            assertEquals(1, result.duplicated, result.summary());
            assertEquals(0, result.lost, result.summary());
        }
    }

    @Test
    void rawModeTakesALineWithoutAnIdAsTheOldestRequestsAnswer() throws Exception {
        try (FakeMcpServer server = FakeMcpServer.lines("pong", FakeMcpServer.Fault.NONE, 0)) {
            RunResult result = run("tcp://127.0.0.1:" + server.port(), "--raw");
            assertFalse(result.failed(), result.summary());
            assertTrue(result.answers > 0, result.summary());
        }
    }

    @Test
    void rawModeOverHttpReadsEachBodyAsAnMcpAnswerAndCountsItsError() throws Exception {
        byte[] refusal = ("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32001,\"message\":\"Server overloaded\"}}")
                .getBytes(StandardCharsets.US_ASCII);
        try (EchoCeilingServer ceiling = EchoCeilingServer.startHttp("127.0.0.1", 0, 1, refusal)) {
            RunResult result = run("http://127.0.0.1:" + ceiling.localAddress().getPort() + "/mcp", "--raw");
            assertEquals(0, result.lost, result.summary());
            assertTrue(result.answers > 0, result.summary());
            // Every answer is the error; the window's two counts are read a moment apart, so they
            // may differ by the requests in flight then: at most connections x pipeline = 8.
            assertTrue(Math.abs(result.answers - result.errorAnswers) <= 2 * 4, "every answer is the error: " + result.summary());
            assertTrue(result.errors.getOrDefault("-32001", 0L) > 0, result.summary());
        }
        // A body that is not JSON-RPC at all still answers the oldest request: raw is for any server.
        try (EchoCeilingServer ceiling = EchoCeilingServer.startHttp("127.0.0.1", 0, 1,
                "hello".getBytes(StandardCharsets.US_ASCII))) {
            RunResult result = run("http://127.0.0.1:" + ceiling.localAddress().getPort() + "/mcp", "--raw");
            assertFalse(result.failed(), result.summary());
            assertEquals(0, result.errorCount(), result.summary());
            assertTrue(result.answers > 0, result.summary());
        }
    }

    @Test
    void streamableHttpWithJsonAndWithSseAnswers() throws Exception {
        for (boolean sse : new boolean[] {false, true}) {
            try (FakeMcpServer server = FakeMcpServer.http(sse)) {
                RunResult result = run("http://127.0.0.1:" + server.port() + "/mcp");
                assertFalse(result.failed(), result.summary());
                assertTrue(result.latency.getTotalCount() > 0);
            }
        }
    }
}
