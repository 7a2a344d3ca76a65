package dev.tachyon.server.testing;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.stdio.StdioTransport;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link TestServer} serving a {@link TestCatalog} on every transport, for the contract suite: TCP and
 * Streamable HTTP on {@code 127.0.0.1} (free ports), and stdio sessions on piped streams, each
 * a {@link StdioTransport} of the same engine (the transport a spawned server runs, without the
 * child process). Clients it hands out are ready for requests and closed by {@link #closeClients}.
 */
public final class ContractServer implements AutoCloseable {

    /** What the contract clients declare. */
    public static final String CAPABILITIES = "{}";
    private static final int PIPE_BYTES = 1 << 20;

    private final TestServer server;
    private final List<McpTestClient> clients = new ArrayList<>();
    private final List<StdioTransport> stdio = new ArrayList<>();

    private ContractServer() throws InterruptedException {
        this.server = TestServer.start(new TestCatalog().register(TestServer.builder())
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .settings(TestCatalog.settings().build()));
    }

    /** Starts a server on TCP and HTTP. */
    public static ContractServer start() throws InterruptedException {
        return new ContractServer();
    }

    /** A new initialized NDJSON session over TCP. */
    public McpTestClient tcp() {
        try {
            NdjsonClient client = NdjsonClient.connect(server.address());
            client.initialize(CAPABILITIES);
            return keep(client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new initialized Streamable HTTP session of the 2025-11-25 revision. */
    public McpTestClient httpSession() {
        return keep(HttpTestClient.session(server.httpUri(), CAPABILITIES));
    }

    /** A new client of the stateless 2026-07-28 revision over Streamable HTTP. */
    public McpTestClient httpStateless() {
        return keep(HttpTestClient.stateless(server.httpUri(), CAPABILITIES));
    }

    /** A new initialized NDJSON session over stdio (piped streams into a {@link StdioTransport}). */
    public McpTestClient stdio() {
        try {
            PipedInputStream serverIn = new PipedInputStream(PIPE_BYTES);
            PipedOutputStream toServer = new PipedOutputStream(serverIn);
            PipedInputStream fromServer = new PipedInputStream(PIPE_BYTES);
            PipedOutputStream serverOut = new PipedOutputStream(fromServer);
            StdioTransport transport = StdioTransport.start(ServerInternals.engine(server.server()), serverIn, serverOut, 1 << 20);
            synchronized (stdio) {
                stdio.add(transport);
            }
            // Closing the client ends the server's stdin: the session answers what it accepted and
            // ends; then its stdout closes, as a process's does when it exits, which ends the client's reader.
            NdjsonClient client = NdjsonClient.over(fromServer, toServer, () -> {
                toServer.close();
                if (!transport.awaitEnd(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("a stdio session did not end when its input did");
                }
                serverOut.close();
            });
            client.initialize(CAPABILITIES);
            return keep(client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private McpTestClient keep(McpTestClient client) {
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Closes every client handed out, and the stdio sessions once their input has ended. */
    public void closeClients() throws InterruptedException {
        synchronized (clients) {
            clients.forEach(McpTestClient::close);
            clients.clear();
        }
        synchronized (stdio) {
            for (StdioTransport transport : stdio) {
                if (!transport.awaitEnd(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("a stdio session did not end when its input did");
                }
                transport.close();
            }
            stdio.clear();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
