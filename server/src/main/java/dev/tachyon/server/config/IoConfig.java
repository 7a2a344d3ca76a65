package dev.tachyon.server.config;

/**
 * {@code tachyon.io}: the Netty event loops.
 *
 * @param eventLoopThreads the configured number of event loops, {@code >= 0}; 0 means one per
 *                         available core, see {@link #effectiveEventLoopThreads()}
 * @param nativeTransport  whether to use epoll where the platform has it
 */
public record IoConfig(int eventLoopThreads, boolean nativeTransport) {

    /**
     * The number of event loops to start: the configured number, or, for 0, the cores
     * available to this JVM now (which honours container CPU limits).
     */
    public int effectiveEventLoopThreads() {
        return eventLoopThreadsFor(eventLoopThreads, Runtime.getRuntime().availableProcessors());
    }

    static int eventLoopThreadsFor(int configured, int availableProcessors) {
        return configured > 0 ? configured : availableProcessors;
    }
}
