package dev.tachyon.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.FuzzSeeds;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.api.Content;
import dev.tachyon.api.Dispatch;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.PromptMessage;
import dev.tachyon.api.PromptResult;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceContents;
import dev.tachyon.api.ResourceTemplate;
import dev.tachyon.api.Tool;
import dev.tachyon.server.engine.Catalogs;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.ndjson.NdjsonSessionHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the engine through the real pipeline (frame decoder, session handler, engine): mutated
 * MCP messages from the committed seed corpus, after a valid handshake. For every input the
 * server must stay up, answer each request line exactly once with a valid JSON-RPC message that
 * echoes its id, answer nothing else, and leak no buffer.
 *
 * <p>The test command runs jqwik's default number of tries (set in
 * {@code junit-platform.properties}); a long run: {@code mvn -pl server-core -am verify
 * -Dtest=EngineFuzzTest -Djqwik.tries.default=1000000 -Dsurefire.failIfNoSpecifiedTests=false}.
 * jqwik prints the seed of a failing run, which reproduces it.
 */
class EngineFuzzTest {

    private static final List<byte[]> SEEDS = new ArrayList<>();
    private static McpEngine engine;

    @BeforeContainer
    static void start() {
        SEEDS.addAll(FuzzSeeds.all());
        for (String method : List.of("tools/list", "tools/call", "resources/read", "resources/templates/list",
                "prompts/get", "completion/complete", "resources/subscribe", "logging/setLevel", "ping")) {
            SEEDS.add(("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":{\"name\":\"echo\","
                    + "\"uri\":\"fuzz://items/1\",\"arguments\":{\"text\":\"hi\"},\"level\":\"info\",\"cursor\":null,"
                    + "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"who\",\"value\":\"A\"}}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Catalogs catalogs = new Catalogs(2);
        catalogs.tools().put(Tool.builder("echo").description("echo")
                .inline((call, out) -> out.text(call.arguments().string("text"))).build());
        catalogs.resources().put(Resource.builder("fuzz://a", "a").text("alpha").build());
        catalogs.templates().put(ResourceTemplate.builder("fuzz://items/{id}", "items")
                .handler(Dispatch.INLINE, r -> List.of(ResourceContents.text(r.uri(), null, r.variables().get("id"))))
                .build());
        catalogs.prompts().put(Prompt.builder("greet").description("greets").argument("who", null, false)
                .handler(Dispatch.INLINE, args -> PromptResult.of(PromptMessage.user(Content.text("hi")))).build());
        engine = new McpEngine(EngineSettings.builder().workerThreads(1).maxJsonDepth(16).build(), catalogs);
    }

    @AfterContainer
    static void stop() {
        engine.close();
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        return Arbitraries.longs().map(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] input = SEEDS.get(random.nextInt(SEEDS.size()));
            for (int m = random.nextInt(4); m > 0; m--) {
                input = FuzzSeeds.mutate(input, random);
            }
            return input;
        });
    }

    @Property
    void everyRequestLineIsAnsweredExactlyOnceAndNothingElseIs(@ForAll("mutatedMessages") byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(
                new NdjsonSessionHandler(engine, dev.tachyon.server.engine.TransportKind.TCP, 64 * 1024));
        try {
            channel.writeInbound(Unpooled.copiedBuffer(
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}\n",
                    StandardCharsets.UTF_8));
            release(channel.readOutbound());
            ByteBuf in = Unpooled.buffer(input.length + 1).writeBytes(input).writeByte('\n');
            channel.writeInbound(in);
            channel.runPendingTasks();
            List<byte[]> expectedIds = expectedAnswers(input);
            EnvelopeScanner scanner = new EnvelopeScanner();
            JsonRpcEnvelope envelope = new JsonRpcEnvelope();
            for (byte[] id : expectedIds) {
                ByteBuf answer = channel.readOutbound();
                assertTrue(answer != null, "missing answer");
                try {
                    assertEquals(EnvelopeScanner.OK, scanner.scan(answer, envelope), () -> answer.toString(StandardCharsets.UTF_8));
                    assertTrue(envelope.kind() == JsonRpcEnvelope.RESULT || envelope.kind() == JsonRpcEnvelope.ERROR);
                    String echoed = answer.toString(envelope.idStart(), envelope.idEnd() - envelope.idStart(), StandardCharsets.UTF_8);
                    assertEquals(id == null ? "null" : new String(id, StandardCharsets.UTF_8), echoed);
                } finally {
                    answer.release();
                }
            }
            ByteBuf extra = channel.readOutbound();
            if (extra != null) {
                String text = extra.toString(StandardCharsets.UTF_8);
                extra.release();
                throw new AssertionError("an answer nobody asked for: " + text);
            }
            assertTrue(channel.isActive(), "the connection survives any line");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** What the server must answer for these lines: one id (or null for errors without one) per line that needs an answer. */
    private static List<byte[]> expectedAnswers(byte[] input) {
        List<byte[]> ids = new ArrayList<>();
        EnvelopeScanner scanner = new EnvelopeScanner(16);
        JsonRpcEnvelope envelope = new JsonRpcEnvelope();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i < input.length && input[i] != '\n') {
                continue;
            }
            int end = i > start && input[i - 1] == '\r' ? i - 1 : i;
            if (end > start) {
                ByteBuf line = Unpooled.wrappedBuffer(input, start, end - start);
                int status = scanner.scan(line, envelope);
                if (status == dev.tachyon.codec.ErrorCodes.INVALID_PARAMS) {
                    if (envelope.kind() == JsonRpcEnvelope.REQUEST) {
                        ids.add(span(line, envelope)); // params repeat a name: -32602 with the id; a notification gets nothing
                    }
                } else if (status != EnvelopeScanner.OK) {
                    ids.add(envelope.hasId() && envelope.idType() != JsonRpcEnvelope.ID_NULL
                            && status != dev.tachyon.codec.ErrorCodes.PARSE_ERROR ? span(line, envelope) : null);
                } else if (envelope.kind() == JsonRpcEnvelope.REQUEST) {
                    ids.add(span(line, envelope));
                }
                line.release();
            }
            start = i + 1;
        }
        return ids;
    }

    private static byte[] span(ByteBuf line, JsonRpcEnvelope envelope) {
        byte[] id = new byte[envelope.idEnd() - envelope.idStart()];
        line.getBytes(envelope.idStart(), id);
        return id;
    }

    private static void release(Object message) {
        if (message instanceof ByteBuf) {
            ((ByteBuf) message).release();
        }
    }
}
