"""Builds report.md and chart.png in a results directory from the raw JSON that run.sh wrote
(JMH -rf json files, tensorflow.json, machine.json, onnx-export.json, and for the extra Java peers
peers-export.json, peer-checks.tsv and peer-<name>.status).

usage: report.py RESULTS_DIR
"""
import json
import os
import sys

import models

GATES = {"simple_rnn": 1, "ln_simple_rnn": 1, "lstm": 4, "gru": 3, "gru_reset_before": 3}


def load(d, name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return None
    with open(p) as f:
        return json.load(f)


def jmh_rows(data):
    rows = []
    for r in data or []:
        pm = r["primaryMetric"]
        gc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})
        cpu = r.get("secondaryMetrics", {}).get("cpu.process.norm", {})
        err = pm["scoreError"]
        cpu_err = cpu.get("scoreError")
        rows.append({"bench": r["benchmark"].split(".")[-2], "method": r["benchmark"].split(".")[-1], "params": r.get("params", {}), "score": pm["score"],
                     "error": err if isinstance(err, (int, float)) else float("nan"), "unit": pm["scoreUnit"], "alloc": gc.get("score"),
                     "cpu": cpu.get("score"), "cpu_error": cpu_err if isinstance(cpu_err, (int, float)) else float("nan"),
                     "jvmArgs": r.get("jvmArgs", []), "jdk": r.get("jdkVersion"), "vm": r.get("vmVersion")})
    return rows


def by_case(rows, method=None):
    return {r["params"]["bench"]: r for r in rows if method is None or r["method"] == method}


def fmt(v, err=None, digits=3):
    if v is None:
        return "—"
    s = f"{v:.{digits}g}" if v < 1000 else f"{v:,.0f}"
    if err is not None and err == err:
        e = f"{err:.2g}" if err < 1000 else f"{err:,.0f}"
        s += f" ± {e}"
    return s


EXTRA = {"tfjava": "TensorFlow Java", "dl4j": "DL4J"}


def peer_status(d, p):
    """'ran', 'not run: why', or None when the run predates the extra peers."""
    f = os.path.join(d, f"peer-{p}.status")
    if not os.path.exists(f):
        return None
    with open(f) as fh:
        return fh.read().strip()


def peer_checks(d):
    """{peer: {case: (status, detail)}} from peer-checks.tsv (last line per case wins)."""
    out = {}
    f = os.path.join(d, "peer-checks.tsv")
    if os.path.exists(f):
        with open(f) as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t", 3)
                if len(parts) == 4:
                    out.setdefault(parts[0], {})[parts[1]] = (parts[2], parts[3])
    return out


def ratio(num, num_err, den, den_err):
    """num / den with the error propagated from the relative errors (JMH CI or TF standard deviation)."""
    r = num / den
    rel = ((num_err or 0) / num) ** 2 + ((den_err or 0) / den) ** 2
    return r, r * rel ** 0.5


FLOORS = {"transformer:1:128": ("tf", 2.0), "encdec:1:50": ("tf", 2.0),
          "transformer:16:128": ("ort", 1.0)}

TF_PATHS = ("eager", "tf_function", "xla", "predict")
TF_NAMES = {"eager": "eager", "tf_function": "tf.function", "xla": "XLA", "predict": "predict"}


def tf_fastest(f):
    """TensorFlow's fastest path for a case: (path, its timing dict), over the paths that ran."""
    ran = [(p, f[p]) for p in TF_PATHS if f and isinstance(f.get(p), dict) and "median_us" in f[p]]
    return min(ran, key=lambda pr: pr[1]["median_us"]) if ran else (None, None)


def tf_cell(f, p):
    v = (f or {}).get(p)
    if not isinstance(v, dict):
        return "—"
    if "median_us" not in v:
        return "failed"
    return fmt(v["median_us"], v["stdev_us"])


