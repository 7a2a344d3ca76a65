package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {

    @Test
    void gzipIsAcceptedOnlyWithAWeightAboveZero() {
        for (String yes : new String[] {"gzip", "GZip", "x-gzip", "gzip;q=1", "gzip; q=0.001", "br, gzip",
            "*", "*;q=0.5", "br;q=0, *", "gzip;q=nonsense", " gzip ", "deflate,gzip;level=1;q=0.3", "gzip;q=NaN"}) {
            assertTrue(AcceptEncoding.acceptsGzip(yes), yes);
        }
        for (String no : new String[] {null, "", "identity", "br", "gzip;q=0", "gzip;q=0.000", "*;q=0",
            "gzip;q=0, *", "*, gzip;q=0", "gzipper", ",", ";q=1", "gzip; Q = 0", "gzip;level=1 ; q=0"}) {
            assertFalse(AcceptEncoding.acceptsGzip(no), String.valueOf(no));
        }
    }
}
