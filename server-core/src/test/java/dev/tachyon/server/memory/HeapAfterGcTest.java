package dev.tachyon.server.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapAfterGcTest {

    private static final int RETAINED_MIB = 192;

    @Test
    void countsWhatYoungCollectionsPromotedAndKept() throws Exception {
        HeapAfterGc heap = HeapAfterGc.shared();
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < RETAINED_MIB * 16; i++) {
            kept.add(new byte[64 * 1024]);
        }
        // Only young collections from here (no System.gc()): under G1 the old generation's
        // "collection usage" stays 0 through them, which is what this class must not rely on.
        long start = collections();
        long deadline = System.nanoTime() + 20_000_000_000L;
        long sink = 0;
        while ((collections() < start + 3 || heap.bytes() < RETAINED_MIB * (1L << 20))
                && System.nanoTime() < deadline) {
            byte[] garbage = new byte[256 * 1024];
            sink += garbage.length;
        }
        assertTrue(sink > 0);
        long seen = heap.bytes();
        assertTrue(seen >= RETAINED_MIB * (1L << 20),
                "heap after the last collection " + (seen >> 20) + " MiB, but " + RETAINED_MIB + " MiB are live");
        assertTrue(kept.size() == RETAINED_MIB * 16);
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, bean.getCollectionCount());
        }
        return n;
    }
}