def attention(w, kj, kjs, ort, tf):
    """The attention models (issue 13): times, ratios with error bars, and the issue's floors
    (>= 2x TensorFlow's fastest path at batch 1, >= 1x ONNX Runtime at batch 16)."""
    cases = [f"{m}:{b}:{t}" for m, b, t in models.ATTENTION_CASES]
    if not any(c in kj or c in tf or c in ort for c in cases):
        return
    w("## Attention models (issue 13): time per call (µs) and ratios\n")
    w("`transformer`: 2-block Transformer encoder, d_model 128, 4 heads, sequence 128, float inputs. `encdec`: the "
      "chapter-16 encoder-decoder with Attention (vocabulary 1,000, embeddings 128, LSTM(512) encoder and decoder, "
      "50 token ids per side with trailing padding). Ratios are the peer's time over kerasj's (above 1×: kerasj is "
      "faster), ± the error propagated from the JMH 99.9% intervals and the TensorFlow standard deviations.\n")
    w("TF fastest is the fastest of TensorFlow's four paths for that case (named in brackets); the ratios and "
      "the floors are against it.\n")
    w("| model | batch × steps | kerasj (Vector API) | kerasj (scalar) | TF tf.function | TF XLA | TF eager | TF predict "
      "| ORT Java | TF fastest / kerasj (Vector) | TF fastest / kerasj (scalar) | ORT / kerasj (Vector) "
      "| ORT / kerasj (scalar) | floor |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in cases:
        m, b, t = c.split(":")
        k, s, o, f = kj.get(c), kjs.get(c), ort.get(c), tf.get(c)
        fp, tff = tf_fastest(f)

        def r(peer, peer_err, mine):
            if peer is None or mine is None:
                return "—"
            v, e = ratio(peer, peer_err, mine["score"], mine["error"])
            return f"{v:.2f} ± {e:.2f}×"
        floor = "—"
        which, need = FLOORS.get(c, (None, None))
        if which and k:
            peer = (tff["median_us"], tff["stdev_us"]) if which == "tf" and tff else \
                (o["score"], o["error"]) if which == "ort" and o else None
            if peer:
                v, e = ratio(peer[0], peer[1], k["score"], k["error"])
                name = f"TF ({TF_NAMES[fp]})" if which == "tf" else "ORT"
                floor = f"≥ {need:g}× {name}: {'met' if v >= need else 'MISSED'} ({v:.2f} ± {e:.2f}×)"
        w(f"| {m} | {b} × {t} | {fmt(k['score'], k['error']) if k else '—'} | {fmt(s['score'], s['error']) if s else '—'} | "
          + " | ".join(tf_cell(f, p) for p in ("tf_function", "xla", "eager", "predict"))
          + f" | {fmt(o['score'], o['error']) if o else '—'} | "
          + f"{r(tff['median_us'] if tff else None, tff['stdev_us'] if tff else None, k)}"
          + (f" ({TF_NAMES[fp]})" if fp else "") + " | "
          + f"{r(tff['median_us'] if tff else None, tff['stdev_us'] if tff else None, s)} | "
          + f"{r(o['score'] if o else None, o['error'] if o else None, k)} | "
          + f"{r(o['score'] if o else None, o['error'] if o else None, s)} | {floor} |")
    w("")
    # The same ratios on process CPU time (all threads; CpuTimeProfiler, time.process_time), which the
    # waits for a core on a shared machine do not inflate.
    if not any((kj.get(c) or {}).get("cpu") for c in cases):
        return
    w("Process CPU time per call (µs, all threads: `-prof io.kerasj.jmh.CpuTimeProfiler` for the JMH runs, "
      "`time.process_time` for TensorFlow), and its ratios: what each runtime spends, without the waits for a core "
      "that inflate the wall-clock times above on a shared machine.\n")
    w("| model | batch × steps | kerasj (Vector API) | kerasj (scalar) | TF fastest path | ORT Java "
      "| TF / kerasj (Vector) | TF / kerasj (scalar) | ORT / kerasj (Vector) | ORT / kerasj (scalar) |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for c in cases:
        m, b, t = c.split(":")
        k, s, o = kj.get(c) or {}, kjs.get(c) or {}, ort.get(c) or {}
        f = tf_fastest(tf.get(c))[1] or {}

        def cr(peer, peer_err, mine):
            if peer is None or not mine.get("cpu"):
                return "—"
            v, e = ratio(peer, peer_err, mine["cpu"], mine["cpu_error"])
            return f"{v:.2f} ± {e:.2f}×"
        tc, tce, oc, oce = f.get("cpu_median_us"), f.get("cpu_stdev_us"), o.get("cpu"), o.get("cpu_error")
        w(f"| {m} | {b} × {t} | {fmt(k.get('cpu'), k.get('cpu_error'))} | {fmt(s.get('cpu'), s.get('cpu_error'))} | "
          f"{fmt(tc, tce)} | {fmt(oc, oce)} | {cr(tc, tce, k)} | {cr(tc, tce, s)} | {cr(oc, oce, k)} | {cr(oc, oce, s)} |")
    w("")


def main():
    d = sys.argv[1]
    machine = load(d, "machine.json") or {}
    kj = by_case(jmh_rows(load(d, "kerasj-models.json")), "predict")
    kj_into = by_case(jmh_rows(load(d, "kerasj-models.json")), "predictInto")
    kjs = by_case(jmh_rows(load(d, "kerasj-models-scalar.json")))
    ort = by_case(jmh_rows(load(d, "onnxruntime.json")))
    tfj = load(d, "tensorflow.json") or {"meta": {}, "results": []}
    tf = {f"{r['model']}:{r['batch']}:{r['steps']}": r for r in tfj["results"]}
    export = load(d, "onnx-export.json") or {}
    extra = {p: by_case(jmh_rows(load(d, f"{p}.json"))) for p in EXTRA}
    extra_status = {p: peer_status(d, p) for p in EXTRA}
    checks = peer_checks(d)
    shown = [p for p in EXTRA if extra[p]]

    def refused(p, c):
        st = checks.get(p, {}).get(c, ("",))[0]
        return "refused" if st == "refused" else "—"
    cases = [f"{m}:{b}:{t}" for m, b, t in models.CASES if f"{m}:{b}:{t}" in kj]

    out = []
    w = out.append
    w(f"# kerasj performance report ({os.path.basename(os.path.abspath(d))})\n")
    w("Generated by `jmh/peers/run.sh` from the raw results in this directory (`*.json`). All numbers "
      "come from one run on one machine, the runtimes measured one after the other on the same models "
      "(the `.keras` fixtures, `lstm512` generated by the script) and the same `.npy` inputs.\n")
    w("**Noise warning.** This machine has 2 cores shared with other jobs (load average "
      f"{machine.get('loadavg_start', '?')} at the start, {machine.get('loadavg_end', '?')} at the end). Absolute "
      "times are inflated and noisy; compare ratios within this report, and mind the JMH error bars "
      "(99.9% confidence intervals) and the TensorFlow standard deviations.\n")
    w("## Setup\n")
    any_row = next(iter(kj.values()), {})
    w(f"- CPU: {machine.get('cpu', '?')}, {machine.get('cpus', '?')} cores (AVX-512: {machine.get('flags_avx512f')}); "
      f"{machine.get('kernel', '')}")
    w(f"- JDK: {any_row.get('jdk', '?')} ({any_row.get('vm', '')}); `{machine.get('java', '')}`")
    w("- kerasj: `ModelBenchmark` (JMH 1.37, `-prof gc`), run twice: **Vector API** "
      "(`--add-modules=jdk.incubator.vector`, PanamaKernels) and **scalar** (no flag, ScalarKernels). "
      "JMH settings: `-wi 3 -w 1s -i 4 -r 1s -f 1` (quick mode: `-wi 3 -w 500ms -i 3 -r 500ms -f 1`; attention run: `-wi 6 -w 2s -i 5 -r 2s -f 1`), "
      "the same for every JMH peer. Batches whose steps are too small to split run one time loop per "
      "thread over slices of the batch (`BatchSplit`); large products are split across the 2 threads "
      "by column panels.")
    w(f"- ONNX Runtime Java {machine.get('onnxruntime_java', '?')} (`OnnxRuntimeBenchmark`, same JMH settings, "
      "default session options), models exported with Keras 3 `model.export(format=\"onnx\")` (tf2onnx); "
      f"onnxruntime (Python) {export.get('onnxruntime_python', '?')} used to check the exports.")
    meta = tfj.get("meta", {})
    w(f"- TensorFlow {meta.get('tensorflow', '?')}, Keras {meta.get('keras', '?')}, numpy {meta.get('numpy', '?')} "
      f"(CPU, default threading: intra-op {meta.get('intra_op_threads')}, inter-op {meta.get('inter_op_threads')} = "
      "all cores): `model(x)` eager, a `tf.function` of it, the same with XLA (`jit_compile=True`; *failed*: XLA "
      "did not compile it), and `model.predict(x)`; 3 warm-up calls then "
      "repetitions for 1 s (5–30 calls; 0.5 s in quick mode), median ± standard deviation.")
    w(f"- TensorFlow Java {machine.get('tensorflow_java', '?')} (`TensorFlowJavaBenchmark`, same JMH settings, "
      "`org.tensorflow:tensorflow-core-api` + linux-x86_64 natives, default session options) on the SavedModel "
      "written by Keras 3 `model.export()` (`export_peers.py`; TimeDistributed(Dense) exported as the Dense, as for "
      f"ONNX): {extra_status['tfjava'] or 'not run (run predates it)'}.")
    w(f"- Deeplearning4j {machine.get('dl4j', '?')} Keras import (`Dl4jBenchmark`, same JMH settings, "
      "`KerasModelImport.importKerasSequentialModelAndWeights` on the Keras 2 `.h5`, nd4j-native linux-x86_64, "
      "recurrent initialiser rewritten from Orthogonal to GlorotUniform in the file's config because DL4J's "
      "orthogonal initialiser crashes the JVM here before the weights are loaded): "
      f"{extra_status['dl4j'] or 'not run (run predates it)'}.")
    w("- Before timing, each extra Java peer's output on the benchmark input is compared with Keras' "
      "(section *Extra Java peers* below).\n")

    w("## Whole models: time per call (µs, lower is better)\n")
    w("| model | batch × steps | kerasj (Vector API) | kerasj (scalar) | TF eager | TF tf.function | TF XLA | TF predict "
      "| ONNX Runtime Java | " + "".join(f"{EXTRA[p]} | " for p in shown) + "TF best / kerasj | ORT / kerasj | "
      + "".join(f"{EXTRA[p]} / kerasj | " for p in shown)
      + "kerasj GFLOP/s | kerasj B/call, `predict(x)` | kerasj B/call, `predict(x, out)` |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|" + "---|---|" * len(shown))
    chart = []
    for c in cases:
        m, b, t = c.split(":")
        k = kj[c]
        s = kjs.get(c)
        o = ort.get(c)
        f = tf.get(c)
        best = (tf_fastest(f)[1] or {}).get("median_us")
        flops = 2.0 * models.MACS_PER_ITEM_STEP[m] * int(b) * int(t)
        gflops = flops / (k["score"] * 1e3)
        w(f"| {m} | {b} × {t} | {fmt(k['score'], k['error'])} | {fmt(s['score'], s['error']) if s else '—'} | "
          + " | ".join(tf_cell(f, p) for p in ("eager", "tf_function", "xla", "predict"))
          + f" | {fmt(o['score'], o['error']) if o else '—'} | "
          + "".join(f"{fmt(extra[p][c]['score'], extra[p][c]['error']) if c in extra[p] else refused(p, c)} | " for p in shown)
          + f"{fmt(best / k['score']) + '×' if best else '—'} | {fmt(o['score'] / k['score']) + '×' if o else '—'} | "
          + "".join(f"{fmt(extra[p][c]['score'] / k['score']) + '×' if c in extra[p] else '—'} | " for p in shown)
          + f"{gflops:.2f} | {fmt(k['alloc'])} | {fmt(kj_into[c]['alloc']) if c in kj_into else '—'} |")
        chart.append((c, k["score"], s["score"] if s else None, best, o["score"] if o else None)
                     + tuple(extra[p][c]["score"] if c in extra[p] else None for p in EXTRA))
    w("")
    w("Ratios are the peer's time over kerasj's (above 1× kerasj is faster). *refused*: the peer could not "
      "load or run the model (exact error under *Extra Java peers*).\n")
    w("GFLOP/s = 2 × multiply-adds of the weight matrices per call / time (biases, activations and "
      "normalisation not counted). B/call = bytes allocated per `predict(x)` (`gc.alloc.rate.norm`), which "
      "includes the output it returns; `predict(x, out)` writes into a caller-owned output tensor.\n")

    # Targets
    w("## Targets\n")
    k1 = kj.get("lstm:1:100")
    if k1 and "lstm:1:100" in tf:
        f = tf["lstm:1:100"]
        best = tf_fastest(f)[1]["median_us"]
        r = best / k1["score"]
        o = ort.get("lstm:1:100")
        ro = o["score"] / k1["score"] if o else None
        w(f"- notebook `lstm`, batch 1, 100 steps: kerasj {fmt(k1['score'], k1['error'])} µs; TensorFlow's fastest "
          f"path {fmt(best)} µs → **{r:.1f}×** (target ≥ 10×: {'met' if r >= 10 else 'MISSED'}); ONNX Runtime "
          f"{fmt(o['score'], o['error']) if o else '—'} µs → **{fmt(ro) if ro else '—'}×** "
          f"(target > 1×: {'met' if ro and ro > 1 else 'MISSED' if ro else 'not measured'}).")
    k5 = kj.get("lstm512:32:100")
    if k5 and "lstm512:32:100" in tf:
        f = tf["lstm512:32:100"]
        best = tf_fastest(f)[1]["median_us"]
        r = best / k5["score"]
        w(f"- LSTM(512) on 128 features, batch 32, 100 steps: kerasj {fmt(k5['score'], k5['error'])} µs, TensorFlow "
          f"{fmt(best)} µs → kerasj throughput **{r:.2f}×** TensorFlow's (target ≥ 0.7×: {'met' if r >= 0.7 else 'MISSED'}).")
    for mdl in ("lstm", "gru", "ln_rnn"):
        a100 = kj_into.get(f"{mdl}:1:100")
        a1000 = kj_into.get(f"{mdl}:1:1000")
        p100 = kj.get(f"{mdl}:1:100")
        p1000 = kj.get(f"{mdl}:1:1000")
        if a100 and a1000 and a100["alloc"] is not None and a1000["alloc"] is not None:
            grow = a1000["alloc"] - a100["alloc"]
            w(f"- allocation per call, notebook `{mdl}`, batch 1, `predict(x, out)`: {fmt(a100['alloc'])} B at 100 steps, "
              f"{fmt(a1000['alloc'])} B at 1,000 steps ({grow:+.0f} B for 900 more steps). Target (independent of "
              f"sequence length): {'met' if abs(grow) < 1024 else 'MISSED'}."
              + (f" `predict(x)` also returns a new output: {fmt(p100['alloc'])} B and {fmt(p1000['alloc'])} B."
                 if p100 and p1000 else ""))
    w("")

    attention(w, kj, kjs, ort, tf)

    cells = jmh_rows(load(d, "kerasj-cells.json"))
    cells_s = {tuple(sorted(r["params"].items())): r for r in jmh_rows(load(d, "kerasj-cells-scalar.json"))}
    if cells:
        w("## One time step of a cell (projection of the step's input + recurrent step), Vector API\n")
        w("| cell | units | input | batch | ns/step | GFLOP/s | B/op | scalar ns/step | Vector API speed-up |")
        w("|---|---|---|---|---|---|---|---|---|")
        for r in sorted(cells, key=lambda r: (list(GATES).index(r["params"]["cell"]), int(r["params"]["units"]),
                                               int(r["params"]["input"]), int(r["params"]["batch"]))):
            p = r["params"]
            macs = GATES[p["cell"]] * int(p["units"]) * (int(p["input"]) + int(p["units"])) * int(p["batch"])
            s = cells_s.get(tuple(sorted(p.items())))
            w(f"| {p['cell']} | {p['units']} | {p['input']} | {p['batch']} | {fmt(r['score'], r['error'])} | "
              f"{2 * macs / r['score']:.2f} | {fmt(r['alloc'])} | {fmt(s['score'], s['error']) if s else '—'} | "
              f"{fmt(s['score'] / r['score']) + '×' if s else '—'} |")
        w("")
    ln = jmh_rows(load(d, "kerasj-layernorm.json"))
    if ln:
        w("## LayerNormalization alone (normalize `batch` rows of `units`)\n")
        w("| units | batch | ns/op | B/op |")
        w("|---|---|---|---|")
        for r in sorted(ln, key=lambda r: (int(r["params"]["units"]), int(r["params"]["batch"]))):
            w(f"| {r['params']['units']} | {r['params']['batch']} | {fmt(r['score'], r['error'])} | {fmt(r['alloc'])} |")
        w("")
    ld = jmh_rows(load(d, "kerasj-load.json"))
    if ld:
        w("## Model load time per file format (from bytes in memory, µs)\n")
        fmts = ["k3.keras", "k2_full.h5", "k3_legacy.h5", "k2_json", "k3_json"]
        w("| model | " + " | ".join(fmts) + " |")
        w("|---|" + "---|" * len(fmts))
        for m in ("lstm", "gru", "ln_rnn"):
            cellsr = {r["params"]["format"]: r for r in ld if r["params"]["model"] == m}
            w(f"| {m} | " + " | ".join(fmt(cellsr[f]["score"], cellsr[f]["error"]) if f in cellsr else "—" for f in fmts) + " |")
        w("")
    if any(extra_status.values()) or checks:
        w("## Extra Java peers (TensorFlow Java, DL4J)\n")
        for p in EXTRA:
            st = extra_status[p] or "not run (no status file)"
            w(f"- **{EXTRA[p]}**: {st}.")
            for c, (status, detail) in checks.get(p, {}).items():
                w(f"  - `{c}`: {status}: {detail}")
        pe = load(d, "peers-export.json")
        if pe:
            w(f"\nExports (TensorFlow {pe.get('tensorflow')}, Keras {pe.get('keras')}, tf-keras {pe.get('tf_keras')}):")
            for m, e in pe.get("models", {}).items():
                sm, h5 = e.get("savedmodel", {}), e.get("keras2_h5", {})
                w(f"- `{m}`: SavedModel " + (f"ok (signature input `{sm['inputs'][0]}`), max |SavedModel − Keras 3| = "
                                             f"{sm['max_abs_vs_keras']:.2g}" if sm.get("ok") else f"failed: {sm.get('error')}")
                  + "; Keras 2 .h5 " + (("ok, max |Keras 2 − Keras 3| = " + ", ".join(
                      f"{v:.2g}" for v in h5["max_abs_keras2_vs_keras3"].values())) if h5.get("ok") else f"failed: {h5.get('error')}"))
        w("")
    if export.get("models"):
        w("## ONNX exports\n")
        for m, e in export["models"].items():
            w(f"- `{m}`: " + (f"ok, max |ORT − Keras| = {e['max_abs_vs_keras']:.2g}, ops: {', '.join(e['ops'])}"
                              if e.get("ok") else f"failed: {e.get('error')}"))
        w("")

    # Chart
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np
        labels = [c.replace(":", " b").replace(" b1 b", " b1 t").replace(" b32 b", " b32 t") for c, *_ in chart]
        series = [("kerasj (Vector API)", 1), ("kerasj (scalar)", 2), ("TensorFlow (fastest path)", 3),
                  ("ONNX Runtime Java", 4)] + [(EXTRA[p], 5 + i) for i, p in enumerate(EXTRA) if p in shown]
        x = np.arange(len(chart))
        width = 0.8 / len(series)
        fig, ax = plt.subplots(figsize=(max(8, 1.1 * len(chart)), 4.8))
        for i, (name, idx) in enumerate(series):
            vals = [row[idx] if row[idx] else np.nan for row in chart]
            ax.bar(x + (i - (len(series) - 1) / 2) * width, vals, width, label=name)
        ax.set_yscale("log")
        ax.set_ylabel("µs per call (log scale, lower is better)")
        ax.set_xticks(x)
        ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
        ax.set_title("kerasj vs its peers, same machine, one run")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(d, "chart.png"), dpi=110)
        w("![time per call](chart.png)\n")
    except ImportError:
        w("(matplotlib not installed: no chart)\n")

    with open(os.path.join(d, "report.md"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
