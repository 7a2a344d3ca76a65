package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On one connection, each request is answered by the session and version it names: a session
 * that ended (deleted, expired) is 404 on the very connection that used it, another session's id
 * is its own, and a version not supported is 400 after one that was (what a per-connection cache
 * of the last session or version, tried in the HTTP ninth pass, must keep).
 */
class HttpLastSessionTest {

    private static final String PING = EmbeddedHttp.PING;

    private EmbeddedHttp http;

    @BeforeEach
    void setUp() {
        http = new EmbeddedHttp(HttpSettings.builder().sessionIdleTimeout(Duration.ofMillis(1)).build());
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    @Test
    void aDeletedSessionIs404OnTheConnectionThatUsedIt() {
        String session = initialize();
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(exchange("DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nMcp-Session-Id: " + session
                + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n").startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
    }

    @Test
    void anExpiredSessionIs404OnTheConnectionThatUsedIt() throws InterruptedException {
        String session = initialize();
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        Thread.sleep(5);
        http.sessions.sweep(); // idle for longer than 1 ms: ended on its loop (the embedded one, at once)
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
    }

    @Test
    void eachIdNamesItsOwnSession() {
        String first = initialize();
        String second = initialize();
        assertTrue(post(first, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(exchange("DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nMcp-Session-Id: " + first
                + "\r\nMCP-Protocol-Version: 2025-11-25\r\n\r\n").startsWith("HTTP/1.1 200 "));
        assertTrue(post(second, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(first, "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
        assertTrue(post(second, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post("no-such-session", "2025-11-25", PING).startsWith("HTTP/1.1 404 "));
    }

    @Test
    void anUnsupportedVersionIs400AfterASupportedOne() {
        String session = initialize();
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "2025-03-26", PING).startsWith("HTTP/1.1 400 "));
        assertTrue(post(session, "2025-11-25", PING).startsWith("HTTP/1.1 200 "));
        assertTrue(post(session, "1999-01-01", PING).startsWith("HTTP/1.1 400 "));
    }

    private String initialize() {
        return http.initialize();
    }

    private String post(String session, String version, String body) {
        return http.post(session, version, body);
    }

    private String exchange(String request) {
        return http.exchange(request);
    }
}
