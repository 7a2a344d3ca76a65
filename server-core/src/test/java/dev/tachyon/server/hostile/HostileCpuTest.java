package dev.tachyon.server.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.demo.DemoTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CPU per message is linear in its size: frames built to make a decoder work hard (a number of
 * a million digits anywhere in params, strings of escapes, nesting at the depth limit, objects
 * of 100,000 members, repeated member names) are answered, or refused with their documented
 * error, within a bound, while a well-behaved client on the same event loop
 * ({@code ioThreads(1)}: the attacker's connection and the good client's share it) keeps its
 * p99 under 100 ms.
 *
 * <p>Before the fix, one million-digit number in the params of {@code ping} cost 12 s of the
 * loop ({@code new BigInteger(text)} is quadratic), freezing every connection on it.
 */
@ExtendWith(HostileSuite.class)
class HostileCpuTest {

    /** Generous for CI: a linear decode of these frames takes tens of milliseconds. */
    private static final long ANSWER_BOUND_MILLIS = 2_000;
    private static final int MILLION = 1_000_000;
    private static final long ATTACK_NANOS = 3_000_000_000L;
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1)
                .tool(DemoTools.echo()).tool(DemoTools.add()).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void hugeNumbersAnywhereInParamsAreKeptAsTextAndCostTheirBytesOnly() throws Exception {
        attack(List.of(
                // ping: its params are decoded (the era is decided by them) but numbers are not parsed.
                new Shape("a million-digit integer in ping's params",
                        ping("{\"n\":" + "7".repeat(MILLION) + "}"), "\"result\":{}"),
                new Shape("a million-digit decimal in ping's params",
                        ping("{\"n\":-1." + "3".repeat(MILLION) + "e-7}"), "\"result\":{}"),
                new Shape("a million-digit exponent in ping's params",
                        ping("{\"n\":1e" + "9".repeat(MILLION) + "}"), "\"result\":{}"),
                new Shape("25,000 45-digit numbers",
                        ping("{\"a\":[" + repeat("123456789012345678901234567890123456789012345", ",", 25_000) + "]}"),
                        "\"result\":{}"),
                // tools/call read in place: the number sits beside what the handler reads.
                new Shape("a million-digit integer beside echo's text",
                        call("echo", "{\"text\":\"hi\",\"n\":" + "7".repeat(MILLION) + "}"), "\"text\":\"hi\""),
                // A handler that reads it gets -32602, fast, and no tool failure (the breaker is not touched).
                new Shape("add reading a million-digit integer",
                        call("add", "{\"a\":" + "7".repeat(MILLION) + ",\"b\":1}"), "\"reason\":\"number-too-long\""),
                new Shape("add reading a 1001-digit integer",
                        call("add", "{\"a\":" + "7".repeat(1001) + ",\"b\":1}"), "\"code\":-32602")));
        // initialize on a fresh connection: nothing is decoded that nobody reads.
        try (Attacker fresh = new Attacker(server.tcpAddress(), false)) {
            fresh.expect("initialize with a million-digit number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                    + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"x\":" + "5".repeat(MILLION)
                    + "},\"clientInfo\":{\"name\":\"a\",\"version\":\"1\"}}}", "\"protocolVersion\":\"2025-11-25\"");
        }
    }

    @Test
    void stringsNestingAndWideObjectsAreDecodedInLinearTime() throws Exception {
        String deep = "[".repeat(125) + "]".repeat(125); // params (2) + "d" array (3) + 125 = 128, the limit
        attack(List.of(
                new Shape("300,000 escaped newlines", ping("{\"s\":\"" + "\\n".repeat(300_000) + "\"}"),
                        "\"result\":{}"),
                new Shape("100,000 unicode escapes", ping("{\"s\":\"" + "\\u00e9".repeat(100_000) + "\"}"),
                        "\"result\":{}"),
                new Shape("escaped quotes and backslashes", call("echo", "{\"text\":\"ok\",\"s\":\""
                        + "\\\\\\\"".repeat(150_000) + "\"}"), "\"text\":\"ok\""),
                new Shape("nesting at the depth limit, repeated", ping("{\"d\":[" + repeat(deep, ",", 2_500) + "]}"),
                        "\"result\":{}"),
                new Shape("nesting one past the limit", ping("{\"d\":[" + "[".repeat(126) + "]".repeat(126) + "]}"),
                        "\"code\":-32700"),
                new Shape("100,000 members in ping's params", ping(members(100_000, "k")), "\"result\":{}"),
                new Shape("100,000 members in echo's arguments",
                        call("echo", members(100_000, "k").replace("{", "{\"text\":\"wide\",")), "\"text\":\"wide\""),
                new Shape("40,000 long-named members", ping(members(40_000, "p".repeat(20))), "\"result\":{}")));
    }

    @Test
    void repeatedMemberNamesAreRefusedOnEveryPath() throws Exception {
        attack(List.of(
                new Shape("a name twice in ping's params", ping("{\"a\":1,\"a\":2}"),
                        "\"error\":{\"code\":-32602", "\"reason\":\"duplicate-member\"", "\"member\":\"a\""),
                // The in-place path of tools/call would have read "text" and never seen the rest.
                new Shape("a name twice deep in echo's arguments",
                        call("echo", "{\"text\":\"hi\",\"o\":{\"x\":[{\"b\":1,\"b\":2}]}}"), "\"member\":\"b\""),
                new Shape("echo's text twice", call("echo", "{\"text\":\"first\",\"text\":\"second\"}"),
                        "\"member\":\"text\""),
                new Shape("a name twice, once escaped", call("echo", "{\"text\":\"a\",\"t\\u0065xt\":\"b\"}"),
                        "\"member\":\"text\""),
                new Shape("the last of 100,000 members repeats the first",
                        ping(members(100_000, "k").replace("}", ",\"k0\":1}")), "\"member\":\"k0\""),
                new Shape("a name twice at the top level", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"x\":1,\"x\":2}",
                        "\"code\":-32600"),
                new Shape("a float id", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
                        "\"id\":null,\"error\":{\"code\":-32600"),
                new Shape("an object progressToken", call("echo", "{\"text\":\"hi\"}").replace("\"arguments\"",
                        "\"_meta\":{\"progressToken\":{\"t\":1}},\"arguments\""), "\"reason\":\"invalid-progress-token\""),
                new Shape("a float progressToken", call("echo", "{\"text\":\"hi\"}").replace("\"arguments\"",
                        "\"_meta\":{\"progressToken\":1.5},\"arguments\""), "\"code\":-32602"),
                new Shape("a huge integer progressToken is fine", call("echo", "{\"text\":\"tok\"}").replace("\"arguments\"",
                        "\"_meta\":{\"progressToken\":" + "9".repeat(5000) + "},\"arguments\""), "\"text\":\"tok\"")));
    }

    /** Runs every shape on one attacking connection while a good client pings on the same loop. */
    private static void attack(List<Shape> shapes) throws Exception {
        // A first round with no one to disturb compiles the decoder's loops: what is measured
        // next is the steady state, not the interpreter. Both rounds assert every answer.
        try (Attacker warmUp = new Attacker(server.tcpAddress(), true)) {
            for (Shape shape : shapes) {
                warmUp.expect(shape.name, shape.frame, shape.expected);
            }
        }
        MemoryBaseline baseline = MemoryBaseline.take();
        GoodClient good = GoodClient.start(server.tcpAddress());
        GoodClient.Report report;
        try (Attacker attacker = new Attacker(server.tcpAddress(), true)) {
            // An attacker repeats: the shapes go round for a few seconds, so that the good
            // client's p99 is taken over hundreds of pings, not the few of one round.
            long until = System.nanoTime() + ATTACK_NANOS;
            do {
                for (Shape shape : shapes) {
                    attacker.expect(shape.name, shape.frame, shape.expected);
                }
            } while (System.nanoTime() < until);
            attacker.expect("ping after the attack", ping("{}"), "\"result\":{}");
        } finally {
            report = good.stop(); // asserted after: a failure of the attack itself must not be hidden
        }
        report.assertHealthy();
        baseline.assertReturned();
    }

    private record Shape(String name, String frame, String... expected) {
    }

    private static int ids;

    private static String ping(String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (++ids) + ",\"method\":\"ping\",\"params\":" + params + "}";
    }

    private static String call(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (++ids) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static String repeat(String item, String separator, int count) {
        StringBuilder s = new StringBuilder(count * (item.length() + 1));
        for (int k = 0; k < count; k++) {
            s.append(k == 0 ? "" : separator).append(item);
        }
        return s.toString();
    }

    private static String members(int count, String prefix) {
        StringBuilder s = new StringBuilder(count * 12).append('{');
        for (int k = 0; k < count; k++) {
            s.append(k == 0 ? "\"" : ",\"").append(prefix).append(k).append("\":").append(k % 10);
        }
        return s.append('}').toString();
    }

    /** A raw NDJSON connection sending one hostile frame at a time and timing its answer. */
    static final class Attacker implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;
        private long slowest;

        Attacker(InetSocketAddress address, boolean initialize) throws IOException {
            socket = new Socket();
            socket.connect(address, 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (initialize) {
                expect("initialize", "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"attacker\",\"version\":\"1\"}}}",
                        "\"result\"");
                send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            }
        }

        void send(String frame) throws IOException {
            out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Sends {@code frame}; asserts its one answer comes within the bound and holds every {@code expected} text. */
        void expect(String what, String frame, String... expected) throws IOException {
            long started = System.nanoTime();
            send(frame);
            String answer = in.readLine();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(answer != null, what + ": the connection closed");
            String shown = answer.length() > 300 ? answer.substring(0, 300) + "..." : answer;
            for (String text : expected) {
                assertTrue(answer.contains(text), what + ": expected " + text + " in " + shown);
            }
            assertTrue(millis < ANSWER_BOUND_MILLIS, what + ": answered in " + millis + " ms");
            if (millis > slowest) {
                slowest = millis;
                System.out.println(what + ": " + frame.length() + " bytes answered in " + millis + " ms (slowest so far)");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
