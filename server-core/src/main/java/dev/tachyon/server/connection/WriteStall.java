package dev.tachyon.server.connection;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The write-stall timeout of one connection ({@code limits.write-stall-timeout}, every
 * transport): when the channel stays unwritable (answers above the high-water mark that the
 * client is not reading) for the timeout, {@code onStall} runs, and closes the connection.
 *
 * <p>One timer per stall, armed when the channel turns unwritable and cancelled when it drains.
 * Netty's {@code WriteTimeoutHandler} would time every write instead (a promise and a scheduled
 * task per write, where ours are void). Not thread-safe: used on the connection's event loop.
 */
final class WriteStall {

    private final long nanos;
    private final Runnable onStall;
    private ScheduledFuture<?> check;

    /**
     * @param nanos the timeout; 0 for none
     * @param onStall runs on the event loop when the channel is still open and unwritable at the timeout
     */
    WriteStall(long nanos, Runnable onStall) {
        this.nanos = nanos;
        this.onStall = onStall;
    }

    /** Call from {@code channelWritabilityChanged}: arms the timer on a stall, disarms it on a drain. */
    void writabilityChanged(Channel channel) {
        boolean writable = channel.isWritable();
        if (!writable && nanos > 0 && check == null) {
            check = channel.eventLoop().schedule(() -> fire(channel), nanos, TimeUnit.NANOSECONDS);
        } else if (writable) {
            cancel();
        }
    }

    /** Disarms the timer (the connection closed, or drained). */
    void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** The timeout in milliseconds, for log lines. */
    long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private void fire(Channel channel) {
        check = null;
        if (channel.isActive() && !channel.isWritable()) {
            onStall.run();
        }
    }
}
