package dev.tachyon.benchmarks.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.JsonOut;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.JsonRpcWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Writing the answer to an echo {@code tools/call}: a JSON-RPC result with one text content
 * block, newline-terminated, into a pooled direct buffer ready for the socket, the id copied
 * from the request frame.
 *
 * <ul>
 *   <li>{@code tachyon}: {@link JsonRpcWriter} and {@link JsonOut} write straight into the
 *       pooled buffer, the id bytes copied verbatim from the frame (the server's path).</li>
 *   <li>{@code jacksonIntoBuffer}: a jackson-core {@code JsonGenerator} over a
 *       {@code ByteBufOutputStream} on the same pooled buffer, the id as a raw value decoded
 *       from the frame (a String per message, as any tree-less writer needs).</li>
 *   <li>{@code stringThenCopy}: a {@code StringBuilder} message encoded to UTF-8 and copied
 *       into the pooled buffer, the way a String-centric server ends (the official SDKs go
 *       through their object mappers to a String). It does not escape the text, so it is an
 *       upper bound for that approach; the payload here needs no escaping.</li>
 * </ul>
 * Each operation allocates the buffer, writes, and releases it, as the server does per answer.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ResponseWriteBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m"})
public class ResponseWriteBenchmark {

    private static final byte[] CONTENT_OPEN =
            "{\"content\":[{\"type\":\"text\",\"text\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_CLOSE = "}]}".getBytes(StandardCharsets.US_ASCII);

    /** Text length of the echoed payload. */
    @Param({"32", "1024"})
    public int textBytes;

    private final JsonFactory jackson = new JsonFactory();
    private final ByteBufAllocator pool = Allocators.shared();
    private ByteBuf frame;
    private int idStart;
    private int idEnd;
    private String text;
    // Bound once: a method reference evaluated per operation would be an allocation of its own.
    private final Consumer<ByteBuf> tachyonWriter = this::writeTachyon;
    private final Consumer<ByteBuf> jacksonWriter = this::writeJackson;
    private final Consumer<ByteBuf> stringWriter = this::writeString;

    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder t = new StringBuilder(textBytes);
        for (int i = 0; i < textBytes; i++) {
            t.append((char) ('a' + i % 26));
        }
        text = t.toString();
        byte[] request = ("{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        frame = Unpooled.directBuffer(request.length).writeBytes(request);
        JsonRpcEnvelope envelope = new JsonRpcEnvelope();
        if (new EnvelopeScanner().scan(frame, envelope) != EnvelopeScanner.OK) {
            throw new IllegalStateException("the request frame does not scan");
        }
        idStart = envelope.idStart();
        idEnd = envelope.idEnd();
        // Every variant must write the same bytes, or the comparison means nothing.
        String expected = written(tachyonWriter);
        if (!expected.equals(written(jacksonWriter)) || !expected.equals(written(stringWriter))) {
            throw new IllegalStateException("the writers disagree");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    @Benchmark
    public int tachyon() {
        return writeAndRelease(tachyonWriter);
    }

    @Benchmark
    public int jacksonIntoBuffer() {
        return writeAndRelease(jacksonWriter);
    }

    @Benchmark
    public int stringThenCopy() {
        return writeAndRelease(stringWriter);
    }

    private void writeTachyon(ByteBuf out) {
        JsonRpcWriter.beginResult(out, frame, idStart, idEnd);
        out.writeBytes(CONTENT_OPEN);
        JsonOut.string(out, text);
        out.writeBytes(CONTENT_CLOSE);
        JsonRpcWriter.end(out);
        out.writeByte('\n');
    }

    private void writeJackson(ByteBuf out) {
        try (JsonGenerator g = jackson.createGenerator((OutputStream) new ByteBufOutputStream(out), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeFieldName("id");
            g.writeRawValue(frame.toString(idStart, idEnd - idStart, StandardCharsets.UTF_8));
            g.writeFieldName("result");
            g.writeStartObject();
            g.writeArrayFieldStart("content");
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", text);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeByte('\n');
    }

    private void writeString(ByteBuf out) {
        String id = frame.toString(idStart, idEnd - idStart, StandardCharsets.UTF_8);
        String message = new StringBuilder(96 + textBytes)
                .append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                .append(",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"").append(text)
                .append("\"}]}}\n").toString();
        out.writeBytes(message.getBytes(StandardCharsets.UTF_8));
    }

    private int writeAndRelease(Consumer<ByteBuf> writer) {
        ByteBuf out = pool.directBuffer(64 + textBytes);
        writer.accept(out);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    private String written(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        writer.accept(out);
        String s = out.toString(StandardCharsets.UTF_8);
        out.release();
        return s;
    }
}
