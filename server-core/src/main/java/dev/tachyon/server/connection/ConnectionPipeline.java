package dev.tachyon.server.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.util.List;

/**
 * The one connection pipeline every network listener installs (TCP, Streamable HTTP, and the
 * admin endpoint's gate), so that each limit means the same on every transport:
 *
 * <pre>
 *   socket -> gate          limits.max-connections, max-connections-per-address, memory: the transport's refusal
 *          -> proxy-signature, proxy-header, proxy   tcp/http.proxy-protocol only: the PROXY v1/v2 header names the client
 *                          (limits.proxy-header-timeout); the per-address cap is decided then
 *          -> tls           tachyon.tls (when on for the listener): handshake within tls.handshake-timeout,
 *                           client certificate; a failed handshake is closed and counted ({@link TlsHandshake})
 *          -> connection    one handler for three jobs ({@link ConnectionHandler}):
 *                             idle timeout   limits.idle-timeout: no traffic either way and no work under way
 *                             write stall    limits.write-stall-timeout: the client does not read its answers
 *                             flush batching one flush per read batch, one per event-loop turn otherwise
 *          -> the transport's codec (frame/body limit: limits.max-frame-bytes) and handler
 *             (memory budget: limits.max-connection-memory, the server's one {@link ConnectionBudgets})
 * </pre>
 *
 * The frame/body limit and the memory budget are enforced by the transport's codec and handler,
 * the only ones that know where a message ends and what it holds: the pipeline hands the codec
 * the one frame/body limit ({@link TransportStage#addTo}), and every transport charges the
 * same {@link ConnectionBudgets} (the one this pipeline counts its closes in).
 *
 * <p><b>TLS and PROXY protocol</b> (issue 12) belong between {@link #GATE} and {@link #CONNECTION}:
 * after the gate, so that a refused connection costs no handshake and the per-address cap
 * counts the real client once PROXY protocol names it; before the timeouts, so that they see
 * the decrypted traffic. The PROXY stages ({@link #PROXY_DECODER}, {@link #PROXY}) come first
 * of them, since a balancer's header precedes the client's bytes, TLS included; a TLS stage
 * goes after {@link #PROXY}. {@link #STAGES} is that order.
 *
 * <p>One instance per listener, shared by its connections; thread-safe (it holds only the
 * sharable gate and settings).
 */
public final class ConnectionPipeline {

    /** The connection gate: global and per-address caps, memory ({@link ConnectionLimit}). */
    public static final String GATE = "gate";
    /** Netty's PROXY protocol v1/v2 decoder; only on a listener with {@code proxy-protocol}, gone once the header is read. */
    public static final String PROXY_DECODER = "proxy-header";
    /** Refuses at its first byte a connection that cannot begin a PROXY header ({@link ProxySignature}). */
    public static final String PROXY_SIGNATURE = "proxy-signature";
    /** The PROXY protocol stage ({@link ProxyHeader}): the client's address, its per-address cap, the header's deadline. */
    public static final String PROXY = "proxy";
    /** Refuses at its first byte a client that does not begin with a TLS handshake record ({@link TlsRecordProbe}). */
    public static final String TLS_PROBE = "tls-probe";
    /** TLS ({@code tachyon.tls}): Netty's {@code SslHandler}; left out on a plaintext listener. */
    public static final String TLS = "tls";
    /** The TLS handshake's outcome ({@link TlsHandshake}): just after {@link #TLS}, with it. */
    public static final String TLS_WATCH = "tls-handshake";
    /**
     * The connection's own handler ({@link ConnectionHandler}): the idle timeout
     * ({@code limits.idle-timeout}), the write-stall timeout ({@code limits.write-stall-timeout})
     * and flush batching, in one pipeline context (as three handlers with contexts of their own
     * they cost about 370 B more per session). Not on a gate-only pipeline.
     */
    public static final String CONNECTION = "connection";
    /** The shared stages in pipeline order (a stage whose limit is off is left out). */
    public static final List<String> STAGES = List.of(GATE, PROXY_SIGNATURE, PROXY_DECODER, PROXY, TLS_PROBE, TLS, TLS_WATCH, CONNECTION);

