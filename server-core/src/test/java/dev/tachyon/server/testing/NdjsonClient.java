package dev.tachyon.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A small MCP client for integration tests: newline-delimited JSON-RPC over a TCP socket or over
 * a stdio pair of streams ({@link #over}).
 *
 * <pre>{@code
 * try (NdjsonClient client = NdjsonClient.connect(server.tcpAddress())) {
 *     client.initialize("{\"sampling\":{}}");
 *     Map<String, Object> result = client.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
 * }
 * }</pre>
 *
 * <p>Requests and params are written as JSON text, so a test reads like the wire. Everything
 * the server sends is decoded by one reader thread with {@link TestJson#read} (objects become
 * {@code Map<String, Object>}, integers {@code Long}) and kept in arrival order in
 * {@link #received()}, so a test can check what came before what ({@link #position}) and when
 * ({@link #arrivalNanos}). Responses are matched to requests by id; the server's own requests
 * ({@code sampling/createMessage}, {@code elicitation/create}, {@code roots/list}) go to the
 * {@link ServerRequestHandler} on a separate thread, so a handler may take its time while the
 * reader keeps reading.
 *
 * <p>Waiting methods give up after {@link #timeout()} (10 s unless changed) with an
 * {@link AssertionError} that lists what did arrive. Not a conforming MCP client: it checks
 * nothing it is not asked to, which is what lets tests send anything, malformed lines included.
 */
public final class NdjsonClient implements McpTestClient {


    /** How long waiting methods wait unless {@link #timeout(Duration)} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Key of responses whose id is {@code null} (the server could not read the request's id). */
    private static final Object NULL_ID = new Object();

    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable connection;
    private volatile boolean closed;
    private final Thread reader;
    private final ExecutorService handlerThread;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Object, CompletableFuture<Map<String, Object>>> responses = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> received = new ArrayList<>();
    private final Map<Map<String, Object>, Long> arrivals = new IdentityHashMap<>();
    private final List<String> malformed = new ArrayList<>();
    private volatile ServerRequestHandler serverRequests = METHOD_NOT_FOUND;
    private volatile Duration timeout = DEFAULT_TIMEOUT;
    private boolean eof;
    private IOException readFailure;

    private NdjsonClient(InputStream in, OutputStream out, AutoCloseable connection, String name) {
        this.in = in;
        this.out = out;
        this.connection = connection;
        this.handlerThread = Executors.newSingleThreadExecutor(r -> daemon(r, "ndjson-client-handler"));
        this.reader = daemon(this::readLoop, "ndjson-client-reader " + name);
        reader.start();
    }

    /**
     * A client of a server that reads {@code toServer} and writes {@code fromServer} (stdio);
     * {@code connection} is closed by {@link #close()} (it should end both streams).
     */
    public static NdjsonClient over(InputStream fromServer, OutputStream toServer, AutoCloseable connection) {
        return new NdjsonClient(fromServer, toServer, connection, "stdio");
    }

    /** Connects to a server's TCP transport. */
    public static NdjsonClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) DEFAULT_TIMEOUT.toMillis());
            return new NdjsonClient(socket.getInputStream(), socket.getOutputStream(), socket,
                    String.valueOf(socket.getLocalPort()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public NdjsonClient onServerRequest(ServerRequestHandler handler) {
        this.serverRequests = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Sets how long waiting methods wait; returns this. */
    public NdjsonClient timeout(Duration value) {
        this.timeout = Objects.requireNonNull(value, "value");
        return this;
    }

    public Duration timeout() {
        return timeout;
    }

    // -- The lifecycle ----------------------------------------------------------------------



    // -- Requests ---------------------------------------------------------------------------

    /**
     * Sends a request and waits for its response.
     *
     * @param paramsJson the params as JSON text, or null to send none
     * @return the whole response message ({@code jsonrpc}, {@code id}, and {@code result} or {@code error})
     */
    @Override
    public Map<String, Object> request(String method, String paramsJson) {
        long id = nextId.getAndIncrement();
        CompletableFuture<Map<String, Object>> response = responseFor(id);
        sendLine(McpTestClient.message(id, method, paramsJson));
        try {
            return await(response, method);
        } finally {
            responses.remove(id, response);
        }
    }

    /** Sends a request without waiting; the future completes with the response message. */
    public CompletableFuture<Map<String, Object>> requestAsync(String method, String paramsJson) {
        long id = nextId.getAndIncrement();
        CompletableFuture<Map<String, Object>> response = responseFor(id);
        sendLine(McpTestClient.message(id, method, paramsJson));
        return response;
    }

    /** The id the next {@link #request} will use (for tests that cancel or pipeline by id). */
    public long nextRequestId() {
        return nextId.get();
    }

    @Override
    public void notify(String method, String paramsJson) {
        sendLine(McpTestClient.message(null, method, paramsJson));
    }

    /**
     * Sends one line as is (a newline is appended), for malformed input and hand-made ids.
     * Wait for answers with {@link #awaitResponse} or {@link #awaitMessage}.
     */
    public void sendLine(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new AssertionError("could not send to the server: " + e, e);
            }
        }
    }

    /**
     * Waits for the response with this id: a {@code Long} (an {@code Integer} is taken as one),
     * a {@code String}, or null for responses the server could not give an id.
     */
    public Map<String, Object> awaitResponse(Object id) {
        CompletableFuture<Map<String, Object>> response = responseFor(id);
        try {
            return await(response, "the response to id " + id);
        } finally {
            responses.remove(key(id), response); // the id may be used again
        }
    }

    // -- What arrived -----------------------------------------------------------------------

    /** Every message received so far, in arrival order. */
    public List<Map<String, Object>> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Lines from the server that were not a JSON object (none, from a correct server). */
    public List<String> malformedLines() {
        synchronized (received) {
            return List.copyOf(malformed);
        }
    }

    @Override
    public List<Map<String, Object>> notifications(String method) {
        return received().stream()
                .filter(m -> !m.containsKey("id") && method.equals(m.get("method")))
                .toList();
    }

    /** Waits until at least {@code count} notifications with this method have arrived; returns them all. */
    public List<Map<String, Object>> awaitNotifications(String method, int count) {
        awaitCondition(all -> all.stream().filter(m -> !m.containsKey("id") && method.equals(m.get("method"))).count()
                >= count, count + " x " + method);
        return notifications(method);
    }

    /** Waits for the first received message (already arrived or not) that {@code match} accepts. */
    public Map<String, Object> awaitMessage(Predicate<Map<String, Object>> match) {
        List<Map<String, Object>> found = new ArrayList<>(1);
        awaitCondition(all -> {
            for (Map<String, Object> m : all) {
                if (match.test(m)) {
                    found.add(m);
                    return true;
                }
            }
            return false;
        }, "a matching message");
        return found.get(0);
    }

    /**
     * Where a message received from this client sits in arrival order (compared by identity,
     * so pass the very map this client returned); -1 if it is not one of them.
     */
    public int position(Map<String, Object> message) {
        synchronized (received) {
            for (int i = 0; i < received.size(); i++) {
                if (received.get(i) == message) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** When a received message arrived ({@link System#nanoTime()}). */
    public long arrivalNanos(Map<String, Object> message) {
        synchronized (received) {
            Long at = arrivals.get(message);
            if (at == null) {
                throw new IllegalArgumentException("not a message this client received: " + message);
            }
            return at;
        }
    }

    /** Waits up to {@code wait} for the server to close the connection; returns whether it did. */
    public boolean awaitServerClose(Duration wait) throws InterruptedException {
        reader.join(wait.toMillis());
        return !reader.isAlive();
    }

    /** Closes the connection. */
    @Override
    public void close() {
        closed = true;
        try {
            connection.close();
        } catch (Exception e) {
            // closing anyway; nothing useful to do in a test
        }
        handlerThread.shutdownNow();
        try {
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // -- Internals --------------------------------------------------------------------------

    private void readLoop() {
        byte[] chunk = new byte[64 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        try (InputStream in = this.in) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, start, i - start);
                        accept(line.toByteArray());
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(chunk, start, n - start);
            }
        } catch (IOException e) {
            if (!closed) {
                synchronized (received) {
                    readFailure = e;
                }
            }
        } finally {
            synchronized (received) {
                eof = true;
                received.notifyAll();
            }
            AssertionError closed = new AssertionError("the connection closed before the response arrived");
            responses.values().forEach(f -> f.completeExceptionally(closed));
        }
    }

    private void accept(byte[] line) {
        Map<String, Object> message;
        try {
            message = TestJson.map(TestJson.read(line), "message");
        } catch (RuntimeException e) {
            synchronized (received) {
                malformed.add(new String(line, StandardCharsets.UTF_8));
            }
            return;
        }
        dispatch(message);
    }

    private void dispatch(Map<String, Object> message) {
        synchronized (received) {
            received.add(message);
            arrivals.put(message, System.nanoTime());
            received.notifyAll();
        }
        boolean hasMethod = message.containsKey("method");
        if (hasMethod && message.containsKey("id")) {
            try {
                handlerThread.execute(() -> answer(message));
            } catch (RejectedExecutionException closing) {
                // close() is under way: nobody is left to answer
            }
        } else if (!hasMethod) {
            responseFor(message.get("id")).complete(message);
        }
    }

    private void answer(Map<String, Object> request) {
        String reply = McpTestClient.answer(serverRequests, request);
        if (!closed) {
            sendLine(reply);
        }
    }

    private CompletableFuture<Map<String, Object>> responseFor(Object id) {
        CompletableFuture<Map<String, Object>> future = responses.computeIfAbsent(key(id), k -> new CompletableFuture<>());
        synchronized (received) {
            if (eof && !future.isDone()) {
                future.completeExceptionally(new AssertionError("the connection is closed"));
            }
        }
        return future;
    }

    private static Object key(Object id) {
        return id == null ? NULL_ID : id instanceof Integer ? Long.valueOf((Integer) id) : id;
    }

    private Map<String, Object> await(CompletableFuture<Map<String, Object>> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + what + " within " + timeout.toMillis() + " ms" + transcript());
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": " + e.getCause().getMessage() + transcript(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private void awaitCondition(Predicate<List<Map<String, Object>>> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (!done.test(received)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || eof) {
                    throw new AssertionError((eof ? "the connection closed" : "timed out") + " waiting for " + what
                            + transcript());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }


    /** What arrived, for failure messages: read errors, malformed lines, then every message (abbreviated). */
    private String transcript() {
        synchronized (received) {
            List<String> lines = new ArrayList<>();
            for (Map<String, Object> m : received) {
                String text = m.toString();
                lines.add(text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text);
            }
            return (readFailure == null ? "" : "; read failed: " + readFailure)
                    + (malformed.isEmpty() ? "" : "; malformed lines: " + malformed)
                    + "; received: " + lines;
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
