package dev.tachyon.server.testing;

import dev.tachyon.server.TachyonServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test server fixture: a {@link TachyonServer} on {@code 127.0.0.1}, free ports, one event
 * loop and a short drain, configured by the test (tools, limits, an HTTP transport...).
 *
 * <p>As a JUnit extension it starts before the test class and closes after it; clients opened
 * through {@link #connect()} are closed after each test:
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = new TestServer(b -> ConformanceFixture.register(b));
 * }</pre>
 * Register it on a {@code static} field: JUnit runs the after-all callbacks of extensions
 * registered later first, so the server is closed, and its buffers released, before the
 * leak-detecting extension looks for leaks. Tests that start servers themselves use
 * {@link #start} (and close it) or {@link #builder()}.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, AutoCloseable {

    private final Consumer<TachyonServer.Builder> configuration;
    private final TachyonServer.Builder base;
    private final List<NdjsonClient> clients = new ArrayList<>();
    private TachyonServer server;

    /** @param configuration registers tools etc. and sets options on {@link #builder()} */
    public TestServer(Consumer<TachyonServer.Builder> configuration) {
        this(builder(), configuration);
    }

    private TestServer(TachyonServer.Builder base, Consumer<TachyonServer.Builder> configuration) {
        this.base = base;
        this.configuration = configuration;
    }

    /** A started server: {@link #builder()} configured by {@code configuration}. */
    public static TestServer start(Consumer<TachyonServer.Builder> configuration) throws InterruptedException {
        TestServer server = new TestServer(configuration);
        server.startServer();
        return server;
    }

    /** The extension for a server built from {@code builder} as it is (for servers without TCP, e.g. HTTP only). */
    public static TestServer of(TachyonServer.Builder builder) {
        return new TestServer(builder, b -> { });
    }

    /** A started server built from {@code builder} as it is. */
    public static TestServer start(TachyonServer.Builder builder) throws InterruptedException {
        TestServer server = of(builder);
        server.startServer();
        return server;
    }

    /** What every test server starts from: TCP on {@code 127.0.0.1}, a free port, one event loop, a 1 s drain. */
    public static TachyonServer.Builder builder() {
        return TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1).drainMillis(1_000);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        startServer();
    }

    private void startServer() throws InterruptedException {
        configuration.accept(base);
        server = base.build().start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeClients();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Closes the clients and the server. */
    @Override
    public void close() {
        closeClients();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private void closeClients() {
        synchronized (clients) {
            clients.forEach(NdjsonClient::close);
            clients.clear();
        }
    }

    /** The running server. */
    public TachyonServer server() {
        return server;
    }

    /** The server's TCP address. */
    public InetSocketAddress address() {
        return server.tcpAddress();
    }

    /** The server's HTTP address (when the configuration added the HTTP transport). */
    public InetSocketAddress httpAddress() {
        return server.httpAddress();
    }

    /** The MCP endpoint of the HTTP transport. */
    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + httpAddress().getPort() + "/mcp");
    }

    /** A client of the HTTP endpoint. */
    public McpHttpClient httpClient() {
        return new McpHttpClient(httpUri());
    }

    /** A new connection, closed after the test. */
    public NdjsonClient connect() {
        try {
            NdjsonClient client = NdjsonClient.connect(address());
            synchronized (clients) {
                clients.add(client);
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("could not connect to " + address(), e);
        }
    }

    /** A new connection, initialized with these client capabilities (JSON text), closed after the test. */
    public NdjsonClient initialized(String capabilitiesJson) {
        NdjsonClient client = connect();
        client.initialize(capabilitiesJson);
        return client;
    }
}
