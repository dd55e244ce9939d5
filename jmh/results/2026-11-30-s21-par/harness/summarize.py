import re, sys, statistics as st
from collections import defaultdict
for f in sys.argv[1:]:
    d = defaultdict(lambda: defaultdict(list))
    for line in open(f):
        if line.startswith('##'): continue
        p = line.rstrip('\n').split('\t')
        if len(p) < 3: continue
        name, case = p[0], p[1]
        m = re.search(r'wall (\d+) \[\S+\] p10 (\d+)', line)
        t = re.search(r'thread (\d+)', line)
        pm = re.search(r'procMean (\d+)', line)
        if not m: continue
        d[case][name].append((int(m.group(1)), int(m.group(2)), int(t.group(1)), int(pm.group(1))))
    print('==', f)
    print('%-20s %-5s %s' % ('case', 'var', 'wall-median  wall-p10  caller-CPU  process-CPU   (median of rounds [min-max], µs/call)'))
    for case in d:
        for name in ('base', 'new'):
            rs = d[case][name]
            if not rs: continue
            cols = []
            for k in range(4):
                v = [r[k] for r in rs]
                cols.append('%d [%d-%d]' % (st.median(v), min(v), max(v)))
            print('%-20s %-5s %s  n=%d' % (case, name, '  '.join(cols), len(rs)))
        b = d[case]['base']; n = d[case]['new']
        if b and n:
            print('%-20s new/base: wall %.3f  p10 %.3f  caller %.3f  process %.3f' % ((case, '') + tuple(st.median([r[k] for r in n]) / st.median([r[k] for r in b]) for k in range(4)))[1:] if False else
                  '%-20s new/base: wall %.3f  p10 %.3f  caller %.3f  process %.3f' % ((case,) + tuple(st.median([r[k] for r in n]) / st.median([r[k] for r in b]) for k in range(4))))
