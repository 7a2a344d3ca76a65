package dev.tachyon.server.demo;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.InvalidArgumentException;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolAnnotations;
import dev.tachyon.api.ToolResult;
import java.util.List;
import java.util.Map;

/**
 * The demo pack a server registers by default: small tools for trying a client against
 * Tachyon and for load tests, one per dispatch style.
 *
 * <p>Bad arguments (missing, of the wrong type, out of range) give an {@code isError} result
 * naming the problem, not a JSON-RPC error: since 2025-11-25 (SEP-1303) input validation
 * failures are tool execution errors, so the model can see them and correct its call. The
 * engine checks each call against the tool's input schema first; what a schema cannot say
 * (a sum that overflows to infinity) the handlers throw as {@link InvalidArgumentException},
 * which, like a schema violation, never counts against the tool's circuit breaker.
 *
 * <ul>
 *   <li>{@code echo} (inline): {@code {text}} back as one text item.
 *   <li>{@code add} (inline): {@code {a, b}} to their sum, as text and as structured content
 *       {@code {"sum": ...}} matching its output schema.
 *   <li>{@code sleep} (blocking): waits {@code ms} milliseconds on a worker; a cancelled call
 *       is interrupted and stops at once.
 *   <li>{@code payload} (inline): a text item of exactly {@code bytes} ASCII bytes, up to
 *       {@link #MAX_PAYLOAD_BYTES}, for measuring large responses.
 * </ul>
 */
public final class DemoTools {

    /** The largest {@code payload} answer: 16 MiB of text. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    /** The longest {@code sleep}: ten minutes. */
    public static final long MAX_SLEEP_MILLIS = 600_000;

    private static final ToolAnnotations READ_ONLY =
            ToolAnnotations.builder().readOnlyHint(true).idempotentHint(true).openWorldHint(false).build();

    private DemoTools() {
    }

    /** Registers the pack on {@code server}. */
    public static TachyonServer.Builder register(TachyonServer.Builder server) {
        all().forEach(server::tool);
        return server;
    }

    /** The pack's tools, in listing order. */
    public static List<Tool> all() {
        return List.of(echo(), add(), sleep(), payload());
    }

    public static Tool echo() {
        return Tool.builder("echo")
                .title("Echo")
                .description("Returns the text it is given")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\","
                        + "\"description\":\"The text to return\"}},\"required\":[\"text\"]}")
                .annotations(READ_ONLY)
                .inline((call, result) -> result.text(call.arguments().text("text"))) // copied from the request as it is
                .build();
    }

    public static Tool add() {
        return Tool.builder("add")
                .title("Add")
                .description("Adds two numbers")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\",\"description\":\"First addend\"},"
                        + "\"b\":{\"type\":\"number\",\"description\":\"Second addend\"}},\"required\":[\"a\",\"b\"]}")
                .outputSchema("{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"number\"}},\"required\":[\"sum\"]}")
                .annotations(READ_ONLY)
                .inline((call, result) -> {
                    Number sum = sum(call.arguments().get("a"), call.arguments().get("b"));
                    result.text(format(sum)).structured(Map.of("sum", sum));
                })
                .build();
    }

    public static Tool sleep() {
        return Tool.builder("sleep")
                .title("Sleep")
                .description("Waits the given number of milliseconds, then says so; cancellable")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\",\"minimum\":0,"
                        + "\"maximum\":" + MAX_SLEEP_MILLIS + ",\"description\":\"How long to wait, in milliseconds\"}},"
                        + "\"required\":[\"ms\"]}")
                .annotations(READ_ONLY)
                .blocking(call -> {
                    long ms = bounded(call.arguments(), "ms", MAX_SLEEP_MILLIS);
                    Thread.sleep(ms); // cancellation interrupts the worker: InterruptedException ends the call
                    return ToolResult.text("slept " + ms + " ms");
                })
                .build();
    }

    public static Tool payload() {
        return Tool.builder("payload")
                .title("Payload")
                .description("Returns a text item of exactly the given number of ASCII bytes")
                .inputSchema("{\"type\":\"object\",\"properties\":{\"bytes\":{\"type\":\"integer\",\"minimum\":0,"
                        + "\"maximum\":" + MAX_PAYLOAD_BYTES + ",\"description\":\"Length of the text, in bytes\"}},"
                        + "\"required\":[\"bytes\"]}")
                .annotations(READ_ONLY)
                .inline((call, result) -> {
                    long bytes = bounded(call.arguments(), "bytes", MAX_PAYLOAD_BYTES);
                    result.text(new AsciiPattern((int) bytes));
                })
                .build();
    }

    /** A required integer argument within {@code [0, max]}; {@link InvalidArgumentException} otherwise. */
    static long bounded(Arguments arguments, String name, long max) {
        long value = arguments.integer(name);
        if (value < 0 || value > max) {
            throw new InvalidArgumentException("argument '" + name + "' must be within [0, " + max + "]: " + value);
        }
        return value;
    }

    /**
     * The exact sum when both are integers and it fits a long; otherwise the double sum.
     *
     * @throws InvalidArgumentException when an argument is not a number or the sum is not finite
     */
    static Number sum(Object a, Object b) {
        if (!(a instanceof Number) || !(b instanceof Number)) {
            throw new InvalidArgumentException("arguments 'a' and 'b' must be numbers");
        }
        if (a instanceof Long && b instanceof Long) {
            long x = (Long) a;
            long y = (Long) b;
            long s = x + y;
            if (((x ^ s) & (y ^ s)) >= 0) { // no overflow (Hacker's Delight 2-13)
                return s;
            }
        }
        double s = ((Number) a).doubleValue() + ((Number) b).doubleValue();
        if (!Double.isFinite(s)) {
            throw new InvalidArgumentException("the sum is not a finite number");
        }
        return s;
    }

    /** A number as JSON writes it: integral values without a fraction. */
    static String format(Number n) {
        if (n instanceof Long) {
            return n.toString();
        }
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * {@code length} characters cycling through 64 printable ASCII characters, without
     * materialising them: the result writer encodes it straight into the response buffer.
     */
    static final class AsciiPattern implements CharSequence {

        static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        private final int offset;
        private final int length;

        AsciiPattern(int length) {
            this(0, length);
        }

        private AsciiPattern(int offset, int length) {
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return ALPHABET.charAt((offset + index) & 63);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            if (start < 0 || end > length || start > end) {
                throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
            }
            return new AsciiPattern(offset + start, end - start);
        }

        @Override
        public String toString() {
            return new StringBuilder(this).toString();
        }
    }
}
