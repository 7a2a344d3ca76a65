# Buckets an async-profiler collapsed CPU profile of a TCP server (thread names on, kernel
# stacks on) by where each sample ran: kernel send/recv/epoll/page faults, Netty read/loop/
# write/buffers, framing, scan, engine, answer writing, GC/JIT/VM threads. A stack goes to its
# innermost recognised frame. Usage: buckets.py FILE 0 [NS_PER_ANSWER]
import sys, re, collections
KSYS = [('epoll', ('do_epoll_wait','__x64_sys_epoll_wait','__x64_sys_epoll_pwait','ep_poll')),
        ('recv', ('tcp_recvmsg','__x64_sys_read','ksys_read','sock_read_iter','__x64_sys_recvfrom')),
        ('send', ('tcp_sendmsg','__x64_sys_write','__x64_sys_writev','ksys_write','do_writev','sock_write_iter','__x64_sys_sendto')),
        ('pagefault', ('asm_exc_page_fault','exc_page_fault')),
        ('futex', ('__x64_sys_futex',)),
        ('eventfd', ('eventfd_write',)),]
TACH = [('scan', ('codec/JsonValidator','EnvelopeScanner','EnvelopeShape','MemberNames','LongStrings','engine/Inbound.scan','McpEngine.scan','FrameBytes')),
        ('answer', ('JsonRpcWriter','ContentArrayWriter','Request.result','ResponseStream','NdjsonSessionHandler.write','NdjsonSessionHandler.responseBuffer','NdjsonSessionHandler.flushNow','NdjsonSessionHandler.writeBatch','NdjsonSessionHandler.complete','Request.answer','ConnectionMemory.written')),
        ('engine', ('dev/tachyon/server/engine','dev/tachyon/registry','dev/tachyon/server/demo','dev/tachyon/server/schema','dev/tachyon/codec','NdjsonSessionHandler.onLine','ConnectionMemory')),
        ('framing', ('LineFramer','LineBasedFrameDecoder','ByteToMessageDecoder','CeilingHandler')),
        ('ceiling-echo', ('EchoCeilingServer$LineEcho',)),
        ('flushbatching/conn', ('dev/tachyon/server/connection',)),]
NETTY = [('netty:write/flush', ('ChannelOutboundBuffer','doWrite','flush0','AbstractUnsafe.flush','writeBytesMultiple','IovArray','Socket.send','Socket.write')),
        ('netty:buffers', ('io/netty/buffer','io/netty/util/Recycler','ReferenceCountUpdater')),
        ('netty:read', ('epollInReady','RecvByteAllocatorHandle','RecvByteBufAllocator','doReadBytes','Socket.recv','Socket.read')),
        ('netty:pipeline', ('AbstractChannelHandlerContext','DefaultChannelPipeline')),
        ('netty:loop/tasks', ('EpollIoHandler','SingleThreadEventExecutor','SingleThreadIoEventLoop','AbstractScheduledEventExecutor','runAllTasks')),]
def bucket(frames):
    t = frames[0]
    tn = re.sub(r' tid=\d+', '', t.strip('[]'))
    body = frames[1:]
    if not tn.startswith('tachyon-io') and not tn.startswith('tachyon-accept'):
        if 'GC' in tn or 'G1' in tn: return 'thread:GC'
        if 'Compiler' in tn: return 'thread:JIT'
        if 'VM Thread' in tn: return 'thread:VM'
        return 'thread:other(' + re.sub(r'[-\d]+$', '', tn) + ')'
    kern = [f for f in body if f.endswith('_[k]')]
    if kern:
        names = set(f[:-4] for f in kern)
        for b, keys in KSYS:
            if any(k in names for k in keys): return 'kernel:' + b
        return 'kernel:other'
    for f in reversed(body):
        for b, keys in TACH + NETTY:
            if any(k in f for k in keys): return b
    s = ';'.join(body)
    if 'io/netty/buffer' in body[-1] or 'PoolArena' in s and 'dev/tachyon' not in s: pass
    if 'doWrite' in s or 'flush0' in s or 'writeBytes' in s and 'Epoll' in s: return 'netty:write/flush'
    if 'epollInReady' in s: return 'netty:read/pipeline'
    if 'runAllTasks' in s or 'runTasks' in s: return 'netty:tasks'
    if 'EpollIoHandler' in s or 'SingleThreadIoEventLoop' in s: return 'netty:loop'
    return 'other-io'
tot = collections.Counter()
n = 0
for l in open(sys.argv[1]):
    st, c = l.rstrip('\n').rsplit(' ', 1); c = int(c)
    tot[bucket(st.split(';'))] += c; n += c
answers = float(sys.argv[2]) if len(sys.argv) > 2 else None
cpu_ns_per_answer = float(sys.argv[3]) if len(sys.argv) > 3 else None
print('samples', n)
for b, c in sorted(tot.items(), key=lambda x: -x[1]):
    extra = ''
    if cpu_ns_per_answer: extra = '  %6.0f ns/answer' % (c / n * cpu_ns_per_answer)
    print('%-28s %7d %5.1f%%%s' % (b, c, 100.0 * c / n, extra))
