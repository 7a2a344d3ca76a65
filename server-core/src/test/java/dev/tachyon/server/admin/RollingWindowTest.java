package dev.tachyon.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void ratesOverTheOldestSampleInsideTheWindow() {
        RollingWindow window = new RollingWindow(60, TimeUnit.SECONDS);
        long t0 = 1_000 * SECOND;
        // One sample a second for 100 s: 10 messages and 1 error each second.
        for (int s = 0; s <= 100; s++) {
            window.sample(t0 + s * SECOND, s * 10L, s);
        }
        RollingWindow.Rates rates = window.rates(t0 + 100 * SECOND, 1000, 100);
        assertEquals(10.0, rates.messagesPerSecond(), 1e-9);
        assertEquals(60, rates.errors());
    }

    @Test
    void aYoungWindowUsesWhatItHas() {
        RollingWindow window = new RollingWindow(60, TimeUnit.SECONDS);
        window.sample(0, 0, 0);
        RollingWindow.Rates rates = window.rates(2 * SECOND, 30, 2);
        assertEquals(15.0, rates.messagesPerSecond(), 1e-9);
        assertEquals(2, rates.errors());
        assertEquals(new RollingWindow.Rates(0, 0), new RollingWindow(60, TimeUnit.SECONDS).rates(SECOND, 5, 5));
    }

    @Test
    void aWindowLongerThanTheRingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RollingWindow(10, TimeUnit.MINUTES));
    }
}
