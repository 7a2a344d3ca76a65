package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The event log holds nothing until used, grows on use, and keeps within its count and byte bounds. */
class EventLogTest {

    private final List<ByteBuf> made = new ArrayList<>();

    private ByteBuf payload(int bytes) {
        ByteBuf b = Unpooled.directBuffer(bytes, bytes).writeZero(bytes);
        made.add(b);
        return b;
    }

    @Test
    void anUnusedLogHoldsNoArraysAndGrowsByDoubling() {
        EventLog log = new EventLog(1024, Long.MAX_VALUE);
        assertEquals(0, log.slots(), "nothing allocated before the first event");
        log.append(1, 1, payload(10), false);
        assertEquals(EventLog.FIRST_SLOTS, log.slots());
        for (int i = 2; i <= 100; i++) {
            log.append(1, i, payload(10), false);
        }
        assertEquals(128, log.slots());
        assertEquals(100, log.size());
        List<Long> seen = new ArrayList<>();
        log.replay(1, 95, (seq, p, last) -> seen.add(seq));
        assertEquals(List.of(96L, 97L, 98L, 99L, 100L), seen, "growth keeps the order");
        log.clear();
        assertEquals(0, log.slots(), "a cleared log lets go of its ring");
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
    }

    @Test
    void growthAfterWrappingKeepsTheOrder() {
        EventLog log = new EventLog(16, 40);
        for (int i = 1; i <= 10; i++) {
            log.append(0, i, payload(5), false); // 40 bytes hold 8: the ring of 8 wraps
        }
        assertEquals(8, log.slots());
        for (int i = 11; i <= 14; i++) {
            log.append(0, i, null, true); // end markers hold no bytes: the wrapped ring grows
        }
        assertEquals(12, log.size());
        assertEquals(16, log.slots());
        List<Long> seen = new ArrayList<>();
        log.replay(0, 0, (seq, p, last) -> seen.add(seq));
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L), seen);
        log.clear();
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
    }

    @Test
    void theByteBoundEvictsTheOldestAndIsCountedInTheTotals() {
        LongAdder total = new LongAdder();
        LongAdder evicted = new LongAdder();
        EventLog log = new EventLog(1024, 100, total, evicted);
        for (int i = 1; i <= 10; i++) {
            log.append(i % 2, i, payload(30), false);
        }
        assertEquals(3, log.size(), "100 bytes hold three events of 30");
        assertEquals(90, log.bytes());
        assertEquals(90, total.sum());
        assertEquals(7, evicted.sum());
        assertEquals(0, made.get(6).refCnt(), "evicted events are released");
        assertEquals(1, made.get(7).refCnt());
        log.clear();
        assertEquals(0, total.sum());
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
    }

    @Test
    void anEventOverTheByteBoundIsNotKeptNorAnythingOfItsStream() {
        EventLog log = new EventLog(1024, 100);
        log.append(3, 1, payload(10), false);
        log.append(4, 2, payload(10), false);
        log.append(3, 3, payload(10), false);
        log.append(3, 4, payload(101), true); // the stream's response, too big to keep
        assertFalse(log.holds(3), "a resume is told the stream is gone rather than replayed without its response");
        assertTrue(log.holds(4));
        assertEquals(1, log.size());
        assertEquals(10, log.bytes());
        assertEquals(0, made.get(3).refCnt());
        log.clear();
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
    }

    @Test
    void theCountBoundStillHolds() {
        EventLog log = new EventLog(3, Long.MAX_VALUE);
        for (int i = 1; i <= 5; i++) {
            log.append(0, i, payload(1), false);
        }
        log.append(0, 6, null, true);
        assertEquals(3, log.size());
        assertEquals(3, log.slots(), "never more slots than the count bound");
        List<Long> seen = new ArrayList<>();
        log.replay(0, 0, (seq, p, last) -> seen.add(seq));
        assertEquals(List.of(4L, 5L, 6L), seen);
        log.clear();
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
    }
}
