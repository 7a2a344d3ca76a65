package dev.tachyon.server.cluster;

import dev.tachyon.server.testing.LineClient;
import dev.tachyon.server.testing.McpHttpClient;
import dev.tachyon.server.testing.StatelessHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real clients through the balancer, each on a thread of its own, counting every request in the
 * current {@link Tally}: 2025-11-25 sessions over HTTP (initialize, then tools/call in a loop;
 * on {@code 404} initialize again, as the protocol says), 2026-07-28 stateless tools/call, raw
 * TCP sessions (a closed connection is reopened), and one {@code subscriptions/listen} stream
 * reopened whenever it ends.
 */
final class ClusterLoad implements AutoCloseable {

    private static final String ECHO = "{\"text\":\"through the balancer\"}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TCP_ECHO = "{\"name\":\"echo\",\"arguments\":" + ECHO + "}";
    private static final long PAUSE_MILLIS = 10;

    private final URI http;
    private final InetSocketAddress tcp;
    private final List<Thread> threads = new ArrayList<>();
    private final Set<String> sessionIds = ConcurrentHashMap.newKeySet();
    private volatile Tally tally = new Tally("start-up");
    private volatile boolean running = true;
    private volatile InputStream listenStream;
    /** The instance that serves the listen stream now (HAProxy's X-Tachyon-Node), null while none does. */
    private volatile String listenNode;

    ClusterLoad(URI http, InetSocketAddress tcp) {
        this.http = http;
        this.tcp = tcp;
    }

    /** Starts the clients. */
    ClusterLoad start(int sessions, int stateless, int tcpSessions) {
        for (int i = 0; i < sessions; i++) {
            spawn("session-" + i, this::sessionLoop);
        }
        for (int i = 0; i < stateless; i++) {
            spawn("stateless-" + i, this::statelessLoop);
        }
        for (int i = 0; i < tcpSessions; i++) {
            spawn("tcp-" + i, this::tcpLoop);
        }
        spawn("listen", this::listenLoop);
        return this;
    }

    /** Counts from now on in a new tally, and returns the one that ends. */
    Tally phase(String name) {
        Tally ended = tally;
        tally = new Tally(name);
        return ended;
    }

    /** Every 2025-11-25 session id the balancer's instances handed out. */
    Set<String> sessionIds() {
        return Set.copyOf(sessionIds);
    }

    private void spawn(String name, ClientLoop loop) {
        Thread thread = new Thread(() -> {
            while (running) {
                try {
                    loop.run(name);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception | AssertionError e) {
                    if (running) {
                        tally.failed(name, e.toString());
                        pause();
                    }
                }
            }
        }, "cluster-" + name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    /**
     * A 2025-11-25 client: initialize, then calls; a 404 (to a call or to
     * notifications/initialized: the instance went away in between) ends the session and the
     * client initializes again.
     */
    private void sessionLoop(String name) throws Exception {
        McpHttpClient client = new McpHttpClient(http);
        boolean recovering = false;
        String session = null;
        boolean fresh = false;
        for (int id = 2; running; id++) {
            if (session == null) {
                session = initialize(client, name);
                if (session == null) {
                    continue;
                }
                if (recovering) {
                    tally.reinitialized();
                    recovering = false;
                }
                fresh = true;
            }
            HttpResponse<String> r;
            try {
                r = client.send(client.post(session, fresh ? INITIALIZED : McpHttpClient.call(id, "echo", ECHO)));
            } catch (IOException e) {
                tally.failed(name, e.toString()); // the session may still live: go on with it
                pause();
                continue;
            }
            if (r.statusCode() == 404) {
                tally.notFound(name);
                session = null;
                recovering = true;
            } else if (fresh) {
                fresh = false;
                if (r.statusCode() != 202) {
                    tally.failed(name, "notifications/initialized " + r.statusCode());
                }
            } else {
                count(name, r);
                pause();
            }
        }
    }

    /** The id of a new session, or null (counted as failed) when initialize is refused. */
    private String initialize(McpHttpClient client, String name) throws Exception {
        HttpResponse<String> init = client.send(client.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"" + name + "\",\"version\":\"1\"}}}"));
        String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        if (init.statusCode() != 200 || session == null) {
            tally.failed(name, "initialize " + init.statusCode() + " " + init.body());
            pause();
            return null;
        }
        sessionIds.add(session);
        return session;
    }

    private void statelessLoop(String name) throws Exception {
        StatelessHttpClient client = new StatelessHttpClient(http);
        while (running) {
            count(name, client.send(client.post("tools/call", "\"name\":\"echo\",\"arguments\":" + ECHO, "{}", "echo")));
            pause();
        }
    }

    private void count(String name, HttpResponse<String> r) {
        if (r.statusCode() == 200 && McpHttpClient.json(r.body()).get("result") instanceof Map<?, ?> result
                && !Boolean.TRUE.equals(result.get("isError"))) {
            tally.answered();
        } else {
            tally.failed(name, r.statusCode() + " " + r.body());
        }
    }

    /**
     * A raw TCP client. The connection is the session: when it closes (its instance drains or
     * dies), the client connects again (through the balancer, to another instance) and sends
     * the request that got no answer once more: echo is read-only, so repeating it is safe, as
     * a 2025-11-25 HTTP client initializes again after a 404. Only a request that fails on the
     * new connection too is lost.
     */
    private void tcpLoop(String name) throws Exception {
        long id = 1;
        while (running) {
            try (LineClient client = LineClient.initialized(tcp, "{}")) {
                for (; running; id++) {
                    try {
                        answer(name, client.call(id, "tools/call", TCP_ECHO));
                    } catch (IOException closed) {
                        tally.tcpReconnected();
                        try (LineClient again = LineClient.initialized(tcp, "{}")) {
                            answer(name, again.call(id, "tools/call", TCP_ECHO));
                        }
                        id++;
                        break;
                    }
                    pause();
                }
            }
        }
    }

    private void answer(String name, Map<String, Object> answer) {
        if (answer.get("result") instanceof Map<?, ?>) {
            tally.answered();
        } else {
            tally.failed(name, answer.toString());
        }
    }

    /** One listen stream: open, read until it ends; the time from an end to the next acknowledgement is a gap. */
    private void listenLoop(String name) throws Exception {
        StatelessHttpClient client = new StatelessHttpClient(http);
        long ended = System.nanoTime();
        boolean reopening = false;
        while (running) {
            HttpResponse<InputStream> r = client.stream(client.post("subscriptions/listen",
                    "\"notifications\":{\"toolsListChanged\":true}", "{}", null));
            if (r.statusCode() != 200) {
                r.body().close();
                tally.failed(name, "listen " + r.statusCode());
                pause();
                continue;
            }
            listenStream = r.body();
            listenNode = r.headers().firstValue("X-Tachyon-Node").orElse(null);
            // Lines, not events: keep-alive comments (": keep-alive") may come between events.
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line = lines.readLine();
                while (line != null && !line.startsWith("data:")) {
                    line = lines.readLine();
                }
                if (line == null || !line.contains("notifications/subscriptions/acknowledged")) {
                    tally.failed(name, "listen without acknowledgement: " + line);
                    continue;
                }
                if (reopening) {
                    tally.listenReopened((System.nanoTime() - ended) / 1_000_000);
                }
                while (running && lines.readLine() != null) {
                    // only keep-alives come here; the stream's end is what counts
                }
            } catch (IOException closed) {
                // the instance went away: reopen
            }
            listenNode = null;
            ended = System.nanoTime();
            reopening = true;
        }
    }

    /** The node serving the listen stream now, as HAProxy named it in X-Tachyon-Node; null while it reopens. */
    String listenNode() {
        return listenNode;
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface ClientLoop {
        void run(String name) throws Exception;
    }

    @Override
    public void close() throws IOException {
        running = false;
        InputStream stream = listenStream;
        if (stream != null) {
            stream.close();
        }
        try {
            for (Thread thread : threads) {
                thread.join(15_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
