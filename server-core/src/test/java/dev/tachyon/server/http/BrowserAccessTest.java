package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.cors.CorsHandler;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CORS handler joins a connection with its first request that has an {@code Origin}
 * ({@link BrowserAccess#install}), and from then on answers as if it had always been there:
 * preflights, headers exposed to allowed origins; a connection without one never takes it.
 */
class BrowserAccessTest {

    private static final String ORIGIN = "Origin: http://localhost:6274";
    private static final String PREFLIGHT = "OPTIONS /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n" + ORIGIN + "\r\n"
            + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type, mcp-session-id\r\n\r\n";

    private EmbeddedHttp http;

    @BeforeEach
    void setUp() {
        http = new EmbeddedHttp(HttpSettings.defaults());
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    @Test
    void aConnectionWithoutOriginNeverTakesTheCorsHandler() {
        String session = http.initialize();
        String answer = http.post(session, "2025-11-25", EmbeddedHttp.PING);
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        assertFalse(answer.toLowerCase(Locale.ROOT).contains("access-control-"), answer);
        assertNull(http.channel.pipeline().get(CorsHandler.class));
    }

    @Test
    void aPreflightAfterPlainRequestsIsAnswered() {
        String session = http.initialize();
        String preflight = http.exchange(PREFLIGHT);
        assertTrue(preflight.startsWith("HTTP/1.1 200 "), preflight);
        String lower = preflight.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("access-control-allow-origin: *"), preflight);
        assertTrue(lower.contains("access-control-allow-methods: ") && preflight.contains("POST"), preflight);
        assertNotNull(http.channel.pipeline().get(CorsHandler.class));
        // The connection goes on: the browser's request, then a plain one, each answered as before.
        String browser = http.post(session, "2025-11-25", EmbeddedHttp.PING, ORIGIN);
        assertTrue(browser.startsWith("HTTP/1.1 200 "), browser);
        assertTrue(browser.toLowerCase(Locale.ROOT).contains("access-control-allow-origin: *"), browser);
        String plain = http.post(session, "2025-11-25", EmbeddedHttp.PING);
        assertTrue(plain.startsWith("HTTP/1.1 200 "), plain);
        assertFalse(plain.toLowerCase(Locale.ROOT).contains("access-control-"), plain);
    }

    @Test
    void aFirstRequestWithOriginGetsReadableSessionHeaders() {
        String answer = http.post(null, null, EmbeddedHttp.INITIALIZE, ORIGIN);
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        String lower = answer.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("access-control-allow-origin: *"), answer);
        assertTrue(lower.contains("access-control-expose-headers: ") && lower.contains("mcp-session-id"), answer);
        assertEquals(1, http.channel.pipeline().names().stream().filter("cors"::equals).count());
    }

    @Test
    void anOriginNotAllowedIsStill403() {
        String answer = http.post(null, null, EmbeddedHttp.INITIALIZE, "Origin: http://evil.example.com");
        assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
    }
}
