"""Times TensorFlow (Keras 3, TF backend) on the benchmark cases, four ways: eager `model(x)`,
a `tf.function`-compiled call, the same compiled by XLA (`jit_compile=True`), and
`model.predict(x)`; writes JSON for report.py, which compares kerasj with the fastest of them.
A path that fails (XLA does not compile every model) is recorded with its error.

usage: tf_bench.py WORKDIR OUT.json [--quick | --attention]
Each path: 3 warm-up calls (the first traces/compiles; 1 if a call takes over 0.5 s), then
repetitions until 1 s (0.5 s in quick mode) or 30 calls (at least 5, or 3 for slow paths); the median and the standard deviation are reported in microseconds per call, of the wall-clock time and of the process CPU time (all threads: what the call costs on a machine shared with other jobs, where the wall clock also counts the waits for a core).
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import models  # noqa: E402


def timed(fn, budget_s, min_reps=5, max_reps=30):
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    # Slow paths (eager over 1,000 steps takes seconds per call) get fewer calls, so that the
    # whole suite stays within its time budget; the reps count is reported.
    if first > 0.5:
        min_reps = 3
    else:
        fn()
        fn()
    samples, cpu = [], []
    start = time.perf_counter()
    while len(samples) < min_reps or (len(samples) < max_reps and time.perf_counter() - start < budget_s):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - t0) * 1e6)
        cpu.append((time.process_time() - c0) * 1e6)
    return {"median_us": statistics.median(samples), "stdev_us": statistics.pstdev(samples), "reps": len(samples),
            "cpu_median_us": statistics.median(cpu), "cpu_stdev_us": statistics.pstdev(cpu)}


def main():
    workdir, out = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv
    cases = models.cases(sys.argv)
    budget = 0.5 if quick else 1.0
    models.make_inputs(workdir, cases)
    results = []
    loaded = {}
    for name, batch, steps in cases:
        if name not in loaded:
            loaded[name] = models.load_model(name, workdir)
        m = loaded[name]
        xs = [tf.constant(a) for a in models.load_inputs(name, batch, steps, workdir)]
        x = xs if len(xs) > 1 else xs[0]
        compiled = tf.function(lambda t, m=m: m(t, training=False), reduce_retracing=True)
        row = {"model": name, "batch": batch, "steps": steps}
        row["eager"] = timed(lambda: m(x, training=False), budget)
        row["tf_function"] = timed(lambda: compiled(x), budget)
        # XLA: on the encoder-decoder 1.9x faster than tf.function here, on the Transformer 1.2x.
        xla = tf.function(lambda t, m=m: m(t, training=False), jit_compile=True)
        try:
            row["xla"] = timed(lambda: xla(x), budget)
        except Exception as e:  # noqa: BLE001 - any failure to compile or run is the result
            row["xla"] = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"}
        row["predict"] = timed(lambda: m.predict(x, verbose=0, batch_size=batch), budget)
        print(json.dumps(row), flush=True)
        results.append(row)
    meta = {"tensorflow": tf.__version__, "keras": __import__("keras").__version__, "numpy": np.__version__,
            "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
            "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads()}
    with open(out, "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
