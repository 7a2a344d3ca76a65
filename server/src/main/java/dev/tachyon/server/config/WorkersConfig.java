package dev.tachyon.server.config;

/**
 * {@code tachyon.workers}: the pool that runs blocking handlers off the event loops.
 *
 * @param threads       the configured number of workers, {@code >= 0}; 0 means twice the
 *                      available cores with a minimum of 4, see {@link #effectiveThreads()}
 * @param queueCapacity the bound of the worker queue, {@code >= 1}, exactly (refused from 95% of it)
 * @param maxPerSession workers one session may hold at once, {@code >= 0}; 0 means half the
 *                      workers, at least 1 (resolved by the engine)
 * @param maxQueuedPerSession calls one session may have queued, {@code >= 0}; 0 means a tenth of
 *                      the queue capacity, at least 1 (resolved by the engine)
 */
public record WorkersConfig(int threads, int queueCapacity, int maxPerSession, int maxQueuedPerSession) {

    /** With the automatic shares (half the workers, a tenth of the queue). */
    public WorkersConfig(int threads, int queueCapacity) {
        this(threads, queueCapacity, 0, 0);
    }

    /** Workers started when the configuration leaves the choice to the server. */
    static final int MIN_AUTOMATIC_THREADS = 4;

    /**
     * The number of workers to start: the configured number, or, for 0, twice the cores
     * available to this JVM now but at least {@value #MIN_AUTOMATIC_THREADS}, because blocking
     * handlers spend part of their time waiting and a small machine still needs some slack.
     */
    public int effectiveThreads() {
        return threadsFor(threads, Runtime.getRuntime().availableProcessors());
    }

    static int threadsFor(int configured, int availableProcessors) {
        return configured > 0 ? configured : Math.max(MIN_AUTOMATIC_THREADS, 2 * availableProcessors);
    }
}
