package dev.tachyon.server.http;

import dev.tachyon.benchmarks.load.EchoCeilingServer;
import dev.tachyon.benchmarks.ndjson.EmbeddedRound;
import dev.tachyon.bufferpool.Allocators;
import dev.tachyon.server.connection.ConnectionBudgets;
import dev.tachyon.server.demo.DemoTools;
import dev.tachyon.server.engine.Catalogs;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.McpEngine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One keep-alive {@code POST /mcp} of the demo {@code echo} (32-byte text, the load generator's
 * default request, headers as it sends them) through Streamable HTTP's own stages, with no
 * socket: the strict codec, the phase timeouts, the bounded aggregator, the connection,
 * the endpoint's rules, the session, the engine and the encoded response, on an
 * {@link EmbeddedChannel}; and beside it the same request through the HTTP ceiling's pipeline
 * ({@link EchoCeilingServer#httpPipeline}: Netty's {@code HttpServerCodec} answering a constant
 * body of the same size). What is left out of both: the socket, and the shared connection
 * stages before the codec (gate, idle, write stall, flush batching).
 *
 * <p>Lives in the package it measures because the transport's handlers are internal.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HttpEchoBenchmark -prof gc};
 * CPU per request of both in one sitting: {@link HttpCpuPerRequest}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"}) // Agrona's queues, as bin/tachyon runs them
public class HttpEchoBenchmark {

    private static final String HEAD = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\n";

    private McpEngine engine;
    private EmbeddedChannel tachyon;
    private EmbeddedChannel ceiling;
    private ByteBuf call;

    @Setup(Level.Trial)
    public void setUp() {
        Catalogs catalogs = new Catalogs(EngineSettings.defaults().pageSize());
        catalogs.tools().putAll(DemoTools.all());
        engine = new McpEngine(EngineSettings.defaults(), catalogs);
        HttpSettings settings = HttpSettings.defaults();
        ConnectionBudgets budgets = new ConnectionBudgets(1 << 20);
        McpEndpoint endpoint = new McpEndpoint(settings, new HttpSessions(engine, settings), null);
        int maxBody = 4 << 20;
        HttpCodec codec = new HttpCodec(settings.maxHeaderBytes());
        HttpConnection connection = new HttpConnection(endpoint, settings.maxPipelinedRequests(), maxBody, budgets,
                settings.sseKeepaliveInterval().toNanos(), settings.compression());
        tachyon = new EmbeddedChannel(codec,
                new HttpTimeouts(codec, connection::responding, settings.headerTimeout().toNanos(),
                        settings.bodyTimeout().toNanos(), budgets.closes()),
                new BoundedAggregator(maxBody, engine.memory()), connection); // CORS joins with an Origin: none here
        String answer = exchange(tachyon, post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}"));
        int at = answer.indexOf("Mcp-Session-Id: ");
        if (at < 0) {
            throw new IllegalStateException("initialize was not answered with a session: " + answer);
        }
        String session = answer.substring(at + 16, answer.indexOf('\r', at));
        exchange(tachyon, post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        byte[] bytes = post(session, "{\"jsonrpc\":\"2.0\",\"id\":1234567,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"" + "x".repeat(32) + "\"}}}");
        call = Allocators.shared().directBuffer(bytes.length).writeBytes(bytes);
        answer = exchange(tachyon, null);
        if (!answer.startsWith("HTTP/1.1 200 OK") || !answer.contains("\"id\":1234567,\"result\":{\"content\"")) {
            throw new IllegalStateException("the echo call was not answered: " + answer);
        }
        ceiling = new EmbeddedChannel();
        EchoCeilingServer.httpPipeline(EchoCeilingServer.echoAnswer()).accept(ceiling);
        answer = exchange(ceiling, null);
        if (!answer.startsWith("HTTP/1.1 200 OK")) {
            throw new IllegalStateException("the ceiling did not answer: " + answer);
        }
    }

    private static byte[] post(String session, String body) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        String head = HEAD + (session == null ? "" : "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-11-25\r\n")
                + "Content-Length: " + json.length + "\r\n\r\n";
        byte[] all = new byte[head.length() + json.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, all, 0, head.length());
        System.arraycopy(json, 0, all, head.length(), json.length);
        return all;
    }

    /** Sends {@code request} (or the call), returns what was written back. */
    private String exchange(EmbeddedChannel channel, byte[] request) {
        return EmbeddedRound.exchange(channel, request == null ? call.retainedDuplicate()
                : Allocators.shared().directBuffer(request.length).writeBytes(request));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tachyon.finishAndReleaseAll();
        ceiling.finishAndReleaseAll();
        engine.close();
        call.release();
    }

    /** One request through Tachyon's HTTP stages, fired as the event loop does after a read. */
    @Benchmark
    public int tachyon() {
        return request(tachyon);
    }

    /** The same request bytes through the HTTP ceiling's pipeline. */
    @Benchmark
    public int ceiling() {
        return request(ceiling);
    }

    private int request(EmbeddedChannel channel) {
        return EmbeddedRound.fire(channel, call.retainedDuplicate());
    }
}
