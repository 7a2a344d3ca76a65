package dev.tachyon.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One client connection of a load run: its pending requests, its send plan, and the checks
 * that every answer belongs to exactly one request. The transport subclasses frame requests
 * and find the answers in what the server sends; all the bookkeeping is here.
 *
 * <p>Confined to its event loop. Requests are appended to one outgoing buffer and flushed once
 * per read batch (closed loop) or once per pacer tick (open loop).
 */
abstract class Connection extends ChannelInboundHandlerAdapter {

    static final long FIRST_ID = 1;

    final LoadRun run;
    final LoopContext loop;
    final int index;
    final InFlightTable inFlight;
    Channel channel;
    /** Whether the pacer has this connection on its list of buffers to flush. */
    boolean dirty;
    /** Open loop: intended time of the next send, {@link Long#MAX_VALUE} when none is planned. */
    long nextIntended = Long.MAX_VALUE;

    private ByteBuf out;
    private long nextId = FIRST_ID;
    private OpenLoopSchedule schedule;
    private boolean ready;
    private boolean closed;

    Connection(LoadRun run, LoopContext loop, int index) {
        this.run = run;
        this.loop = loop;
        this.index = index;
        this.inFlight = new InFlightTable(Math.max(64, run.options.pipeline * 2));
    }

    /** Appends the wire form of request {@code id} to {@code buf}. */
    abstract void writeRequest(ByteBuf buf, long id);

    /** Sends whatever opens the session (or declares the connection ready at once). */
    abstract void beginSession(ChannelHandlerContext ctx);

    @Override
    public final void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        beginSession(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushOut();
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closed && !run.closing) {
            run.problem("connection " + index + " was closed by the server"
                    + (inFlight.size() > 0 ? " with " + inFlight.size() + " requests unanswered" : "")
                    + (ready ? "" : " before its session was ready"));
            if (!ready) {
                run.connectionFailed(this);
            }
        }
        closed = true;
        if (out != null) {
            out.release(); // requests appended after the last flush: the connection is gone
            out = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!run.closing) {
            run.problem("connection " + index + ": " + cause);
        }
        ctx.close();
    }

    /** The session is open: the connection may carry load. */
    final void ready() {
        ready = true;
        run.connectionReady(this);
    }

    final boolean isReady() {
        return ready;
    }

    /** The handshake failed: the run cannot start as asked. */
    final void handshakeFailed(String why) {
        run.problem("connection " + index + ": handshake failed: " + why);
        run.connectionFailed(this);
        channel.close();
    }

    // ---- sending ----

    final ByteBuf out() {
        if (out == null) {
            out = channel.alloc().buffer(512);
        }
        return out;
    }

    /** Sends the next request, pending since {@code startTime}. */
    final void send(long startTime) {
        long id = nextId++;
        inFlight.add(id, startTime);
        if (!closed) { // a planned send to a closed connection stays pending: it is reported lost
            writeRequest(out(), id);
        }
        loop.sent.lazySet(loop.sent.get() + 1);
    }

    final void flushOut() {
        ByteBuf buf = out;
        if (buf != null) {
            out = null;
            channel.writeAndFlush(buf, channel.voidPromise());
        }
    }

    /** Closed loop: fills the pipeline. */
    final void startClosedLoop() {
        long now = System.nanoTime();
        for (int k = 0; k < run.options.pipeline; k++) {
            send(now);
        }
        flushOut();
    }

    /** Open loop: starts following {@code plan} (on this loop). */
    final void startOpenLoop(OpenLoopSchedule plan) {
        schedule = plan;
        nextIntended = plan.nextIntended();
        if (nextIntended != Long.MAX_VALUE) {
            loop.pace(this);
        } else {
            run.planOver();
        }
    }

    /** Open loop: makes every send due at {@code now}, each with its own intended time. */
    final void sendDue(long now) {
        for (long t = schedule.takeDue(now); t >= 0; t = schedule.takeDue(now)) {
            send(t);
        }
        nextIntended = schedule.nextIntended();
        loop.dirty(this);
        if (nextIntended == Long.MAX_VALUE) {
            run.planOver();
        }
    }

    // ---- answers ----

    /** An answer whose parsed form is in {@code loop.scan}; matched to its request by id. */
    final void answered(long now) {
        ResponseScan scan = loop.scan;
        if (scan.hasMethod && !scan.hasResult && !scan.hasError) {
            return; // a notification (or request) from the server, not an answer
        }
        long id = scan.id;
        long start = pending(id);
        if (start < 0) {
            return;
        }
        if (!scan.hasResult && !scan.hasError) {
            run.mismatched(this, "the answer to id " + id + " has neither result nor error");
        }
        complete(start, now, scan.hasError ? Integer.toString(scan.errorCode) : scan.toolError ? "isError" : null);
    }

    /**
     * A line echo's answer, the request itself sent back, whose parsed form is in
     * {@code loop.scan}: matched to its request by the id it carries, as an MCP answer is. The
     * generator so does the same work per answer for a ceiling as for Tachyon (scan the line,
     * find its request), and the ratio between the two compares servers, not the generator's
     * two ways of counting (benchmarks/RESULTS.md, "Page faults in the measured window, and the
     * generator's work per answer").
     */
    final void echoed(long now) {
        long start = pending(loop.scan.id);
        if (start >= 0) {
            complete(start, now, null);
        }
    }

    /** The start time of the pending request {@code id}, or -1 (reported) when there is none. */
    private long pending(long id) {
        long start = id == ResponseScan.MALFORMED ? -1 : inFlight.remove(id);
        if (start < 0) {
            if (id != ResponseScan.MALFORMED && inFlight.wasSent(id, FIRST_ID)) {
                run.duplicated(this, id);
            } else {
                run.mismatched(this, id == ResponseScan.MALFORMED ? "an answer without a numeric id"
                        : "an answer to id " + id + ", which was never sent");
            }
        }
        return start;
    }

    /** An answer that is matched by order: it belongs to the oldest pending request. */
    final long oldestPending() {
        return inFlight.oldestPending();
    }

    /** Completes the oldest pending request (answers in send order), or reports an extra answer. */
    final void answeredInOrder(long now, String errorKind) {
        long id = inFlight.oldestPending();
        if (id < 0) {
            run.duplicated(this, -1);
            return;
        }
        complete(inFlight.remove(id), now, errorKind);
    }

    private void complete(long start, long now, String errorKind) {
        // Closed loop: the next send is counted before this answer is, so the drain (sent less
        // answered) never reads zero between the two while a send is still to come.
        if (run.closedLoop && !run.stopping) {
            send(now);
        }
        loop.record(now - start);
        loop.answered.lazySet(loop.answered.get() + 1);
        if (errorKind != null) {
            loop.countError(errorKind);
            if (LoopContext.isRejection(errorKind)) {
                loop.recordRejected(now - start);
            }
        }
    }
}
