package dev.tachyon.server.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the listeners' certificate files: every {@link #PERIOD} it asks each {@link ServerTls}
 * to read its files again if they changed, and at once when {@link #reloadNow()} is called (the
 * CLI's SIGHUP). Runs on its own daemon thread because reading files blocks, which an event loop
 * must never do (nor a signal handler's thread wait on). Stopped by {@link #close()}.
 */
public final class TlsReload implements AutoCloseable {

    /** How often the files' modification times are compared: a renewed certificate is in use within this. */
    public static final Duration PERIOD = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer;
    private final List<ServerTls> watched;

    private TlsReload(ScheduledExecutorService timer, List<ServerTls> watched) {
        this.timer = timer;
        this.watched = watched;
    }

    /** Starts watching the files of {@code listeners} (none: nothing is started). */
    public static TlsReload watch(List<ServerTls> listeners) {
        if (listeners.isEmpty()) {
            return new TlsReload(null, List.of());
        }
        List<ServerTls> watched = List.copyOf(listeners);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tachyon-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = PERIOD.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            for (ServerTls tls : watched) {
                tls.reloadIfChanged(); // logs its own outcome; never throws for a bad file
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return new TlsReload(timer, watched);
    }

    /**
     * Reads every listener's files again now, changed or not, on the reload thread; returns at
     * once. Files that do not load are logged and the listener keeps its certificate. Nothing
     * happens without TLS or after {@link #close()}.
     */
    public void reloadNow() {
        if (timer == null) {
            return;
        }
        try {
            timer.execute(() -> watched.forEach(ServerTls::reload));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the server is stopping: nothing left to reload
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
