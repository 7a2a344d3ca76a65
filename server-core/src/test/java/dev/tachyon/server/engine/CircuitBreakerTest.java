package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        CircuitBreaker breaker = new CircuitBreaker(3, 30 * SECOND, 2);
        breaker.onFailure(0);
        breaker.onFailure(0);
        breaker.onSuccess(); // a success in between resets the count
        breaker.onFailure(0);
        breaker.onFailure(0);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        breaker.onFailure(5 * SECOND);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(6 * SECOND));
        assertEquals(29_000, breaker.retryAfterMillis(6 * SECOND));
    }

    @Test
    void halfOpenLetsTheProbesThroughAndClosesWhenTheyAllSucceed() {
        CircuitBreaker breaker = new CircuitBreaker(1, 10 * SECOND, 2);
        breaker.onFailure(0);
        assertFalse(breaker.tryAcquire(9 * SECOND));
        assertTrue(breaker.tryAcquire(10 * SECOND), "first probe");
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire(10 * SECOND), "second probe");
        assertFalse(breaker.tryAcquire(10 * SECOND), "no third while probing");
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire(11 * SECOND));
    }

    @Test
    void aFailedProbeReopensForAnotherFullPeriod() {
        CircuitBreaker breaker = new CircuitBreaker(1, 10 * SECOND, 3);
        breaker.onFailure(0);
        assertTrue(breaker.tryAcquire(10 * SECOND));
        breaker.onFailure(12 * SECOND);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(21 * SECOND));
        assertTrue(breaker.tryAcquire(22 * SECOND));
    }

    @Test
    void aProbeWithoutAVerdictIsGivenBack() {
        CircuitBreaker breaker = new CircuitBreaker(1, 10 * SECOND, 1);
        breaker.onFailure(0);
        assertTrue(breaker.tryAcquire(10 * SECOND), "the probe");
        assertFalse(breaker.tryAcquire(10 * SECOND), "one probe at a time");
        breaker.release(); // its arguments were wrong: nothing learned about the tool
        assertTrue(breaker.tryAcquire(10 * SECOND), "the probe is free again");
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void probesThatNeverReportDoNotShutTheToolOutForGood() {
        CircuitBreaker breaker = new CircuitBreaker(1, 10 * SECOND, 2);
        breaker.onFailure(0);
        assertTrue(breaker.tryAcquire(10 * SECOND));
        assertTrue(breaker.tryAcquire(10 * SECOND));
        assertFalse(breaker.tryAcquire(19 * SECOND), "both probes out, within the window");
        assertTrue(breaker.tryAcquire(20 * SECOND), "a new window once the open time has passed again");
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    }

    @Test
    void releaseOfAClosedBreakerChangesNothing() {
        CircuitBreaker breaker = new CircuitBreaker(2, 10 * SECOND, 1);
        breaker.onFailure(0);
        breaker.release();
        breaker.onFailure(0);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "release neither resets nor adds to the count");
    }
}
