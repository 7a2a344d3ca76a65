package dev.tachyon.server.testing;

import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.engine.McpEngine;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.MessageHeaders;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link McpEngine} with no transport: sessions are fed JSON-RPC messages as bytes and
 * record what the engine hands their {@code Outbound}, so engine behaviour is tested without
 * sockets or sleeps.
 *
 * <pre>{@code
 * @RegisterExtension
 * final EngineHarness harness = EngineHarness.start(); // one per test, closed after it
 *
 * @Test
 * void readsAResource() {
 *     EngineSession session = harness.initialized("{}");
 *     assertEquals(..., session.result("resources/read", "{\"uri\":\"test://a\"}"));
 * }
 * }</pre>
 *
 * <p>Every engine call runs on one event executor, the session's thread as on a transport; the
 * methods that feed a message return once the engine has handled it there, so what an inline
 * handler answers has been recorded when they return. Answers made later (blocking handlers on
 * the worker pool, timeouts) are awaited on futures and latches, never by sleeping.
 */
public final class EngineHarness implements AutoCloseable, AfterEachCallback {

    /** How long awaiting methods wait before failing the test. */
    static final long AWAIT_SECONDS = 10;

    private final TestCatalog catalog;
    private final McpEngine engine;
    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private int sessions;

    private EngineHarness(TestCatalog catalog, EngineSettings settings) {
        this.catalog = catalog;
        this.engine = new McpEngine(settings, catalog.catalogs(settings.pageSize()));
    }

    /** An engine serving a new {@link TestCatalog} with {@link TestCatalog#settings()}. */
    public static EngineHarness start() {
        return start(TestCatalog.settings());
    }

    /** An engine serving a new {@link TestCatalog} with these settings (start from {@link TestCatalog#settings()}). */
    public static EngineHarness start(EngineSettings.Builder settings) {
        return new EngineHarness(new TestCatalog(), settings.build());
    }

    /** The engine under test. */
    public McpEngine engine() {
        return engine;
    }

    /** The catalog it serves (its latches steer the {@code wait} tool). */
    public TestCatalog catalog() {
        return catalog;
    }

    /** Opens a session as TCP and stdio do: each message served by the revision its shape asks for. */
    public EngineSession open() {
        return open(McpSession.RevisionScope.PER_MESSAGE);
    }

    /**
     * Opens a session with this revision scope; a {@code PER_MESSAGE} session is opened as a
     * TCP session and shares one stream (exchange {@code null}), the others as HTTP sessions
     * and tag each message with an exchange of its own, as Streamable HTTP does.
     */
    public EngineSession open(McpSession.RevisionScope scope) {
        boolean stream = scope == McpSession.RevisionScope.PER_MESSAGE;
        String id = (stream ? "tcp-" : "harness-") + (++sessions);
        return new EngineSession(this, id, stream ? TransportKind.TCP : TransportKind.HTTP, scope, stream);
    }

    /** A stream session that has completed the handshake with these client capabilities (JSON text). */
    public EngineSession initialized(String capabilitiesJson) {
        EngineSession session = open();
        session.initialize(capabilitiesJson);
        return session;
    }

    /** Request metadata as Streamable HTTP carries it beside a 2026-07-28 message (null: absent). */
    public static MessageHeaders headers(String protocolVersion, String method, String name) {
        return new MessageHeaders() {
            @Override
            public String protocolVersion() {
                return protocolVersion;
            }

            @Override
            public String method() {
                return method;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String param(String suffix) {
                return null;
            }
        };
    }

    /** As a JUnit extension on an instance field: closes the harness after each test. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Closes the engine (its workers) and the executor. */
    @Override
    public void close() {
        engine.close();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    EventExecutor loop() {
        return loop;
    }

    /** Runs {@code task} on the session thread and returns its value once it has run. */
    <T> T onLoop(Callable<T> task) {
        try {
            return loop.submit(task).get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new AssertionError("the engine failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("the session thread was busy for " + AWAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
