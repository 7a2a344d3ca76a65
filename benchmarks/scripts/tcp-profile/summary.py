# Groups buckets.py's buckets (pvm_irq_enable skid split into page-fault exits, context
# switches and syscall entry/exit) for several profiles side by side, in ns per answer.
# Usage: summary.py FILE:NS_PER_ANSWER ...
import sys, re, collections
src=open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'buckets.py')).read().split('tot = collections.Counter()')[0]
ns={}; exec(src, ns)
GROUP = {'kernel:send':'send (kernel+libc)','kernel:recv':'recv (kernel)','kernel:epoll':'epoll_wait (kernel)',
 'kernel:pagefault':'page faults','kernel:futex':'futex/eventfd','kernel:eventfd':'futex/eventfd',
 'netty:read':'netty loop, read, pipeline','netty:pipeline':'netty loop, read, pipeline','netty:loop/tasks':'netty loop, read, pipeline','other-io':'netty loop, read, pipeline',
 'netty:write/flush':'netty write/flush (Java)','netty:buffers':'netty buffers (alloc, copy, release)',
 'framing':'framing','scan':'scan','engine':'engine','answer':'answer writing','ceiling-echo':'ceiling echo handler','flushbatching/conn':'flush batching, timeouts',
 'thread:GC':'GC threads','thread:JIT':'JIT threads','thread:VM':'VM/other threads'}
def group(fr):
    b = ns['bucket'](fr)
    k = [f for f in fr if f.endswith('_[k]')]
    if b == 'kernel:other':
        if 'irqentry_exit_to_user_mode_[k]' in k: return 'page faults'
        if 'finish_task_switch.isra.0_[k]' in k or 'schedule_[k]' in k or '__schedule_[k]' in k: return 'context switches'
        return 'syscall entry/exit (kernel)'
    if b == 'netty:write/flush' and (fr[-1].startswith('__GI___send') or fr[-1] == 'writev' or 'libnetty' in fr[-1] or fr[-1].endswith('Socket.sendAddress') or fr[-1].endswith('writevAddresses')):
        return 'send (kernel+libc)'
    if b.startswith('thread:'): return GROUP.get(b, 'VM/other threads')
    return GROUP.get(b, b)
runs = sys.argv[1:]
table = collections.OrderedDict(); tot = {}
for r in runs:
    path, ns_per = r.split(':'); ns_per = float(ns_per)
    c = collections.Counter(); n = 0
    for l in open(path):
        st, v = l.rstrip('\n').rsplit(' ', 1); v = int(v)
        c[group(st.split(';'))] += v; n += v
    for g, v in c.items(): table.setdefault(g, {})[r] = v / n * ns_per
    tot[r] = ns_per
order = sorted(table, key=lambda g: -sum(table[g].values()))
print('| bucket | ' + ' | '.join(x.split('/')[-2] for x in runs) + ' |')
for g in order:
    print('| %s | %s |' % (g, ' | '.join('%.0f' % table[g].get(r, 0) for r in runs)))
print('| **total** | ' + ' | '.join('%.0f' % tot[r] for r in runs) + ' |')
