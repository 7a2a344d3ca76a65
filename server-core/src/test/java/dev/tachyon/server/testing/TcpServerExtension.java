package dev.tachyon.server.testing;

import dev.tachyon.server.TachyonServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link TachyonServer} on {@code 127.0.0.1}, port 0, before a test class and closes it
 * after; clients opened through {@link #connect()} are closed after each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TcpServerExtension server = new TcpServerExtension(b -> ConformanceFixture.register(b));
 * }</pre>
 *
 * <p>Register it on a {@code static} field: JUnit runs the after-all callbacks of extensions
 * registered later first, so the server is closed, and its buffers released, before the
 * leak-detecting extension looks for leaks.
 */
public final class TcpServerExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final Consumer<TachyonServer.Builder> configuration;
    private final List<NdjsonClient> clients = new ArrayList<>();
    private TachyonServer server;

    /** @param configuration registers tools etc. and sets options; TCP and thread counts are set here */
    public TcpServerExtension(Consumer<TachyonServer.Builder> configuration) {
        this.configuration = configuration;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        TachyonServer.Builder builder = TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1).drainMillis(1_000);
        configuration.accept(builder);
        server = builder.build().start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        synchronized (clients) {
            clients.forEach(NdjsonClient::close);
            clients.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
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