    /**
     * The most TLV bytes a v2 header may carry beyond the addresses: room for what balancers add
     * (AWS and Azure link ids, TLS details, a unique id), a bound on what a header may make us hold.
     */
    private static final int MAX_PROXY_TLV_BYTES = 2048;

    private final ConnectionGate gate;
    private final ConnectionSettings settings;
    private final ConnectionCloses closes;
    /** Null on a gate-only pipeline, which has no {@link #CONNECTION} stage. */
    private final ConnectionTimeouts timeouts;
    /** Null on a plaintext listener. */
    private final ServerTls tls;

    private ConnectionPipeline(ConnectionGate gate, ServerTls tls, ConnectionSettings settings, ConnectionCloses closes) {
        this.gate = gate;
        this.tls = tls;
        this.settings = settings;
        this.closes = closes;
        this.timeouts = settings == null ? null : ConnectionTimeouts.of(settings, closes);
    }

    /**
     * The pipeline of an MCP transport: every stage.
     *
     * @param transport the name its connections are counted under in {@link ConnectionLimit#openBy()} ({@code tcp}, {@code http})
     * @param refusal what a client refused by the gate reads, in the transport's framing
     * @param budgets where connections closed by a limit are counted
     * @param tls the listener's TLS, or null for plaintext
     */
    public static ConnectionPipeline of(String transport, ConnectionSettings settings, ConnectionLimit connections,
            Refusal refusal, ConnectionBudgets budgets, ServerTls tls) {
        return of(transport, settings, connections, refusal, budgets, tls, false);
    }

    /**
     * As {@link #of(String, ConnectionSettings, ConnectionLimit, Refusal, ConnectionBudgets, ServerTls)};
     * with {@code proxyProtocol} (the listener is behind a balancer: {@code tcp.proxy-protocol},
     * {@code http.proxy-protocol}) every connection must start with a PROXY protocol v1 or v2
     * header within {@link ConnectionSettings#proxyHeaderTimeout()}, and the client it names is
     * the one the per-address cap counts and everything after reads ({@link ClientAddress}).
     * Without it, such a header is no more than the transport's first bytes.
     */
    public static ConnectionPipeline of(String transport, ConnectionSettings settings, ConnectionLimit connections,
            Refusal refusal, ConnectionBudgets budgets, ServerTls tls, boolean proxyProtocol) {
        return new ConnectionPipeline(connections.gate(refusal, transport, proxyProtocol), tls, settings,
                budgets.closes());
    }

    /**
     * The pipeline of an endpoint that keeps its own timeouts (the admin endpoint: its own
     * keys, one request at a time): the gate and, when {@code tls} is not null, TLS.
     */
    public static ConnectionPipeline gateOnly(ConnectionLimit connections, Refusal refusal, ServerTls tls) {
        return new ConnectionPipeline(connections.gate(refusal, "other", false), tls, null, null);
    }

    /** The frame/body limit the transport's codec enforces; 0 for a gate-only pipeline. */
    public int maxFrameBytes() {
        return settings == null ? 0 : settings.maxFrameBytes();
    }

    /** Installs the shared stages, then {@code transport}'s codec and handler, into a new connection's pipeline. */
    public void install(Channel channel, TransportStage transport) {
        ChannelPipeline pipeline = channel.pipeline();
        ConnectionWork work = transport.addTo(pipeline, maxFrameBytes());
        // The transport's handlers are in; the shared stages go in front of them, last stage first,
        // so that the idle timeout can be given the transport's work signal.
        if (timeouts != null) {
            pipeline.addFirst(CONNECTION, new ConnectionHandler(timeouts, work));
        }
        if (tls != null) {
            pipeline.addFirst(TLS_WATCH, tls.newWatcher());
            pipeline.addFirst(TLS, tls.newHandler(channel.alloc()));
            pipeline.addFirst(TLS_PROBE, new TlsRecordProbe());
        }
        if (gate.addressLater()) {
            pipeline.addFirst(PROXY, new ProxyHeader(gate, settings.proxyHeaderTimeout().toNanos(), closes));
            pipeline.addFirst(PROXY_DECODER, new HAProxyMessageDecoder(MAX_PROXY_TLV_BYTES));
            pipeline.addFirst(PROXY_SIGNATURE, new ProxySignature());
        }
        pipeline.addFirst(GATE, gate);
    }
}
