# Young collections after 15 s of uptime in DIR/gc.log (-Xlog:gc with uptime), their pauses
# and eden sizes. Usage: gc.py DIR ...
import sys,re
for d in sys.argv[1:]:
    ev=[]
    for l in open(d+'/gc.log'):
        m=re.match(r'\[([\d.]+)s\].*Pause Young.* (\d+)M->(\d+)M\(\d+M\) ([\d.]+)ms',l)
        if m: ev.append((float(m.group(1)),int(m.group(2)),float(m.group(4))))
    # steady part: after 15 s uptime
    st=[e for e in ev if e[0]>=15]
    span=(st[-1][0]-st[0][0]) if len(st)>1 else 0
    print(d,'young GCs after 15 s:',len(st),'over %.1f s'%span,'pause total %.1f ms'%sum(e[2] for e in st),'eden-before MB',[e[1] for e in st])
