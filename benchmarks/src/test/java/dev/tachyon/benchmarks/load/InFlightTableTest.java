package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InFlightTableTest {

    @Test
    void answersRemoveTheirRequestOnceInAnyOrder() {
        InFlightTable table = new InFlightTable(16);
        for (long id = 1; id <= 5; id++) {
            table.add(id, 100 + id);
        }
        assertEquals(103, table.remove(3));
        assertEquals(-1, table.remove(3)); // a second answer to 3
        assertEquals(101, table.remove(1));
        assertEquals(2, table.oldestPending());
        assertEquals(3, table.size());
        assertArrayEquals(new long[] {2, 4, 5}, table.pendingIds(10));
    }

    @Test
    void tellsAnswerToAnUnsentIdFromASecondAnswer() {
        InFlightTable table = new InFlightTable(16);
        table.add(1, 0);
        table.add(2, 0);
        table.remove(1);
        assertTrue(table.wasSent(1, 1));
        assertFalse(table.wasSent(3, 1));
        assertFalse(table.wasSent(0, 1));
        assertEquals(-1, table.remove(3));
    }

    @Test
    void growsWhenTheWindowOfPendingIdsOutgrowsIt() {
        InFlightTable table = new InFlightTable(16);
        table.add(1, 7); // stays pending while thousands of later ids come and go
        for (long id = 2; id <= 5_000; id++) {
            table.add(id, id);
            if (id % 3 != 0) {
                assertEquals(id, table.remove(id));
            }
        }
        assertEquals(1 + 5_000 / 3, table.size());
        assertEquals(7, table.remove(1));
        assertEquals(3, table.oldestPending());
        assertEquals(4_998, table.remove(4_998));
    }

    @Test
    void inOrderAnswersAdvanceTheOldest() {
        InFlightTable table = new InFlightTable(16);
        for (long id = 1; id <= 100; id++) {
            table.add(id, id);
        }
        for (long id = 1; id <= 100; id++) {
            assertEquals(id, table.oldestPending());
            assertEquals(id, table.remove(table.oldestPending()));
        }
        assertEquals(-1, table.oldestPending());
    }
}
