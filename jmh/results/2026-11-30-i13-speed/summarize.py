"""Tables of measure.sh's results: time per call (wall, and process CPU) of kerasj before/after on
both kernel paths and thread settings, TensorFlow (tf.function, its fastest path here) and ONNX
Runtime Java, and the ratios peer / kerasj (above 1: kerasj faster) with the errors propagated
(JMH 99.9% intervals, TensorFlow standard deviations).   usage: summarize.py DIR > summary.md"""
import json
import math
import os
import sys

d = sys.argv[1]
CASES = ["transformer:1:128", "transformer:16:128", "encdec:1:50"]


def jmh(name):
    p = os.path.join(d, name + ".json")
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        return {}
    out = {}
    for r in json.load(open(p)):
        cpu = r.get("secondaryMetrics", {}).get("cpu.process.norm", {})
        gc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})
        out[r["params"]["bench"]] = {"wall": (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]),
                                     "cpu": (cpu.get("score", float("nan")), cpu.get("scoreError", float("nan"))),
                                     "alloc": gc.get("score", float("nan"))}
    return out


def tf(name):
    p = os.path.join(d, name + ".json")
    if not os.path.exists(p):
        return {}
    out = {}
    for r in json.load(open(p))["results"]:
        t = r["tf_function"]
        out["%s:%d:%d" % (r["model"], r["batch"], r["steps"])] = {
            "wall": (t["median_us"], t["stdev_us"]), "cpu": (t["cpu_median_us"], t["cpu_stdev_us"])}
    return out


def fmt(v):
    return "–" if v is None or math.isnan(v[0]) else "%s ± %s" % (f"{v[0]:,.0f}", f"{v[1]:,.0f}")


def ratio(peer, ours):
    if not peer or not ours or math.isnan(peer[0]) or math.isnan(ours[0]) or ours[0] == 0:
        return "–"
    r = peer[0] / ours[0]
    e = r * math.sqrt((peer[1] / peer[0]) ** 2 + (ours[1] / ours[0]) ** 2)
    return f"{r:.2f} ± {e:.2f}×"


runs = {n: jmh(n) for n in ["base-vec", "new-vec", "base-scalar", "new-scalar", "base-vec-1t", "new-vec-1t",
                            "base-scalar-1t", "new-scalar-1t", "ort"]}
tfs = {"tf": tf("tensorflow"), "tf1": tf("tensorflow-1t")}
m = json.load(open(os.path.join(d, "machine.json"))) if os.path.exists(os.path.join(d, "machine.json")) else {}
print("# Issue 13 before/after (%s; load %s at the start, %s at the end)\n" % (
    m.get("cpu", "?"), m.get("loadavg_start", "?"), m.get("loadavg_end", "?")))
for metric, title in (("cpu", "process CPU time per call, µs (all threads)"), ("wall", "wall-clock time per call, µs")):
    print(f"## {title}\n")
    print("| case | kerasj | before | after | after/before speed-up | TF tf.function | TF / before | TF / after "
          "| ORT Java | ORT / before | ORT / after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in CASES:
        for label, b, a, t in (("Vector API, default threads", "base-vec", "new-vec", "tf"),
                               ("scalar, default threads", "base-scalar", "new-scalar", "tf"),
                               ("Vector API, 1 thread", "base-vec-1t", "new-vec-1t", "tf1"),
                               ("scalar, 1 thread", "base-scalar-1t", "new-scalar-1t", "tf1")):
            bv = runs[b].get(c, {}).get(metric)
            av = runs[a].get(c, {}).get(metric)
            tv = tfs[t].get(c, {}).get(metric)
            ov = runs["ort"].get(c, {}).get(metric) if t == "tf" else None
            tl = "TF 1 thread: " if t == "tf1" else ""
            print(f"| {c} | {label} | {fmt(bv)} | {fmt(av)} | {ratio(bv, av)} | {tl}{fmt(tv)} | {ratio(tv, bv)} "
                  f"| {ratio(tv, av)} | {fmt(ov)} | {ratio(ov, bv)} | {ratio(ov, av)} |")
    print()
print("## Bytes allocated per predict(x) call (gc.alloc.rate.norm; includes the returned output)\n")
print("| case | before (Vector API) | after (Vector API) | before (scalar) | after (scalar) |")
print("|---|---|---|---|---|")
for c in CASES:
    g = lambda n: runs[n].get(c, {}).get("alloc", float("nan"))
    print(f"| {c} | {g('base-vec'):,.0f} | {g('new-vec'):,.0f} | {g('base-scalar'):,.0f} | {g('new-scalar'):,.0f} |")
