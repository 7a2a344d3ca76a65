package dev.tachyon.server.connection;

import static dev.tachyon.server.connection.TlsTest.INITIALIZE;
import static dev.tachyon.server.connection.TlsTest.PING;
import static dev.tachyon.server.connection.TlsTest.lines;
import static dev.tachyon.server.connection.TlsTest.send;
import static dev.tachyon.server.connection.TlsTest.tlsSocket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ServerInternals;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.TestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS with {@code client-auth = require} on TCP: a client with a certificate the client
 * CA signed is served (JDK client and openssl s_client), one without a certificate or with one
 * another CA signed is refused at the handshake, counted as {@code tls-handshake}; the client
 * certificate's subject is kept on the channel ({@link TlsHandshake#CLIENT_SUBJECT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one server per class, started with provider()
class MutualTlsTest {

    private Path dir;
    private TestPki serverPki;
    private TestPki clientPki;
    private TestPki.Leaf client;
    private Path clientCert;
    private Path clientKey;
    private Path serverCa;
    private TlsSettings settings;
    private TachyonServer server;

    /** The TLS implementation this class's servers run; {@link MutualTlsOpenSslTest} runs the same tests on OpenSSL. */
    TlsSettings.Provider provider() {
        return TlsSettings.Provider.JDK;
    }

    @BeforeAll
    void start(@TempDir Path temporary) throws Exception {
        dir = temporary;
        serverPki = TestPki.ca("server");
        clientPki = TestPki.ca("clients");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        serverPki.leaf("server", true).write(chain, key, 0);
        serverCa = serverPki.writeCa(dir.resolve("server-ca.pem"));
        Path clientCa = clientPki.writeCa(dir.resolve("client-ca.pem"));
        client = clientPki.leaf("agent-7", false);
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client-key.pem");
        client.write(clientCert, clientKey, 0);
        settings = TlsSettings.of(chain, key).withProvider(provider())
                .withClientAuth(TlsSettings.ClientAuth.REQUIRE, clientCa);
        server = TachyonServer.builder().tcp("127.0.0.1", 0).tls(settings).build().start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aClientWithACertificateOfTheClientCaIsServed() throws Exception {
        try (SSLSocket socket = tlsSocket(server.tcpAddress(), client.clientContext(serverPki.caCertificate()))) {
            BufferedReader in = lines(socket);
            send(socket, INITIALIZE + "\n" + PING + "\n");
            assertTrue(in.readLine().contains("\"id\":1"));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", in.readLine());
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        long before = closes();
        try (SSLSocket socket = tlsSocket(server.tcpAddress(), TestPki.clientContextTrusting(serverPki.caCertificate()))) {
            // TLS 1.3: the client's side of the handshake ends before the server checks its
            // certificate; the refusal arrives as an alert on the first read.
            assertThrows(IOException.class, () -> {
                send(socket, PING + "\n");
                if (lines(socket).readLine() == null) {
                    throw new IOException("closed");
                }
            });
        }
        TlsTest.awaitCount(this::closes, before + 1);
    }

    @Test
    void aClientWithACertificateOfAnotherCaIsRefused() throws Exception {
        long before = closes();
        TestPki.Leaf stranger = TestPki.ca("stranger").leaf("mallory", false);
        try (SSLSocket socket = tlsSocket(server.tcpAddress(), stranger.clientContext(serverPki.caCertificate()))) {
            assertThrows(IOException.class, () -> {
                send(socket, PING + "\n");
                if (lines(socket).readLine() == null) {
                    throw new IOException("closed");
                }
            });
        }
        TlsTest.awaitCount(this::closes, before + 1);
    }

    @Test
    void opensslWithTheClientCertificateIsServed() throws Exception {
        TlsTest.Run openssl = TlsTest.Run.until(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + server.tcpAddress().getPort(), "-CAfile", serverCa.toString(), "-verify_return_error",
                "-cert", clientCert.toString(), "-key", clientKey.toString(), "-quiet"),
                INITIALIZE + "\n" + PING + "\n", "\"id\":2,");
        assertTrue(openssl.out.contains("\"id\":2,\"result\":{}"), openssl.out + openssl.err);
    }

    @Test
    void opensslWithoutACertificateIsRefused() throws Exception {
        long before = closes();
        TlsTest.Run openssl = TlsTest.Run.until(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + server.tcpAddress().getPort(), "-CAfile", serverCa.toString(), "-verify_return_error",
                "-quiet"), INITIALIZE + "\n" + PING + "\n", "\"id\":2,");
        assertFalse(openssl.out.contains("jsonrpc"), openssl.out);
        assertTrue(openssl.err.contains("alert"), "openssl reports the server's alert: " + openssl.err);
        TlsTest.awaitCount(this::closes, before + 1);
    }

    @Test
    void theClientCertificatesSubjectIsKeptOnTheChannel() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ServerTls tls = ServerTls.of(settings, "test", List.of(), new ConnectionCloses());
            ConnectionPipeline pipeline = ConnectionPipeline.gateOnly(
                    new ConnectionLimit(10, dev.tachyon.server.memory.MemoryPressure.none()),
                    (alloc, reason, limit) -> alloc.buffer(), tls);
            Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            pipeline.install(ch, (p, max) -> {
                                p.addLast("subject", new SubjectEcho());
                                return ConnectionWork.NONE;
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            try (SSLSocket socket = tlsSocket((InetSocketAddress) listener.localAddress(),
                    client.clientContext(serverPki.caCertificate()))) {
                send(socket, "who\n");
                assertEquals(new X500Principal("CN=agent-7").getName(), lines(socket).readLine());
            } finally {
                listener.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    /** Answers any input with the subject the handshake kept. */
    private static final class SubjectEcho extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            X500Principal subject = ctx.channel().attr(TlsHandshake.CLIENT_SUBJECT).get();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
                    ((subject == null ? "none" : subject.getName()) + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    private long closes() {
        return ServerInternals.connectionBudgets(server).closes().count(ConnectionCloses.Reason.TLS_HANDSHAKE);
    }
}
