package dev.tachyon.server.cli;

import dev.tachyon.server.connection.TlsReload;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads the TLS certificate files at once ({@code kill -HUP}, {@code systemctl reload}),
 * the way nginx and HAProxy do, besides the periodic check of their modification times.
 *
 * <p>Only the {@code tachyon} command installs it: a library embedded in someone else's
 * application must not take a process-wide signal. It is installed with or without TLS, so that
 * {@code systemctl reload} never stops a server (the JVM's own meaning of SIGHUP is an orderly
 * shutdown); without TLS it only logs that there is nothing to reload.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is reached by reflection: it is
 * not standard API, a JVM may lack it or refuse the signal (Windows has no HUP; {@code -Xrs}
 * leaves signals to the OS), and then the command runs on without it, saying so once. A SIGHUP
 * that was ignored when the JVM started ({@code nohup}) stays ignored: the JVM keeps it so.
 */
final class HangupReload {

    private static final Logger LOG = LoggerFactory.getLogger(HangupReload.class);

    private HangupReload() {
    }

    /**
     * Makes SIGHUP run {@code reload}, which must return at once (it runs on the JVM's signal
     * thread; {@link dev.tachyon.server.TachyonServer#reloadTls()} hands the work to its reload
     * thread); {@code tls} says whether there is anything to reload, for the log line.
     *
     * @return whether SIGHUP is now handled; false (logged) where this JVM cannot
     */
    static boolean install(Runnable reload, boolean tls) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object hangup = signalType.getConstructor(String.class).newInstance("HUP");
            InvocationHandler onSignal = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle":
                        if (tls) {
                            LOG.info("SIGHUP: reloading the TLS certificate files");
                            reload.run();
                        } else {
                            LOG.info("SIGHUP: no TLS configured, nothing to reload");
                        }
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        return "SIGHUP: reload TLS";
                }
            };
            Object handler = Proxy.newProxyInstance(HangupReload.class.getClassLoader(), new Class<?>[] {handlerType},
                    onSignal);
            Object before = signalType.getMethod("handle", signalType, handlerType).invoke(null, hangup, handler);
            if (before == handlerType.getField("SIG_IGN").get(null)) {
                // Ignored when the JVM started (nohup): the JVM then keeps it ignored, and so do we.
                unavailable("SIGHUP is ignored by this process, e.g. started under nohup");
                return false;
            }
            return true;
        } catch (InvocationTargetException e) {
            // e.g. IllegalArgumentException: "Signal already used by VM or OS: SIGHUP" under -Xrs
            unavailable(String.valueOf(e.getCause() != null ? e.getCause() : e));
            return false;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable(e.toString());
            return false;
        }
    }

    private static void unavailable(String why) {
        LOG.info("SIGHUP cannot be handled here ({}); TLS certificate files are still reloaded within "
                + "{} s of a change", why, TlsReload.PERIOD.toSeconds());
    }
}
