package dev.tachyon.server.connection;

import dev.tachyon.api.Principal;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Right after the {@link SslHandler}: watches the handshake. Done, it keeps the client
 * certificate's subject on the channel ({@link #CLIENT_SUBJECT}); failed (not TLS, timed out,
 * no or a wrong client certificate), it closes the connection, counts it
 * ({@link ConnectionCloses.Reason#TLS_HANDSHAKE}) and reports it without a stack trace
 * ({@link HandshakeFailures}). Errors of a failed handshake go no further down the pipeline.
 * One per connection.
 */
public final class TlsHandshake extends ChannelInboundHandlerAdapter {

    /**
     * The subject of the certificate the client presented (mutual TLS), set when the handshake
     * is done; absent on a plaintext connection or when the client presented none.
     */
    public static final AttributeKey<X500Principal> CLIENT_SUBJECT = AttributeKey.valueOf(TlsHandshake.class,
            "client-subject");

    /**
     * Who the connection authenticated: {@link Principal#ofCertificate} with the subject's
     * RFC 2253 name once mutual TLS verified a client certificate, else
     * {@link Principal#anonymous()} (plaintext, no certificate presented, or the handshake not
     * done yet: call it when the first message arrives or after the handshake's completion event).
     */
    public static Principal principal(Channel channel) {
        // hasAttr first: attr() would add an empty attribute to every plaintext connection it asks about.
        X500Principal subject = channel.hasAttr(CLIENT_SUBJECT) ? channel.attr(CLIENT_SUBJECT).get() : null;
        return subject == null ? Principal.anonymous() : Principal.ofCertificate(subject.getName(X500Principal.RFC2253));
    }

    private final ConnectionCloses closes;
    private final HandshakeFailures failures;
    private boolean settled;

    TlsHandshake(ConnectionCloses closes, HandshakeFailures failures) {
        this.closes = closes;
        this.failures = failures;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent done = (SslHandshakeCompletionEvent) event;
            if (done.isSuccess()) {
                settled = true;
                keepClientSubject(ctx);
            } else {
                fail(ctx, done.cause());
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!settled) {
            // The handshake failed (or is failing): the completion event reports it once; the
            // decoder's exception is the same failure and must not reach the transport's handler.
            fail(ctx, cause.getCause() != null ? cause.getCause() : cause);
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (settled) {
            return;
        }
        settled = true;
        if (closes != null) {
            closes.closed(ConnectionCloses.Reason.TLS_HANDSHAKE);
        }
        failures.failed(ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private static void keepClientSubject(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                ctx.channel().attr(CLIENT_SUBJECT).set(((X509Certificate) chain[0]).getSubjectX500Principal());
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // client-auth none or optional, and the client sent none: no subject.
        }
    }
}
