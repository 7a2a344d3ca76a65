package dev.tachyon.server.connection;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The address of the client behind a connection: the one a PROXY protocol header named (the
 * listener's {@code proxy-protocol} key), else the socket's peer. Everything that names or
 * counts a client (the per-address connection and session caps, logs) asks here rather than
 * {@link Channel#remoteAddress()}, which behind a balancer is the balancer.
 */
public final class ClientAddress {

    private static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf(ClientAddress.class, "proxied");

    private ClientAddress() {
    }

    /** The client's address and port, or null when the channel has no internet address (e.g. an embedded one). */
    public static InetSocketAddress of(Channel channel) {
        // hasAttr first: attr() would add an empty attribute to every connection it asks about.
        InetSocketAddress proxied = channel.hasAttr(PROXIED) ? channel.attr(PROXIED).get() : null;
        if (proxied != null) {
            return proxied;
        }
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
    }

    /** The client's address alone, or null as for {@link #of}. */
    public static InetAddress addressOf(Channel channel) {
        InetSocketAddress address = of(channel);
        return address == null ? null : address.getAddress();
    }

    /** Records the address a PROXY protocol header named; set once, before the transport sees the connection. */
    static void proxied(Channel channel, InetSocketAddress address) {
        channel.attr(PROXIED).set(address);
    }
}
