#!/usr/bin/env python3
"""Summarizes the ConvBenchmark JSON files of a directory: wall time, the calling thread's CPU time per call
(cpuNanos / calls, with the spread over iterations) and GFLOP/s from each. Usage: summarize.py DIR"""
import json,sys,glob,os
FL={'resnet3x3':231.2e6,'resnet3x3_direct':231.2e6,'resnet3x3_taps':231.2e6,'mbv2_depthwise':8.13e6}
for f in sorted(glob.glob(sys.argv[1]+'/*.json')):
    try: data=json.load(open(f))
    except Exception as e: print(f, 'unreadable'); continue
    print('==',os.path.basename(f))
    for r in data:
        p=r['params']; pm=r['primaryMetric']; sm=r['secondaryMetrics']
        calls=sm['calls']['score']; cpu=sm['cpuNanos']['score']
        # per-iteration raw data for error bars on cpu/call
        rc=[x for x in sm['calls']['rawData'][0]]; rn=[x for x in sm['cpuNanos']['rawData'][0]]
        per=[n/c/1e6 for n,c in zip(rn,rc) if c>0]
        import statistics
        m=sum(rn)/sum(rc)/1e6
        sd=statistics.stdev(per) if len(per)>1 else 0
        fl=FL[p['conv']]*int(p['batch'])
        print(f"{p['conv']:18s} b{p['batch']}: wall {pm['score']/1e3:9.2f} ± {pm['scoreError']/1e3:8.2f} ms   cpu/call {m:8.2f} ms (sd {sd:6.2f} over {len(per)} iters)  GFLOP/s(cpu) {fl/m/1e6:6.2f}  GFLOP/s(wall) {fl/(pm['score']*1e3):6.2f}")
