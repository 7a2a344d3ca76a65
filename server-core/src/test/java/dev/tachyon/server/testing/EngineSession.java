package dev.tachyon.server.testing;

import dev.tachyon.server.engine.TransportKind;
import dev.tachyon.server.engine.McpSession;
import dev.tachyon.server.engine.MessageHeaders;
import dev.tachyon.server.engine.Outbound;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session of an {@link EngineHarness}: feeds it messages and records, in order, everything
 * the engine hands its {@link Outbound}. Server-to-client requests are answered by the
 * {@link McpTestClient.ServerRequestHandler} (default {@code -32601}) on the session thread,
 * and the answer delivered back to the engine as the client's next message.
 */
public final class EngineSession implements McpTestClient {


    /**
     * One message the engine handed over.
     *
     * @param exchange the exchange it went out with (null on a stream session)
     * @param json the message as the engine wrote it
     * @param message the message, decoded
     * @param last whether it ended its exchange ({@code complete}) rather than being {@code send}
     * @param errorCode the code passed with {@code completeWithError}, else null
     */
    public record Out(Object exchange, String json, Map<String, Object> message, boolean last, Integer errorCode) {
    }

    private final EngineHarness harness;
    private final McpSession session;
    private final boolean stream;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong nextExchange = new AtomicLong(1);
    private final List<Out> out = new ArrayList<>();
    private final Map<Object, CompletableFuture<Map<String, Object>>> responses = new ConcurrentHashMap<>();
    private final Map<Object, CompletableFuture<Void>> ended = new ConcurrentHashMap<>();
    private volatile ServerRequestHandler serverRequests = METHOD_NOT_FOUND;
    private volatile boolean answerServerRequests = true;
    private volatile boolean closedByEngine;
    private int emptyCompletions;

    EngineSession(EngineHarness harness, String id, TransportKind transport, McpSession.RevisionScope scope,
            boolean stream) {
        this.harness = harness;
        this.stream = stream;
        Recorder recorder = new Recorder();
        this.session = harness.onLoop(() -> EngineAdapter.open(harness.engine(), id, transport, recorder, scope));
    }

    /** The engine's session. */
    public McpSession session() {
        return session;
    }

    // -- Feeding ----------------------------------------------------------------------------

    /**
     * Hands one message to the engine and returns once the engine has handled it (an inline
     * answer is recorded by then).
     *
     * @return the exchange the message went with (null on a stream session)
     */
    public Object send(String json) {
        return send(json, null);
    }

    /** As {@link #send(String)}, with the request metadata a transport carries beside the message. */
    public Object send(String json, MessageHeaders headers) {
        Object exchange = stream ? null : nextExchange.getAndIncrement();
        deliver(json.getBytes(StandardCharsets.UTF_8), exchange, headers);
        return exchange;
    }

    private void deliver(byte[] json, Object exchange, MessageHeaders headers) {
        harness.onLoop(() -> {
            ByteBuf frame = Unpooled.wrappedBuffer(json);
            try {
                EngineAdapter.deliver(harness.engine(), session, frame, exchange, headers);
            } finally {
                frame.release();
            }
            return null;
        });
    }



    @Override
    public Map<String, Object> request(String method, String paramsJson) {
        return await(requestAsync(method, paramsJson, null), method);
    }

    /** Sends a request with these headers and waits for its response. */
    public Map<String, Object> request(String method, String paramsJson, MessageHeaders headers) {
        return await(requestAsync(method, paramsJson, headers), method);
    }

    /** Sends a request; the future completes with its response (at once for inline answers). */
    public CompletableFuture<Map<String, Object>> requestAsync(String method, String paramsJson) {
        return requestAsync(method, paramsJson, null);
    }

    private CompletableFuture<Map<String, Object>> requestAsync(String method, String paramsJson, MessageHeaders headers) {
        long id = nextId.getAndIncrement();
        CompletableFuture<Map<String, Object>> response = responseFor(id);
        send(McpTestClient.message(id, method, paramsJson), headers);
        return response;
    }

    /** The id the next request will use (for cancelling it). */
    public long nextRequestId() {
        return nextId.get();
    }

    @Override
    public void notify(String method, String paramsJson) {
        send(McpTestClient.message(null, method, paramsJson));
    }

