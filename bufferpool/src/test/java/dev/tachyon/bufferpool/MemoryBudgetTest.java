package dev.tachyon.bufferpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void reservesUpToTheLimitAndRefusesBeyondIt() {
        MemoryBudget budget = new MemoryBudget(100);
        assertTrue(budget.tryReserve(60));
        assertTrue(budget.tryReserve(40));
        assertFalse(budget.tryReserve(1));
        assertEquals(100, budget.used());
        budget.release(30);
        assertTrue(budget.tryReserve(30));
        assertFalse(budget.tryReserve(1));
    }

    @Test
    void aRefusedReservationTakesNothing() {
        MemoryBudget budget = new MemoryBudget(10);
        assertFalse(budget.tryReserve(11));
        assertEquals(0, budget.used());
    }

    @Test
    void releasingMoreThanReservedIsABug() {
        MemoryBudget budget = new MemoryBudget(10);
        budget.tryReserve(5);
        assertThrows(IllegalStateException.class, () -> budget.release(6));
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(0));
    }

    @Test
    void chargedBytesMayPassTheLimitAndBlockReservationsUntilReleased() {
        MemoryBudget budget = new MemoryBudget(10);
        budget.charge(15);
        assertEquals(15, budget.used());
        assertFalse(budget.fits(0));
        assertFalse(budget.tryReserve(1));
        budget.release(10);
        assertTrue(budget.fits(5));
        assertFalse(budget.fits(6));
        assertTrue(budget.tryReserve(5));
        assertThrows(IllegalArgumentException.class, () -> budget.charge(-1));
    }
}
