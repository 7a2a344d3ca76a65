package dev.tachyon.benchmarks.ndjson;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.bufferpool.Allocators;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PoolChunkListMetric;
import io.netty.buffer.PoolChunkMetric;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Peak pooled memory and throughput of large tool results over TCP (or Streamable HTTP with
 * {@code --http}: one session, one keep-alive connection): one connection asks the
 * {@code payload} tool for results of a size, one after another, reading each answer as fast as
 * it can; a sampler thread reads the shared pool's allocated direct bytes (used parts of
 * chunks, plus allocations too large for a chunk) every 50 us. Prints, per size, MB/s of
 * answers and the highest level less the lowest (idle).
 *
 * <p>Run: {@code java -Dio.netty.leakDetection.level=disabled -Xms512m -Xmx512m -cp
 * benchmarks/target/benchmarks.jar dev.tachyon.benchmarks.ndjson.LargeResultPeak [--http] [SIZES...]}
 * (bytes; 65536 1048576 4194304 when absent); alternate builds.
 */
public final class LargeResultPeak {

    private static final long WARM_UP_NANOS = 4_000_000_000L;
    private static final long RUN_NANOS = 6_000_000_000L;

    private LargeResultPeak() {
    }

    public static void main(String[] args) throws Exception {
        boolean http = args.length > 0 && "--http".equals(args[0]);
        String[] rest = http ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        int[] sizes = rest.length == 0 ? new int[] {65536, 1 << 20, 4 << 20} : java.util.Arrays.stream(rest)
                .mapToInt(Integer::parseInt).toArray();
        PooledByteBufAllocatorMetric pool = Allocators.shared().metric();
        TachyonServer.Builder builder = TachyonServer.builder().ioThreads(1)
                .settings(EngineSettings.builder().maxResponseBytes(32 << 20).build())
                .tool(DemoTools.payload());
        builder = http ? builder.http("127.0.0.1", 0) : builder.tcp("127.0.0.1", 0);
        try (TachyonServer server = builder.build().start();
                Socket socket = new Socket("127.0.0.1", (http ? server.httpAddress() : server.tcpAddress()).getPort())) {
            socket.setTcpNoDelay(true);
            Target target = http ? new HttpTarget(socket) : new LineTarget(socket);
            for (int size : sizes) {
                String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"payload\","
                        + "\"arguments\":{\"bytes\":" + size + "}}}";
                long warm = System.nanoTime() + WARM_UP_NANOS;
                while (System.nanoTime() < warm) {
                    target.call(call);
                }
                Sampler sampler = new Sampler(pool);
                sampler.start();
                long bytes = 0;
                long calls = 0;
                long start = System.nanoTime();
                long stop = start + RUN_NANOS;
                while (System.nanoTime() < stop) {
                    bytes += target.call(call);
                    calls++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                sampler.running = false;
                sampler.join();
                System.out.printf("%s %,d B results: %.0f MB/s (%,d calls), peak pooled memory above idle %.2f MB%n",
                        http ? "HTTP" : "TCP", size, bytes / seconds / 1e6, calls, (sampler.peak - sampler.low) / 1e6);
            }
        }
    }

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"peak\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    /** One session, one call in flight: sends a message and reads its whole answer. */
    private interface Target {
        /** Sends {@code message}; returns the bytes of its answer once all are read. */
        long call(String message) throws java.io.IOException;
    }

    /** NDJSON over TCP. */
    private static final class LineTarget implements Target {
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[256 * 1024];

        LineTarget(Socket socket) throws java.io.IOException {
            out = socket.getOutputStream();
            in = socket.getInputStream();
            out.write((INITIALIZE + "\n" + INITIALIZED + "\n").getBytes(StandardCharsets.UTF_8));
            readLine(in, buffer);
        }

        @Override
        public long call(String message) throws java.io.IOException {
            out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            return readLine(in, buffer);
        }
    }

    /** Streamable HTTP/1.1, one keep-alive connection: a whole answer or a chunked one. */
    private static final class HttpTarget implements Target {
        private final OutputStream out;
        private final java.io.BufferedInputStream in;
        private String session;

        HttpTarget(Socket socket) throws java.io.IOException {
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream(), 256 * 1024);
            call(INITIALIZE);
            call(INITIALIZED);
        }

        @Override
        public long call(String message) throws java.io.IOException {
            byte[] body = message.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/event-stream\r\n"
                    + "Content-Type: application/json\r\n" + (session == null ? "" : "Mcp-Session-Id: " + session
                    + "\r\nMCP-Protocol-Version: 2025-11-25\r\n") + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            long length = -1;
            boolean chunked = false;
            for (String line = line(); !line.isEmpty(); line = line()) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:")) {
                    chunked = lower.contains("chunked");
                } else if (lower.startsWith("mcp-session-id:")) {
                    session = line.substring(15).trim();
                }
            }
            if (!chunked) {
                in.skipNBytes(length);
                return length;
            }
            long total = 0;
            for (long n = Long.parseLong(line(), 16); n > 0; n = Long.parseLong(line(), 16)) {
                in.skipNBytes(n);
                total += n;
                line();
            }
            line();
            return total;
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** Pooled direct bytes allocated now: the used part of every chunk, plus allocations too large for a chunk. */
    private static long used(PooledByteBufAllocatorMetric pool) {
        long inChunks = 0;
        long chunks = 0;
        for (PoolArenaMetric arena : pool.directArenas()) {
            for (PoolChunkListMetric list : arena.chunkLists()) {
                for (PoolChunkMetric chunk : list) {
                    chunks += chunk.chunkSize();
                    inChunks += chunk.chunkSize() - chunk.freeBytes();
                }
            }
        }
        return inChunks + Math.max(0, pool.usedDirectMemory() - chunks);
    }

    /** Reads up to and including the next newline; returns the bytes read. */
    private static long readLine(InputStream in, byte[] buffer) throws java.io.IOException {
        long total = 0;
        for (;;) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new java.io.EOFException();
            }
            total += n;
            if (buffer[n - 1] == '\n') {
                return total; // one call in flight: the answer's newline is the last byte
            }
        }
    }

    private static final class Sampler extends Thread {
        private final PooledByteBufAllocatorMetric pool;
        volatile boolean running = true;
        volatile long peak;
        /** The lowest level seen: idle, between answers (a buffer is given back only after its write). */
        volatile long low;

        Sampler(PooledByteBufAllocatorMetric pool) {
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long max = 0;
            long min = Long.MAX_VALUE;
            while (running) {
                long used = used(pool);
                max = Math.max(max, used);
                min = Math.min(min, used);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
            peak = max;
            low = min;
        }
    }
}