    @Override
    public EngineSession onServerRequest(ServerRequestHandler handler) {
        this.serverRequests = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Leaves the engine's requests to the client unanswered (a client that never replies); returns this. */
    public EngineSession ignoreServerRequests() {
        this.answerServerRequests = false;
        return this;
    }

    /** Waits for the response with this id ({@code null}: a response the engine could not give an id). */
    public Map<String, Object> awaitResponse(Object id) {
        return await(responseFor(id), "the response to id " + id);
    }

    /** Waits until the engine has ended {@code exchange} (answered it or decided it needs no answer). */
    public void awaitEnded(Object exchange) {
        await(ended.computeIfAbsent(endKey(exchange), k -> new CompletableFuture<>()), "the end of exchange " + exchange);
    }

    /** Ends the session as a transport does when its connection closes. */
    @Override
    public void close() {
        harness.onLoop(() -> {
            EngineAdapter.close(harness.engine(), session);
            return null;
        });
    }

    // -- What came out ----------------------------------------------------------------------

    /** Everything the engine handed over, in order. */
    public List<Out> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /** The messages the engine handed over, in order. */
    public List<Map<String, Object>> messages() {
        return out().stream().map(Out::message).toList();
    }

    /** The last message the engine handed over, as it wrote it. */
    public String lastJson() {
        List<Out> all = out();
        if (all.isEmpty()) {
            throw new AssertionError("nothing came out");
        }
        return all.get(all.size() - 1).json();
    }

    @Override
    public List<Map<String, Object>> notifications(String method) {
        return messages().stream().filter(m -> !m.containsKey("id") && method.equals(m.get("method"))).toList();
    }

    /** Waits until at least {@code count} notifications with this method have come out; returns them all. */
    public List<Map<String, Object>> awaitNotifications(String method, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EngineHarness.AWAIT_SECONDS);
        synchronized (out) {
            while (notifications(method).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + count + " x " + method + "; out: " + messages());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(out, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + method, e);
                }
            }
        }
        return notifications(method);
    }

    /**
     * Returns once the session thread has run everything queued on it so far (work other
     * threads handed it, such as a resource update's notification).
     */
    public void drain() {
        harness.onLoop(() -> null);
    }

    /** The requests the engine sent to the client (e.g. {@code elicitation/create}). */
    public List<Map<String, Object>> serverRequests() {
        return messages().stream().filter(m -> m.containsKey("id") && m.containsKey("method")).toList();
    }

    /** How many exchanges ended without a response (notifications, client responses, cancelled requests). */
    public int emptyCompletions() {
        synchronized (out) {
            return emptyCompletions;
        }
    }

    /** Whether the engine asked the transport to close the session's connection. */
    public boolean closedByEngine() {
        return closedByEngine;
    }

    // -- Internals --------------------------------------------------------------------------

    private CompletableFuture<Map<String, Object>> responseFor(Object id) {
        return responses.computeIfAbsent(key(id), k -> new CompletableFuture<>());
    }

    private static Object endKey(Object exchange) {
        return exchange == null ? "stream" : exchange;
    }

    private static Object key(Object id) {
        return id == null ? "null-id" : id instanceof Integer ? Long.valueOf((Integer) id) : id;
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(EngineHarness.AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + EngineHarness.AWAIT_SECONDS + " s; out: " + messages());
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }


    /** Takes a message from the engine: decodes it, releases the buffer, wakes whoever waits for it. */
    private void record(Object exchange, ByteBuf buffer, boolean last, Integer errorCode) {
        String json = null;
        Map<String, Object> message = null;
        try {
            if (buffer != null) {
                byte[] bytes = ByteBufUtil.getBytes(buffer);
                json = new String(bytes, StandardCharsets.UTF_8);
                message = TestJson.map(TestJson.read(bytes), "message");
            }
        } finally {
            if (buffer != null) {
                buffer.release();
            }
        }
        synchronized (out) {
            if (message == null) {
                emptyCompletions++;
            } else {
                out.add(new Out(exchange, json, message, last, errorCode));
            }
            out.notifyAll();
        }
        if (last) {
            ended.computeIfAbsent(endKey(exchange), k -> new CompletableFuture<>()).complete(null);
        }
        if (message == null) {
            return;
        }
        boolean hasMethod = message.containsKey("method");
        if (!hasMethod) {
            responseFor(message.get("id")).complete(message);
        } else if (message.containsKey("id") && answerServerRequests) {
            // The client's answer arrives as a later message, as it would over a wire.
            byte[] answer = McpTestClient.answer(serverRequests, message).getBytes(StandardCharsets.UTF_8);
            harness.loop().execute(() -> {
                ByteBuf frame = Unpooled.wrappedBuffer(answer);
                try {
                    EngineAdapter.deliver(harness.engine(), session, frame, stream ? null : nextExchange.getAndIncrement(), null);
                } finally {
                    frame.release();
                }
            });
        }
    }

    /** The transport side: records instead of writing. */
    private final class Recorder implements Outbound {

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public EventExecutor executor() {
            return harness.loop();
        }

        @Override
        public void send(Object exchange, ByteBuf message) {
            record(exchange, message, false, null);
        }

        @Override
        public void complete(Object exchange, ByteBuf response) {
            record(exchange, response, true, null);
        }

        @Override
        public void completeWithError(Object exchange, ByteBuf response, int code) {
            record(exchange, response, true, code);
        }

        @Override
        public void flush() {
            // nothing is buffered: every message is recorded when handed over
        }

        @Override
        public void close() {
            closedByEngine = true;
        }
    }
}
