package dev.tachyon.benchmarks.codec;

import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link JsonOut#string} writing one tool-result text into a pooled direct buffer (allocated,
 * written, released per operation, as the server does per answer).
 *
 * <ul>
 *   <li>{@code bulk}: a {@code String}, the server's path: plain ASCII runs copied in bulk
 *       into a scratch array, one buffer write per 8 KiB.</li>
 *   <li>{@code sequence}: the same text behind a {@code CharSequence} view (as the demo
 *       {@code payload} tool's text is): the scratch path, char by char.</li>
 *   <li>{@code before}: {@link NettyUtf8JsonString}, the path every string took before (each
 *       char read and classified, each run encoded by Netty's UTF-8 writer).</li>
 *   <li>{@code bulkCopyCeiling}: the text's UTF-8 bytes, encoded once at setup, copied into the
 *       buffer: what any writer costs at least.</li>
 * </ul>
 * {@code text}: {@code ascii} is letters, spaces and a newline every 80 chars (one escape);
 * {@code mixed} has one non-ASCII char (é, 中 or an emoji) every 16 chars.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StringWriteBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms1g", "-Xmx1g"})
public class StringWriteBenchmark {

    @Param({"100", "1024", "65536", "1048576"})
    public int chars;

    @Param({"ascii", "mixed"})
    public String text;

    private final ByteBufAllocator pool = Allocators.shared();
    private String string;
    private CharSequence view;
    private byte[] utf8;

    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder t = new StringBuilder(chars);
        String[] wide = {"é", "中", "\uD83D\uDE00"};
        for (int i = 0; t.length() < chars; i++) {
            if (i % 80 == 79) {
                t.append('\n');
            } else if (text.equals("mixed") && i % 16 == 15) {
                t.append(wide[(i / 16) % wide.length]);
            } else {
                t.append((char) ('a' + i % 27 == 'a' + 26 ? ' ' : 'a' + i % 26));
            }
        }
        string = t.substring(0, chars);
        view = new StringView(string);
        utf8 = string.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Benchmark
    public int bulk() {
        return write(string);
    }

    @Benchmark
    public int sequence() {
        return write(view);
    }

    @Benchmark
    public int before() {
        ByteBuf out = pool.directBuffer(utf8.length + 16);
        try {
            NettyUtf8JsonString.string(out, string);
            return out.writerIndex();
        } finally {
            out.release();
        }
    }

    @Benchmark
    public int bulkCopyCeiling() {
        ByteBuf out = pool.directBuffer(utf8.length + 2);
        try {
            out.writeByte('"').writeBytes(utf8).writeByte('"');
            return out.writerIndex();
        } finally {
            out.release();
        }
    }

    private int write(CharSequence s) {
        ByteBuf out = pool.directBuffer(utf8.length + 16);
        try {
            JsonOut.string(out, s);
            return out.writerIndex();
        } finally {
            out.release();
        }
    }

    /** A String seen only as a CharSequence. */
    private static final class StringView implements CharSequence {
        private final String s;

        StringView(String s) {
            this.s = s;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
