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
 * Peak pooled memory and throughput of large tool results over TCP: one connection asks the
 * {@code payload} tool for results of a size, one after another, reading each answer as fast as
 * it can; a sampler thread reads the shared pool's allocated direct bytes (used parts of
 * chunks, plus allocations too large for a chunk) every 50 us. Prints, per size, MB/s of
 * answers and the highest level less the lowest (idle).
 *
 * <p>Run: {@code java -Dio.netty.leakDetection.level=disabled -Xms512m -Xmx512m -cp
 * benchmarks/target/benchmarks.jar dev.tachyon.benchmarks.ndjson.LargeResultPeak [SIZES...]}
 * (bytes; 65536 1048576 4194304 when absent); alternate builds.
 */
public final class LargeResultPeak {

    private static final long WARM_UP_NANOS = 4_000_000_000L;
    private static final long RUN_NANOS = 6_000_000_000L;

    private LargeResultPeak() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {65536, 1 << 20, 4 << 20} : java.util.Arrays.stream(args)
                .mapToInt(Integer::parseInt).toArray();
        PooledByteBufAllocatorMetric pool = Allocators.shared().metric();
        try (TachyonServer server = TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1)
                .settings(EngineSettings.builder().maxResponseBytes(32 << 20).build())
                .tool(DemoTools.payload()).build().start();
                Socket socket = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256 * 1024];
            out.write(("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"peak\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n").getBytes(StandardCharsets.UTF_8));
            readLine(in, buffer);
            for (int size : sizes) {
                byte[] call = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"payload\","
                        + "\"arguments\":{\"bytes\":" + size + "}}}\n").getBytes(StandardCharsets.UTF_8);
                long warm = System.nanoTime() + WARM_UP_NANOS;
                while (System.nanoTime() < warm) {
                    out.write(call);
                    readLine(in, buffer);
                }
                Sampler sampler = new Sampler(pool);
                sampler.start();
                long bytes = 0;
                long calls = 0;
                long start = System.nanoTime();
                long stop = start + RUN_NANOS;
                while (System.nanoTime() < stop) {
                    out.write(call);
                    bytes += readLine(in, buffer);
                    calls++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                sampler.running = false;
                sampler.join();
                System.out.printf("%,d B results: %.0f MB/s (%,d calls), peak pooled memory above idle %.2f MB%n",
                        size, bytes / seconds / 1e6, calls, (sampler.peak - sampler.low) / 1e6);
            }
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
