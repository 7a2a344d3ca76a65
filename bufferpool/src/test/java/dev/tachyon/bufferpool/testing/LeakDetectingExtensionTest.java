package dev.tachyon.bufferpool.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** Proves the extension is live: a dropped buffer makes {@code afterAll} fail. */
class LeakDetectingExtensionTest {

    @Test
    void aDroppedBufferIsReportedAsALeak() throws Exception {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
        LeakDetectingExtension extension = new LeakDetectingExtension();
        dropABuffer();
        AssertionError error = assertThrows(AssertionError.class, () -> extension.afterAll(null));
        assertTrue(error.getMessage().startsWith("LEAK:"), error.getMessage());
        extension.afterAll(null); // the leak was consumed: a clean run passes
    }

    private static void dropABuffer() {
        PooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42);
    }
}
