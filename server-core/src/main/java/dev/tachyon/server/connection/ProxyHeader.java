package dev.tachyon.server.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PROXY protocol stage of a listener behind a balancer ({@code tcp.proxy-protocol},
 * {@code http.proxy-protocol}): sits behind Netty's {@code HAProxyMessageDecoder} (v1 and v2),
 * takes the header it decodes, and only then lets the stages behind it see the connection.
 *
 * <ul>
 *   <li>A header naming a TCP client over IPv4/IPv6 makes that client the connection's
 *       {@link ClientAddress}; {@code PROXY UNKNOWN} and v2 {@code LOCAL} (the balancer's own
 *       health checks) keep the socket's address.</li>
 *   <li>The gate's per-address cap is then decided for that address ({@link ConnectionGate#admitAddress}):
 *       a refused client reads its transport's refusal, as at accept.</li>
 *   <li>No header, a malformed one, or none within {@code limits.proxy-header-timeout}: the
 *       connection is closed without an answer and counted ({@code proxy-protocol},
 *       {@code proxy-header-timeout}).</li>
 * </ul>
 *
 * Until the header is in, {@code channelActive} is held back, so the idle timeout, the
 * transport's own deadlines and its handler start with the real client known; once it is in,
 * this stage leaves the pipeline (the decoder leaves by itself). Confined to the connection's event loop.
 */
final class ProxyHeader extends ConnectionDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeader.class);

    private final ConnectionGate gate;
    private final long timeoutNanos;
    /** The header was taken or the connection closed for it: nothing more is decided here. */
    private boolean decided;
    /** The header's client was over its per-address cap: the connection lingers closed. */
    private boolean refused;

    /** @param timeoutNanos how long after the accept the header may take; positive */
    ProxyHeader(ConnectionGate gate, long timeoutNanos, ConnectionCloses closes) {
        super(closes);
        this.gate = gate;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        arm(timeoutNanos); // held back from the stages behind until the header is in
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (decided || !(msg instanceof HAProxyMessage)) {
            ReferenceCountUtil.release(msg); // a refused client's bytes are dropped unread
            return;
        }
        decided = true;
        disarm();
        InetSocketAddress client;
        try {
            client = clientOf((HAProxyMessage) msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (client != null) {
            ClientAddress.proxied(context.channel(), client);
        }
        if (!gate.admitAddress(context, ClientAddress.addressOf(context.channel()))) {
            refused = true;
            return;
        }
        context.fireChannelActive();
        context.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (decided) {
            return; // the decoder's last words on a connection already closed
        }
        if (!(cause instanceof HAProxyProtocolException)) {
            context.fireExceptionCaught(cause);
            return;
        }
        // One line, no stack trace: a client or a misconfigured balancer could make many.
        LOG.debug("{} (client {}) sent no valid PROXY protocol header: {}", context.channel(),
                ClientAddress.of(context.channel()), cause.getMessage());
        decided = true;
        close(ConnectionCloses.Reason.PROXY_PROTOCOL);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (refused) {
            Linger.onEvent(context, event);
            ReferenceCountUtil.release(event);
        } else if (!decided && event instanceof ChannelInputShutdownEvent) {
            decided = true; // the client ended its side before its header
            close(ConnectionCloses.Reason.PROXY_PROTOCOL);
        } else {
            super.userEventTriggered(context, event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        // Still here: the stages behind never saw the connection active, so they do not see it end.
        disarm();
    }

    @Override
    protected void expired() {
        decided = true;
        close(ConnectionCloses.Reason.PROXY_HEADER_TIMEOUT);
    }

    /**
     * The client a header names, or null to keep the socket's address: {@code LOCAL} (the
     * balancer's own connection), {@code UNKNOWN} and non-internet families.
     */
    static InetSocketAddress clientOf(HAProxyMessage header) {
        if (header.command() != HAProxyCommand.PROXY) {
            return null;
        }
        HAProxyProxiedProtocol.AddressFamily family = header.proxiedProtocol().addressFamily();
        if (family != HAProxyProxiedProtocol.AddressFamily.AF_IPv4
                && family != HAProxyProxiedProtocol.AddressFamily.AF_IPv6) {
            return null;
        }
        // A literal (the decoder checked it): no name lookup.
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
        return address == null ? null : new InetSocketAddress(address, header.sourcePort());
    }
}
