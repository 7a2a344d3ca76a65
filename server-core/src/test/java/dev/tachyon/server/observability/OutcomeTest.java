package dev.tachyon.server.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void everyCodeMapsToABoundedLabel() {
        assertEquals(Outcome.OK, Outcome.of(0, false));
        assertEquals(Outcome.CANCELLED, Outcome.of(0, true));
        assertEquals(Outcome.CANCELLED, Outcome.of(-32603, true));
        assertEquals(Outcome.PARSE_ERROR, Outcome.of(-32700, false));
        assertEquals(Outcome.OVERLOADED, Outcome.of(-32001, false));
        assertEquals(Outcome.ERROR, Outcome.of(12345, false));
        assertEquals(Outcome.ERROR, Outcome.of(-1, false));
        assertFalse(Outcome.OK.isError());
        assertFalse(Outcome.CANCELLED.isError());
        assertTrue(Outcome.ERROR.isError());
    }

    @Test
    void labelsAreDistinctPrometheusLabelValues() {
        Set<String> labels = Arrays.stream(Outcome.values()).map(Outcome::label).collect(Collectors.toSet());
        assertEquals(Outcome.values().length, labels.size());
        assertTrue(labels.stream().allMatch(l -> l.matches("[a-z_]+")), labels::toString);
    }
}
