package dev.tachyon.server.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the listeners' certificate files: every {@link #PERIOD} it asks each {@link ServerTls}
 * to read its files again if they changed. Runs on its own daemon thread because reading files
 * blocks, which an event loop must never do. Stopped by {@link #close()}.
 */
public final class TlsReload implements AutoCloseable {

    /** How often the files' modification times are compared: a renewed certificate is in use within this. */
    public static final Duration PERIOD = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer;

    private TlsReload(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts watching the files of {@code listeners} (none: nothing is started). */
    public static TlsReload watch(List<ServerTls> listeners) {
        if (listeners.isEmpty()) {
            return new TlsReload(null);
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
        return new TlsReload(timer);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
