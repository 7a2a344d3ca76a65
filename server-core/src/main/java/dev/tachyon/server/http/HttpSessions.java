package dev.tachyon.server.http;

import dev.tachyon.api.Principal;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.connection.SessionLimit;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The open HTTP sessions by {@code Mcp-Session-Id}, their caps ({@link SessionLimit}: per server
 * and per client address), and their ends: idle eviction by a periodic sweep, and shutdown. Safe
 * for use from every event loop.
 *
 * <p>Idle eviction has two clocks: a session that got no request after its initialize (not even
 * {@code notifications/initialized}, which a client sends at once) is ended after
 * {@link HttpSettings#unusedSessionTimeout()}; one in use after {@link HttpSettings#sessionIdleTimeout()}.
 *
 * <p>Session ids are 128 random bits from {@link SecureRandom}, base64url without padding: 22
 * visible ASCII characters, unguessable, so a session cannot be hijacked by guessing its id.
 * With a node id ({@link HttpSettings#nodeId()}) the id is {@code <node-id>.<those 22>}: base64url
 * has no dot, so a balancer routes on the text before the first dot. The prefix is public
 * (it names the instance), the 128 bits after the dot stay the secret. Another node's session
 * id is unknown here like any other, so it gets 404 and the client initializes again.
 */
final class HttpSessions {

    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ConcurrentHashMap<String, HttpSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final McpEngine engine;
    private final HttpSettings settings;
    private final SessionLimit limit;
    /** {@code "<node-id>."}, or {@code ""} for a single instance. */
    private final String idPrefix;
    private final LongAdder eventLogBytes = new LongAdder();
    private final LongAdder eventLogEvictions = new LongAdder();

    HttpSessions(McpEngine engine, HttpSettings settings) {
        this.engine = engine;
        this.settings = settings;
        this.limit = new SessionLimit(settings.maxSessions(), settings.maxSessionsPerAddress());
        this.idPrefix = settings.nodeId().isEmpty() ? "" : settings.nodeId() + ".";
    }

    SessionLimit limit() {
        return limit;
    }

    /** A new session's event log, counted in the totals of every session's logs. */
    EventLog newEventLog() {
        return new EventLog(settings.eventLogCapacity(), settings.eventLogMaxBytes(), eventLogBytes, eventLogEvictions);
    }

    long eventLogBytes() {
        return eventLogBytes.sum();
    }

    long eventLogEvictions() {
        return eventLogEvictions.sum();
    }

    McpEngine engine() {
        return engine;
    }

    /**
     * Takes a place under the caps for a new session of a client at {@code address}: null when
     * one was taken (then {@link #open} the session), else the cap that refused it.
     */
    SessionLimit.Reason admit(InetAddress address) {
        return limit.tryOpen(address);
    }

    /**
     * Opens a session pinned to {@code loop} in the place {@link #admit} took for {@code address},
     * bound to {@code principal} (who sent its initialize); must be called on {@code loop}. The place is given back when the session ends.
     */
    HttpSession open(EventLoop loop, InetAddress address, Principal principal) {
        byte[] bytes = new byte[16];
        while (true) {
            random.nextBytes(bytes);
            String id = idPrefix + ID_ENCODER.encodeToString(bytes);
            HttpSession session = new HttpSession(id, loop, engine, this, settings, address, principal);
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

    /** Forgets an ended session and gives back its place under the caps. */
    void remove(HttpSession session) {
        if (sessions.remove(session.id(), session)) {
            limit.closed(session.address());
        }
    }

    /** How many sessions are open. */
    int size() {
        return sessions.size();
    }

    /** Ends the sessions idle for longer than their timeout (each on its own loop). */
    void sweep() {
        long idle = settings.sessionIdleTimeout().toNanos();
        long unused = settings.unusedSessionTimeout().toNanos();
        long now = System.nanoTime();
        for (HttpSession session : sessions.values()) {
            long timeout = session.used() ? idle : unused;
            if (session.idleNanos(now) >= timeout) {
                session.expireIfIdle(timeout);
            }
        }
    }

    /** Ends every session's GET stream after a {@code retry:} field (each on its own loop). */
    void endStandaloneStreams() {
        for (HttpSession session : sessions.values()) {
            session.endStandaloneStream();
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
