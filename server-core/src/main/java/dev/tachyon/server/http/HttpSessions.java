package dev.tachyon.server.http;

import dev.tachyon.server.engine.McpEngine;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The open HTTP sessions by {@code Mcp-Session-Id}, and their ends: idle eviction by a periodic
 * sweep, and shutdown. Safe for use from every event loop.
 *
 * <p>Session ids are 128 random bits from {@link SecureRandom}, base64url without padding: 22
 * visible ASCII characters, unguessable, so a session cannot be hijacked by guessing its id.
 */
final class HttpSessions {

    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ConcurrentHashMap<String, HttpSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final McpEngine engine;
    private final HttpSettings settings;

    HttpSessions(McpEngine engine, HttpSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    McpEngine engine() {
        return engine;
    }

    /** Opens a session pinned to {@code loop}; must be called on {@code loop}. */
    HttpSession open(EventLoop loop) {
        byte[] bytes = new byte[16];
        while (true) {
            random.nextBytes(bytes);
            String id = ID_ENCODER.encodeToString(bytes);
            HttpSession session = new HttpSession(id, loop, engine, this, settings);
            if (sessions.putIfAbsent(id, session) == null) {
                session.open();
                return session;
            }
        }
    }

    /** The open session with this id, or null. */
    HttpSession find(String id) {
        return sessions.get(id);
    }

    void remove(HttpSession session) {
        sessions.remove(session.id(), session);
    }

    /** How many sessions are open. */
    int size() {
        return sessions.size();
    }

    /** Ends the sessions idle for longer than the configured timeout (each on its own loop). */
    void sweep() {
        long timeout = settings.sessionIdleTimeout().toNanos();
        long now = System.nanoTime();
        for (HttpSession session : sessions.values()) {
            if (session.idleNanos(now) >= timeout) {
                session.expireIfIdle(timeout);
            }
        }
    }

    /** Ends every session, waiting up to {@code timeoutMillis} for them to finish. */
    void closeAll(long timeoutMillis) {
        List<Future<?>> pending = new ArrayList<>();
        for (HttpSession session : sessions.values()) {
            try {
                pending.add(session.shutdown());
            } catch (RejectedExecutionException e) {
                // its loop is already gone, and the session's buffers with it
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Future<?> f : pending) {
            f.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
