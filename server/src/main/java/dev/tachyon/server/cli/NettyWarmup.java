package dev.tachyon.server.cli;

import dev.tachyon.bufferpool.Allocators;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;

/**
 * Initializes Netty (its buffer pool, event-loop classes and native transport) ahead of use:
 * {@code serve}'s main runs it on the logging thread once logging is up, while the main thread
 * loads the configuration, which needs none of it. On a cold start each is tens of
 * milliseconds of interpreted code, and a small machine has a second core for the one while
 * the main thread does the other.
 *
 * <p>{@code serve} waits for that thread before it touches Netty itself, so Netty's classes are
 * never initialized by two threads at once (two threads initializing classes that need each
 * other, from opposite ends, would deadlock). A failure here is no failure of the start: the
 * main thread then meets it again, in its place, and reports it.
 */
final class NettyWarmup {

    private NettyWarmup() {
    }

    /**
     * Initializes what a start of {@code serve} will need of Netty; never throws.
     *
     * @param nativeTransport whether the server may use the native transport: false for a
     *                        stdio-only server, whose loops are in-process ones, so that the
     *                        warm-up loads neither the epoll library nor NIO's loop no one will use
     */
    static void warm(boolean nativeTransport) {
        try {
            Allocators.shared(); // Netty's platform probing, the pooled allocator and its arenas
            if (nativeTransport) {
                Epoll.isAvailable(); // loads the native transport, as EventLoops does when it is preferred
                touch(NioIoHandler.class); // a stdio-only server's loops are in-process (EventLoops.withoutSockets)
            }
            touch(MultiThreadIoEventLoopGroup.class);
            touch(LocalIoHandler.class);
        } catch (RuntimeException | LinkageError e) {
            // Only a warm-up: whoever needs these classes initializes them again and reports it.
        }
    }

    private static void touch(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            // cannot happen for a class the compiler saw: nothing to warm then
        }
    }
}
