"""The image-model benchmarks of issue 12 (MobileNetV2 and ResNet50 at 224x224, batch 1 and 8):
makes the models and inputs that kerasj (JMH), ONNX Runtime Java (JMH) and TensorFlow read, exports
them to ONNX, and times TensorFlow. Run by jmh/peers/run-images.sh.

usage: images.py WORKDIR export      writes WORKDIR/images/: <model>.keras and <model>.h5 (Keras 3:
                                     the native file and the legacy HDF5 of the same model),
                                     <model>_k2.h5 (tf-keras full .h5, the same weights), <model>.onnx,
                                     <model>_b<batch>.npy inputs, export.json (multiply-adds per image,
                                     weight bytes, ONNX Runtime Python vs Keras on each input)
       images.py WORKDIR time OUT.json [MODEL:BATCH,...]
                                     TensorFlow on every case: eager model(x), tf.function, tf.function
                                     with XLA (jit_compile=True) and model.predict; the fastest of them
                                     is the row the report compares with

Models: keras.applications.<model>(weights=None) under a fixed seed (nothing is downloaded), with the
BatchNormalization moving statistics set from one calibration batch (training=True, momentum 0), so
that the activations of a deep net stay of order one as with trained weights, and outputs are not
degenerate. Inputs: seeded integer pixels in [0, 255] passed through the application's own
preprocess_input. TensorFlow uses its default thread pools (all cores), as users run it.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

MODELS = {"MobileNetV2": "mobilenet_v2", "ResNet50": "resnet"}
CASES = [("MobileNetV2", 1), ("MobileNetV2", 8), ("ResNet50", 1), ("ResNet50", 8)]
SIZE = 224


def path(workdir, name):
    return os.path.join(workdir, "images", name)


def input_file(workdir, model, batch):
    return path(workdir, f"{model}_b{batch}.npy")


def macs_per_image(m):
    """Multiply-adds of the convolutions and Dense layers for one image, from the layers' kernels
    and output sizes (BatchNormalization, activations, pooling and additions are O(activations)
    and left out); GFLOP/s figures count 2 FLOPs per multiply-add."""
    total = 0
    for layer in m.layers:
        kind = type(layer).__name__
        if kind not in ("Conv2D", "DepthwiseConv2D", "Dense"):
            continue
        out = layer.output.shape
        kernel = layer.kernel.shape
        positions = int(np.prod(out[1:-1])) if len(out) > 2 else 1
        # Conv2D: kh·kw·cin·cout per output position; DepthwiseConv2D: kh·kw·channels·multiplier;
        # Dense: cin·cout.
        total += positions * int(np.prod(kernel))
    return total


def calibrate(m, x):
    """BatchNormalization moving statistics from one batch (momentum 0 for that call)."""
    import keras
    bns = [la for la in m.layers if isinstance(la, keras.layers.BatchNormalization)]
    saved = [b.momentum for b in bns]
    for b in bns:
        b.momentum = 0.0
    m(x, training=True)
    for b, mo in zip(bns, saved):
        b.momentum = mo


def export(workdir):
    import keras
    import onnxruntime as ort
    import tf_keras
    os.makedirs(path(workdir, ""), exist_ok=True)
    report = {"onnxruntime_python": ort.__version__, "keras": keras.__version__, "size": SIZE, "models": {}}
    for name, module in MODELS.items():
        pre = getattr(keras.applications, module).preprocess_input
        info = {}
        keras.utils.set_random_seed(1200 + len(name))
        rng = np.random.default_rng(1212)
        m = getattr(keras.applications, name)(weights=None)
        calibrate(m, pre(rng.integers(0, 256, size=(4, SIZE, SIZE, 3)).astype(np.float32)))
        for b in sorted({b for n, b in CASES if n == name}):
            f = input_file(workdir, name, b)
            if not os.path.exists(f):
                np.save(f, pre(rng.integers(0, 256, size=(b, SIZE, SIZE, 3)).astype(np.float32)))
        k3 = path(workdir, f"{name}.keras")
        m.save(k3)
        m.save(path(workdir, f"{name}.h5"))
        try:
            # tf-keras' full .h5 of the same weights (its layers have the same weights in the same order).
            m2 = getattr(tf_keras.applications, name)(weights=None)
            m2.set_weights(m.get_weights())
            m2.save(path(workdir, f"{name}_k2.h5"))
            info["k2_h5"] = True
        except Exception as e:  # noqa: BLE001 - recorded
            info["k2_h5_error"] = f"{type(e).__name__}: {e}"[:300]
        info["macs_per_image"] = macs_per_image(m)
        info["params"] = int(m.count_params())
        info["weight_bytes"] = 4 * info["params"]
        info["files_bytes"] = {f: os.path.getsize(path(workdir, f)) for f in (f"{name}.keras", f"{name}.h5",
                                                                              f"{name}_k2.h5")
                               if os.path.exists(path(workdir, f))}
        onnx_file = path(workdir, f"{name}.onnx")
        try:
            m.export(onnx_file, format="onnx", verbose=False)
            sess = ort.InferenceSession(onnx_file, providers=["CPUExecutionProvider"])
            info["onnx_input"] = sess.get_inputs()[0].name
            info["onnx_max_abs_vs_keras"] = {}
            for b in sorted({b for n, b in CASES if n == name}):
                x = np.load(input_file(workdir, name, b))
                want = np.asarray(m(x, training=False))
                got = sess.run(None, {info["onnx_input"]: x})[0]
                info["onnx_max_abs_vs_keras"][str(b)] = float(np.max(np.abs(got - want)))
        except Exception as e:  # noqa: BLE001 - recorded; the ORT benchmark then has no model to run
            info["onnx_error"] = f"{type(e).__name__}: {e}"[:500]
        report["models"][name] = info
        print(name, json.dumps(info), flush=True)
    with open(path(workdir, "export.json"), "w") as f:
        json.dump(report, f, indent=1)


def timed(fn, budget_s=3.0, min_reps=5, max_reps=30):
    """Warm-up (the first call traces or compiles), then calls until the budget or max_reps; median
    and standard deviation in microseconds."""
    fn()
    fn()
    samples = []
    start = time.perf_counter()
    while len(samples) < min_reps or (len(samples) < max_reps and time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e6)
    return {"median_us": statistics.median(samples), "stdev_us": statistics.pstdev(samples), "reps": len(samples)}


def time_tf(workdir, out, cases=CASES):
    import keras
    import tensorflow as tf
    results = []
    loaded = {}
    for name, batch in cases:
        if name not in loaded:
            loaded[name] = keras.models.load_model(path(workdir, f"{name}.keras"), compile=False)
        m = loaded[name]
        x = tf.constant(np.load(input_file(workdir, name, batch)))
        fn = tf.function(lambda t, m=m: m(t, training=False), reduce_retracing=True)
        xla = tf.function(lambda t, m=m: m(t, training=False), jit_compile=True)
        row = {"model": name, "batch": batch}
        row["eager"] = timed(lambda: m(x, training=False))
        row["tf_function"] = timed(lambda: fn(x))
        try:
            row["tf_function_xla"] = timed(lambda: xla(x))
        except Exception as e:  # noqa: BLE001 - XLA may be unavailable in a CPU wheel
            row["tf_function_xla_error"] = f"{type(e).__name__}: {e}"[:300]
        row["predict"] = timed(lambda: m.predict(x, verbose=0, batch_size=batch))
        paths = [p for p in ("eager", "tf_function", "tf_function_xla", "predict") if p in row]
        row["fastest"] = min(paths, key=lambda p: row[p]["median_us"])
        print(json.dumps(row), flush=True)
        results.append(row)
    meta = {"tensorflow": tf.__version__, "keras": keras.__version__, "numpy": np.__version__,
            "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
            "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads()}
    with open(out, "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)


def main():
    workdir, what = sys.argv[1], sys.argv[2]
    if what == "export":
        export(workdir)
    elif what == "time":
        cases = [(c.split(":")[0], int(c.split(":")[1])) for c in sys.argv[4].split(",")] if len(sys.argv) > 4 else CASES
        time_tf(workdir, sys.argv[3], cases)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
