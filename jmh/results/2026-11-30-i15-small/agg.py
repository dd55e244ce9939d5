"""agg.py OUTDIR: one line per run and case from jmh.sh's JSON: wall µs/op ± error, process CPU µs/op."""
import glob, json, os, sys
rows = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    name = os.path.basename(f)[:-5]
    try:
        runs = json.load(open(f))
    except ValueError:
        continue  # a run still writing or stopped
    for b in runs:
        pm = b["primaryMetric"]
        cpu = b.get("secondaryMetrics", {}).get("cpu.process.norm", {}).get("score", float("nan"))
        print(f"{name:18s} {b['params']['bench']:12s} wall {pm['score']:9.1f} ± {pm['scoreError']:7.1f} us  cpu {cpu:9.1f} us")
