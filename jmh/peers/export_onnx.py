"""Exports the benchmark models to ONNX (Keras 3 `model.export(format="onnx")`, which runs tf2onnx)
and checks each export against Keras on one input with onnxruntime (Python).

usage: export_onnx.py WORKDIR [--quick | --attention]    writes WORKDIR/onnx/<model>.onnx and WORKDIR/onnx/versions.json
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

import models  # noqa: E402


def exportable(m, features):
    """The same model with TimeDistributed(Dense) replaced by the Dense itself (same layer object,
    same weights; Keras' Dense already maps the last axis), because tf2onnx turns TimeDistributed's
    pfor loop into a graph that does not reproduce Keras' output."""
    import keras
    if not isinstance(m, keras.Sequential):
        return m
    layers = [l.layer if isinstance(l, keras.layers.TimeDistributed) else l for l in m.layers]
    clone = keras.Sequential([keras.Input(shape=(None, features))] + layers, name=m.name + "_export")
    return clone


def feeds(sess, xs):
    """The session's inputs in order, each cast to the element type the export declares (int32 ids stay ints)."""
    types = {"tensor(float)": np.float32, "tensor(int32)": np.int32, "tensor(int64)": np.int64}
    return {i.name: x.astype(types[i.type]) for i, x in zip(sess.get_inputs(), xs)}


def main():
    workdir = sys.argv[1]
    cases = models.cases(sys.argv)
    models.make_inputs(workdir, cases)
    os.makedirs(os.path.join(workdir, "onnx"), exist_ok=True)
    import onnxruntime as ort
    report = {"onnxruntime_python": ort.__version__, "models": {}}
    for name in sorted({c[0] for c in cases}):
        path = os.path.join(workdir, "onnx", f"{name}.onnx")
        m = models.load_model(name, workdir)
        try:
            b, t = next((c[1], c[2]) for c in cases if c[0] == name)
            xs = models.load_inputs(name, b, t, workdir)
            want = np.asarray(m(xs if len(xs) > 1 else xs[0], training=False))  # export needs a called model
            if not os.path.exists(path):
                e = exportable(m, xs[0].shape[-1])
                assert np.array_equal(np.asarray(e(xs if len(xs) > 1 else xs[0], training=False)), want)
                e.export(path, format="onnx", verbose=False)
            sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            got = sess.run(None, feeds(sess, xs))[0]
            err = float(np.max(np.abs(got - want)))
            report["models"][name] = {"ok": True, "input": sess.get_inputs()[0].name,
                                      "inputs": [[i.name, i.type] for i in sess.get_inputs()], "max_abs_vs_keras": err,
                                      "ops": sorted({n.op_type for n in __import__("onnx").load(path).graph.node})}
        except Exception as e:  # noqa: BLE001 - recorded in the report
            report["models"][name] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:500]}
        print(name, report["models"][name], flush=True)
    with open(os.path.join(workdir, "onnx", "versions.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
