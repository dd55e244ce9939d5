#!/bin/bash
# jfrtop.sh FILE : per-thread top frames of jdk.ExecutionSample
jfr print --stack-depth 40 --events jdk.ExecutionSample "$1" > /tmp/i13t/$$.txt
python3 - /tmp/i13t/$$.txt <<'PY'
import sys,re,collections
txt=open(sys.argv[1]).read()
evs=txt.split("jdk.ExecutionSample")
c=collections.Counter(); tot=collections.Counter(); c2=collections.Counter()
for e in evs[1:]:
    m=re.search(r'sampledThread = "([^"]+)"',e)
    th=m.group(1) if m else '?'
    fr=re.findall(r'^\s+([\w.$<>]+\(.*?\))\s+line:',e,re.M)
    if not fr: continue
    top=fr[0].split('(')[0]
    c[(th,top)]+=1; tot[th]+=1
    # first kerasj frame that is a layer
    lay=next((f.split('(')[0] for f in fr if '.layers.' in f or 'Tiles' in f or 'Parallel' in f),'-')
    c2[(th,lay)]+=1
for th in tot:
    print("==",th,tot[th])
    for (t,f),n in c.most_common():
        if t==th and n>=tot[th]*0.015: print("  %5.1f%% %s"%(100*n/tot[th],f))
    print("  -- by layer")
    for (t,f),n in c2.most_common():
        if t==th and n>=tot[th]*0.015: print("  %5.1f%% %s"%(100*n/tot[th],f))
PY
rm /tmp/i13t/$$.txt
