"""Builds images-report.md in a results directory from what run-images.sh wrote: the JMH JSON of
kerasj (Vector API and scalar), ONNX Runtime Java and the ResNet50 load times, tensorflow-images.json,
heap.tsv, machine.json and the export's export.json (multiply-adds per image, weight bytes).

usage: images_report.py RESULTS_DIR

Ratios are throughputs relative to kerasj (the peer's time per call over kerasj's: above 1×, kerasj
is faster), ± the error propagated from the JMH 99.9% intervals and TensorFlow's standard deviation.
GFLOP/s count 2 FLOPs per multiply-add of the convolutions and Dense layers. The FMA peak is the
nominal one: cores × GHz (BogoMIPS / 2) × vector lanes (16 with AVX-512, 8 with AVX2) × 2 FMA units
× 2 FLOPs; KVM hides the real clock and the FMA unit count, so the share is indicative.
"""
import json
import os
import sys

from report import fmt, jmh_rows, load

CASES = [("MobileNetV2", 1), ("MobileNetV2", 8), ("ResNet50", 1), ("ResNet50", 8)]
FLOOR = 0.5  # issue 12: kerasj at least half TensorFlow's throughput at batch 1


def ratio(num, num_err, den, den_err):
    r = num / den
    rel = ((num_err or 0) / num) ** 2 + ((den_err or 0) / den) ** 2
    return r, r * rel ** 0.5


def main():
    d = sys.argv[1]
    machine = load(d, "machine.json") or {}
    export = load(d, "export.json") or {"models": {}}
    tf = {(r["model"], r["batch"]): r for r in (load(d, "tensorflow-images.json") or {"results": []})["results"]}
    kj = {r["params"]["bench"]: r for r in jmh_rows(load(d, "kerasj-images.json"))}
    kjs = {r["params"]["bench"]: r for r in jmh_rows(load(d, "kerasj-images-scalar.json"))}
    ort = {r["params"]["bench"]: r for r in jmh_rows(load(d, "onnxruntime-images.json"))}
    loads = jmh_rows(load(d, "kerasj-load-images.json"))
    peak = machine.get("fma_peak_gflops")
    out = []
    w = out.append
    w("# Image models (issue 12): kerasj, ONNX Runtime Java and TensorFlow on the same files\n")
    w(f"Machine: {machine.get('cpu')}, {machine.get('cpus')} cores, load average {machine.get('loadavg_start')} at "
      f"the start and {machine.get('loadavg_end')} at the end (shared VM). {machine.get('java')}. ONNX Runtime Java "
      f"{machine.get('onnxruntime_java')}; TensorFlow {(load(d, 'tensorflow-images.json') or {}).get('meta')}. "
      f"Nominal FMA peak {peak} GFLOP/s ({machine.get('fma_peak_note')}).\n")
    w("Times are milliseconds per call (JMH average ± 99.9% interval; TensorFlow median ± standard deviation). "
      "TF fastest is the fastest of eager, tf.function, tf.function(jit_compile=True) and predict for that case.\n")
    w("| model | batch | kerasj Vector API | kerasj scalar | ORT Java | TF fastest (path) | TF eager | TF tf.function "
      "| TF XLA | TF predict | TF fastest / kerasj | TF fastest / kerasj scalar | ORT / kerasj | kerasj GFLOP/s "
      "| share of FMA peak | floor (batch 1, both kernel paths) |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for m, b in CASES:
        c = f"{m}:{b}"
        k, s, o, t = kj.get(c), kjs.get(c), ort.get(c), tf.get((m, b))
        macs = export["models"].get(m, {}).get("macs_per_image")

        def ms(p):
            return (t[p]["median_us"] / 1e3, t[p]["stdev_us"] / 1e3) if t and p in t else None
        fastest = ms(t["fastest"]) if t else None
        cells = [m, str(b), fmt(k["score"], k["error"]) if k else "—", fmt(s["score"], s["error"]) if s else "—",
                 fmt(o["score"], o["error"]) if o else "—",
                 f"{fmt(*fastest)} ({t['fastest']})" if fastest else "—"]
        cells += [fmt(*ms(p)) if ms(p) else "—" for p in ("eager", "tf_function", "tf_function_xla", "predict")]
        r_tf = ratio(fastest[0], fastest[1], k["score"], k["error"]) if fastest and k else None
        r_tfs = ratio(fastest[0], fastest[1], s["score"], s["error"]) if fastest and s else None
        r_ort = ratio(o["score"], o["error"], k["score"], k["error"]) if o and k else None
        cells.append(f"{r_tf[0]:.2f} ± {r_tf[1]:.2f}×" if r_tf else "—")
        cells.append(f"{r_tfs[0]:.2f} ± {r_tfs[1]:.2f}×" if r_tfs else "—")
        cells.append(f"{r_ort[0]:.2f} ± {r_ort[1]:.2f}×" if r_ort else "—")
        gflops = 2 * macs * b / (k["score"] / 1e3) / 1e9 if k and macs else None
        cells.append(f"{gflops:.1f}" if gflops else "—")
        cells.append(f"{100 * gflops / peak:.1f}%" if gflops and peak else "—")
        # The floor holds for what a user gets either way: the Vector API with the flag, scalar without.
        floor = ""
        if b == 1 and r_tf:
            paths = [("Vector API", r_tf)] + ([("scalar", r_tfs)] if r_tfs else [])
            floor = "; ".join(f"{n} {'met' if r[0] >= FLOOR else 'MISSED'}" for n, r in paths) + f" (≥ {FLOOR}×)"
        cells.append(floor)
        w("| " + " | ".join(cells) + " |")
    w("")
    w("Multiply-adds per image: " + ", ".join(f"{m} {v.get('macs_per_image', 0) / 1e9:.2f} G" for m, v in
                                            export["models"].items()) + ". ONNX export vs Keras (max abs, per batch): "
      + "; ".join(f"{m} {v.get('onnx_max_abs_vs_keras', v.get('onnx_error'))}" for m, v in export["models"].items())
      + ".\n")
    if loads:
        wb = export["models"].get("ResNet50", {}).get("weight_bytes")
        w("## ResNet50 load time (`load`: bytes in memory → Model; `loadFromPath`: the file, mapped)\n")
        w("| file | from | ms per load | allocated MB per load (gc.alloc.rate.norm) |")
        w("|---|---|---|---|")
        for r in loads:
            w(f"| ResNet50{r['params'].get('file')} | {r['method']} | {fmt(r['score'], r['error'])} | "
              + (f"{r['alloc'] / 1e6:.0f} |" if r["alloc"] else "— |"))
        w("")
        heap = os.path.join(d, "heap.tsv")
        if os.path.exists(heap):
            w(f"## Peak heap while loading ResNet50 from its path (weights {wb / 1e6:.1f} MB)\n")
            w("Upper bound: the sum of the heap pools' peaks after a full collection, minus the heap in use before.\n")
            w("| file | peak over baseline MB | × weights | retained MB | × weights |")
            w("|---|---|---|---|---|")
            with open(heap) as f:
                for line in f:
                    p = line.rstrip("\n").split("\t")
                    if len(p) >= 5 and p[1].isdigit():
                        w(f"| {os.path.basename(p[0])} | {int(p[1]) / 1e6:.1f} | {float(p[3]):.2f} | "
                          f"{int(p[2]) / 1e6:.1f} | {float(p[4]):.2f} |")
                    elif line.strip():
                        w(f"\n{line.strip()}\n")
            w("")
    with open(os.path.join(d, "images-report.md"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
