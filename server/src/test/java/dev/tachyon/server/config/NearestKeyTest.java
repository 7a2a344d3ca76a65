package dev.tachyon.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestKeyTest {

    private static final List<String> KEYS = List.of("tachyon.http.port", "tachyon.tcp.host", "tachyon.tcp.port");

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertEquals(0, NearestKey.distance("port", "port"));
        assertEquals(1, NearestKey.distance("prot", "port"));
        assertEquals(1, NearestKey.distance("por", "port"));
        assertEquals(1, NearestKey.distance("poort", "port"));
        assertEquals(1, NearestKey.distance("pert", "port"));
        assertEquals(4, NearestKey.distance("", "port"));
        assertEquals(3, NearestKey.distance("kitten", "sitting"));
    }

    @Test
    void suggestsTheNearestKeyOverTheWholePath() {
        assertEquals("tachyon.tcp.port", NearestKey.among("tachyon.tcp.prot", KEYS).orElseThrow());
        assertEquals("tachyon.http.port", NearestKey.among("tachyon.htp.port", KEYS).orElseThrow());
        assertEquals("tachyon.tcp.host", NearestKey.among("tachyon.tcp.hots", KEYS).orElseThrow());
    }

    @Test
    void tiesGoToTheFirstCandidate() {
        assertEquals("ab", NearestKey.among("aa", List.of("ab", "ba")).orElseThrow());
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertTrue(NearestKey.among("something.else.entirely", KEYS).isEmpty());
        assertTrue(NearestKey.among("x", List.of()).isEmpty());
    }
}
