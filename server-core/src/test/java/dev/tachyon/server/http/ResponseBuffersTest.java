package dev.tachyon.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A loop's spare answer buffer: reused only once the last answer written from it has left,
 * never while one is on its way, never grown large or of another bound, never off a loop, and
 * given back when the loop ends. (An unpooled allocator, so that a buffer given back is never
 * handed out again as another's object.)
 */
class ResponseBuffersTest {

    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);
    private static final int MAX = 1 << 20;

    @Test
    void aLoopReusesItsBufferOnceTheLastAnswerWrittenFromItHasLeft() throws Exception {
        onLoop(() -> {
            ByteBuf first = ResponseBuffers.take(ALLOC, 256, MAX);
            first.writeBytes("{\"id\":1}".getBytes(StandardCharsets.US_ASCII)).readerIndex(3);
            assertEquals(0, ResponseBuffers.othersReferences(first), "the loop's own reference is not another's");
            first.release(); // the socket took the answer
            ByteBuf second = ResponseBuffers.take(ALLOC, 256, MAX);
            assertSame(first, second);
            assertEquals(0, second.readerIndex());
            assertEquals(0, second.writerIndex());
            assertEquals(2, second.refCnt(), "the caller's reference and the loop's");
            second.release();
        });
    }

    @Test
    void anAnswerTakenWhileTheLastIsStillOnItsWayGetsABufferOfItsOwn() throws Exception {
        onLoop(() -> {
            ByteBuf inFlight = ResponseBuffers.take(ALLOC, 256, MAX);
            ByteBuf next = ResponseBuffers.take(ALLOC, 256, MAX);
            assertNotSame(inFlight, next);
            assertEquals(1, next.refCnt(), "not kept: the loop already has a spare");
            inFlight.retain(); // say a view of it is still queued
            assertEquals(1, ResponseBuffers.othersReferences(inFlight));
            inFlight.release();
            next.release();
            assertEquals(0, next.refCnt());
            inFlight.release();
            assertSame(inFlight, ResponseBuffers.take(ALLOC, 256, MAX), "the spare is still the first buffer");
        });
    }

    @Test
    void aSpareThatGrewPastTheBoundIsGivenBack() throws Exception {
        onLoop(() -> {
            ByteBuf grown = ResponseBuffers.take(ALLOC, 256, MAX);
            grown.writeZero(ResponseBuffers.KEEP_MAX + 1);
            grown.release();
            ByteBuf next = ResponseBuffers.take(ALLOC, 256, MAX);
            assertNotSame(grown, next);
            assertEquals(0, grown.refCnt(), "given back to the allocator");
            next.release();
        });
    }

    @Test
    void aSpareOfAnotherBoundOrTooSmallIsGivenBack() throws Exception {
        onLoop(() -> {
            ByteBuf first = ResponseBuffers.take(ALLOC, 256, MAX);
            first.release();
            ByteBuf otherBound = ResponseBuffers.take(ALLOC, 256, MAX / 2);
            assertNotSame(first, otherBound);
            assertEquals(0, first.refCnt());
            assertEquals(MAX / 2, otherBound.maxCapacity());
            otherBound.release();
            ByteBuf larger = ResponseBuffers.take(ALLOC, 4096, MAX / 2);
            assertNotSame(otherBound, larger);
            assertEquals(0, otherBound.refCnt());
            larger.release();
            ByteBuf huge = ResponseBuffers.take(ALLOC, ResponseBuffers.KEEP_MAX + 1, MAX);
            assertEquals(1, huge.refCnt(), "a buffer larger than a spare may be is not kept");
            huge.release();
        });
    }

    @Test
    void aThreadThatIsNoLoopGetsABufferOfItsOwnEveryTime() {
        ByteBuf first = ResponseBuffers.take(ALLOC, 256, MAX);
        assertEquals(1, first.refCnt());
        first.release();
        assertEquals(0, first.refCnt(), "nothing kept it");
    }

    @Test
    void aNettyThreadThatDoesNotClearItsThreadLocalsKeepsNoSpare() throws Exception {
        AtomicReference<ByteBuf> taken = new AtomicReference<>();
        Thread thread = new FastThreadLocalThread() {
            @Override
            public void run() { // run overridden: Netty does not clear this thread's locals when it ends
                ByteBuf answer = ResponseBuffers.take(ALLOC, 256, MAX);
                answer.release();
                taken.set(answer);
            }
        };
        thread.start();
        thread.join(10_000);
        assertEquals(0, taken.get().refCnt(), "nothing kept it, so nothing is lost with the thread");
    }

    @Test
    void aLoopThatEndsGivesItsSpareBack() throws Exception {
        AtomicReference<ByteBuf> kept = new AtomicReference<>();
        onLoop(() -> {
            ByteBuf answer = ResponseBuffers.take(ALLOC, 256, MAX);
            answer.release();
            assertEquals(1, answer.refCnt(), "the loop's spare");
            kept.set(answer);
        });
        assertEquals(0, kept.get().refCnt());
    }

    /** Runs {@code body} on a thread made as the event loops' are (a Netty FastThreadLocalThread), to its end. */
    private static void onLoop(Runnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = new DefaultThreadFactory("test-loop").newThread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        loop.start();
        loop.join(10_000);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
