package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large gzipped response does not stall the other connections of its event loop: on a server
 * with one loop and gzip at level 9, a client pinging on a second connection goes on being
 * answered while the first connection's 12 MiB results are compressed (a few hundred ms each).
 * Real sockets and java.net.http clients. No timing bound: the test counts the pings answered
 * inside the big calls' windows, which compression on the loop leaves nearly empty.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GzipOffLoopTest {

    /** 12 MiB of letters and digits: hard to compress, so level 9 takes a while (a few hundred ms). */
    private static final String TEXT = text(12 * 1024 * 1024);
    private static final byte[] TEXT_BYTES = TEXT.getBytes(StandardCharsets.US_ASCII);
    private static final int BIG_CALLS = 3;
    /** Pings answered while the big calls run and are compressed: about 900 here off the loop, 13 on it. */
    private static final int MIN_PINGS_INSIDE = 100;

    @RegisterExtension
    static final TestServer server = TestServer.of(TachyonServer.builder()
            .http(HttpSettings.builder().host("127.0.0.1").port(0).compression(HttpCompression.gzip(1024, 9)).build())
            .ioThreads(1) // both connections on one event loop
            .settings(dev.tachyon.server.engine.EngineSettings.builder().maxResponseBytes(16 * 1024 * 1024).build())
            .drainMillis(1000)
            .tool(Tool.builder("big")
                    .description("A large text, written on the event loop")
                    .inline((call, result) -> result.text(TEXT))
                    .build())
            .tool(Tool.builder("small")
                    .description("A short text")
                    .inline((call, result) -> result.text("pong"))
                    .build()));

    @Test
    void aLargeGzipResponseDoesNotStallAnotherConnection() throws Exception {
        McpHttpClient big = server.httpClient();
        String bigSession = big.initialize();
        McpHttpClient small = server.httpClient();
        String smallSession = small.initialize();

        // Each big call, from sending it until its headers arrive: it runs, then is compressed, in that time.
        List<long[]> bigWindows = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> bigCalls = CompletableFuture.runAsync(() -> {
            try {
                for (int k = 0; k < BIG_CALLS; k++) {
                    long sent = System.nanoTime();
                    HttpResponse<InputStream> response = big.stream(big.post(bigSession,
                            McpHttpClient.call(10 + k, "big", "{}")).header("Accept-Encoding", "gzip"));
                    bigWindows.add(new long[] {sent, System.nanoTime()});
                    assertEquals(200, response.statusCode());
                    assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
                    try (InputStream in = new GZIPInputStream(response.body())) {
                        // Checked as bytes: a 12 MiB String and its JSON tree here would make collections that pause the loop too.
                        assertTrue(containsText(in), "call " + k + " answers the text");
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<long[]> pings = new ArrayList<>();
        while (!bigCalls.isDone()) {
            long start = System.nanoTime();
            HttpResponse<String> pong = small.send(small.post(smallSession, McpHttpClient.call(1, "small", "{}")));
            pings.add(new long[] {start, System.nanoTime()});
            assertEquals(200, pong.statusCode());
            assertEquals("pong", text(pong.body()));
        }
        bigCalls.get(60, TimeUnit.SECONDS);
        // Compressed on the loop, the pings would wait out each compression: at most the few sent
        // while the tool itself ran would be answered inside the windows. Off the loop, they go on.
        long inside = pings.stream().filter(p -> bigWindows.stream().anyMatch(w -> p[0] >= w[0] && p[1] <= w[1])).count();
        long windowMillis = bigWindows.stream().mapToLong(w -> (w[1] - w[0]) / 1_000_000).sum();
        assertTrue(inside >= MIN_PINGS_INSIDE, inside + " pings answered during the " + BIG_CALLS
                + " big calls (" + windowMillis + " ms in all), of " + pings.size());
    }

    /** Whether the decompressed answer holds the text as its one content item (the id aside). */
    private static boolean containsText(InputStream in) throws IOException {
        byte[] head = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.US_ASCII);
        byte[] rest = in.readAllBytes();
        String prefix = "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"";
        int at = new String(rest, 0, 100, StandardCharsets.US_ASCII).indexOf(prefix) + prefix.length();
        return java.util.Arrays.equals(rest, 0, head.length, head, 0, head.length)
                && java.util.Arrays.equals(rest, at, at + TEXT_BYTES.length, TEXT_BYTES, 0, TEXT_BYTES.length)
                && new String(rest, at + TEXT_BYTES.length, rest.length - at - TEXT_BYTES.length, StandardCharsets.US_ASCII)
                        .equals("\"}]}}");
    }

    private static String text(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        Random random = new Random(15);
        StringBuilder s = new StringBuilder(length);
        for (int k = 0; k < length; k++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String text(String json) {
        Map<String, Object> result = McpHttpClient.json(json);
        Object content = ((Map<?, ?>) result.get("result")).get("content");
        return (String) ((Map<?, ?>) ((List<?>) content).get(0)).get("text");
    }
}
