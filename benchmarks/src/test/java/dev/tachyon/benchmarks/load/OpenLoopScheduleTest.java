package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final long MS = 1_000_000L;

    @Test
    void intendedTimesAreStartPlusMultiplesOfTheInterval() {
        OpenLoopSchedule plan = new OpenLoopSchedule(1_000 * MS, 100, Long.MAX_VALUE); // every 10 ms
        assertEquals(1_000 * MS, plan.intendedTime(0));
        assertEquals(1_010 * MS, plan.intendedTime(1));
        assertEquals(1_000 * MS + 12_340 * MS, plan.intendedTime(1_234));
    }

    @Test
    void aFractionalIntervalDoesNotDrift() {
        OpenLoopSchedule plan = new OpenLoopSchedule(0, 3, Long.MAX_VALUE); // 333,333,333.3 ns
        assertEquals(333_333_333L, plan.intendedTime(1));
        assertEquals(1_000_000_000L, plan.intendedTime(3));
        assertEquals(1_000_000_000_000L, plan.intendedTime(3_000)); // exact after 1,000 s
    }

    @Test
    void nothingIsDueBeforeTheFirstIntendedTime() {
        OpenLoopSchedule plan = new OpenLoopSchedule(50 * MS, 1_000, Long.MAX_VALUE);
        assertEquals(-1, plan.takeDue(50 * MS - 1));
        assertEquals(0, plan.dueAt(50 * MS - 1));
        assertEquals(50 * MS, plan.takeDue(50 * MS));
        assertEquals(-1, plan.takeDue(50 * MS)); // the next is 1 ms later
    }

    @Test
    void aLateSenderMakesEveryMissedSendWithItsOwnIntendedTime() {
        OpenLoopSchedule plan = new OpenLoopSchedule(0, 1_000, Long.MAX_VALUE); // every 1 ms
        assertEquals(0, plan.takeDue(0));
        // The sender stalls for 5.5 ms: sends 1..5 are all due, none is skipped or moved.
        long now = 5 * MS + MS / 2;
        assertEquals(5, plan.dueAt(now));
        List<Long> taken = new ArrayList<>();
        for (long t = plan.takeDue(now); t >= 0; t = plan.takeDue(now)) {
            taken.add(t);
        }
        assertEquals(List.of(1 * MS, 2 * MS, 3 * MS, 4 * MS, 5 * MS), taken);
        assertEquals(6, plan.sent());
        assertEquals(6 * MS, plan.nextIntended()); // the plan resumes where it was, not from "now"
    }

    @Test
    void sendsStopAtTheEndAndTheCountMatchesTheRate() {
        OpenLoopSchedule plan = new OpenLoopSchedule(0, 1_000, 1_000 * MS); // 1,000/s for 1 s
        int sends = 0;
        // Wake at uneven moments, as an event loop does; every planned send still happens once.
        for (long now = 0; now <= 2_000 * MS; now += 7 * MS + 123) {
            while (plan.takeDue(now) >= 0) {
                sends++;
            }
        }
        assertEquals(1_000, sends);
        assertEquals(Long.MAX_VALUE, plan.nextIntended());
        assertEquals(-1, plan.takeDue(Long.MAX_VALUE - 1));
    }
}
