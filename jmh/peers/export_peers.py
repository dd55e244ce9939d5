"""Exports the benchmark models for the extra Java peers and writes Keras' expected outputs, so that
each peer's benchmark can check it computes the right thing before it is timed.

usage: export_peers.py WORKDIR [--quick]    writes, under WORKDIR:
  savedmodel/<model>/         SavedModel of the Keras 3 model (`model.export(path)`, TimeDistributed(Dense)
                              exported as the Dense itself, as for ONNX), for TensorFlow Java
  h5/<model>.h5               Keras 2 full-model .h5, for Deeplearning4j's Keras import: the fixture's
                              k2_full.h5 (copied), or for lstm512 the same LSTM(512) rebuilt in tf-keras
                              with the Keras 3 model's weights; recurrent_initializer Orthogonal rewritten
                              to GlorotUniform (see no_orthogonal_init), then loaded back and checked
  expected/<model>_b<batch>_t<steps>.npy   Keras 3 `model(x)` on the benchmark input
  peers-export.json           versions, SavedModel signature names, and max |Keras 2 − Keras 3| per case
"""
import json
import os
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

import models  # noqa: E402
from export_onnx import exportable  # noqa: E402


def no_orthogonal_init(path):
    """Rewrites the recurrent layers' `recurrent_initializer` from Orthogonal to GlorotUniform in the
    .h5's model_config (weights untouched). DL4J 1.0.0-M2.1 initialises every imported layer before it
    copies the Keras weights over, and its orthogonal initialiser crashes the JVM on this machine in
    about two runs out of three (SIGSEGV in libnd4jcpu.so, sd::NDArray::getOffset); the initial values
    are overwritten anyway, so the model computes the same."""
    import h5py
    with h5py.File(path, "r+") as f:
        cfg = json.loads(f.attrs["model_config"])
        for layer in cfg["config"]["layers"]:
            init = layer["config"].get("recurrent_initializer")
            if isinstance(init, dict) and init.get("class_name") == "Orthogonal":
                layer["config"]["recurrent_initializer"] = {"module": "keras.initializers", "class_name": "GlorotUniform",
                                                            "config": {"seed": None}, "registered_name": None}
        f.attrs["model_config"] = json.dumps(cfg)


def keras2_model(name, m3, workdir):
    """The Keras 2 (tf-keras) model DL4J reads, written to WORKDIR/h5/<name>.h5 and loaded back."""
    import tf_keras
    from ln_simple_rnn_cell import K2LNSimpleRNNCell
    path = os.path.join(workdir, "h5", f"{name}.h5")
    if not os.path.exists(path):
        if name == "lstm512":
            m2 = tf_keras.Sequential([tf_keras.Input(shape=(None, 128)), tf_keras.layers.LSTM(512)], name="lstm512")
            m2.set_weights(m3.get_weights())
            m2.save(path, save_format="h5")
        else:
            shutil.copyfile(os.path.join(models.FIXTURES, name, "k2_full.h5"), path)
        no_orthogonal_init(path)
    return tf_keras.models.load_model(path, custom_objects={"LNSimpleRNNCell": K2LNSimpleRNNCell}, compile=False)


def main():
    workdir = sys.argv[1]
    quick = "--quick" in sys.argv
    cases = models.QUICK_CASES if quick else models.CASES
    models.make_inputs(workdir, cases)
    for sub in ("savedmodel", "h5", "expected"):
        os.makedirs(os.path.join(workdir, sub), exist_ok=True)
    import tensorflow as tf
    import keras
    import tf_keras
    report = {"tensorflow": tf.__version__, "keras": keras.__version__, "tf_keras": tf_keras.__version__,
              "models": {}}
    for name in sorted({c[0] for c in cases}):
        entry = report["models"].setdefault(name, {})
        m = models.load_model(name, workdir)
        for _, b, t in (c for c in cases if c[0] == name):
            x = np.load(models.input_path(name, b, t, workdir))
            want = np.asarray(m(x, training=False)).astype(np.float32)
            np.save(os.path.join(workdir, "expected", f"{name}_b{b}_t{t}.npy"), want)
        try:
            sm = os.path.join(workdir, "savedmodel", name)
            if not os.path.exists(os.path.join(sm, "saved_model.pb")):
                # Keras 3's SavedModel export of TimeDistributed with a free time axis returns
                # (batch, batch, units); exported as for ONNX, with the Dense itself (same weights).
                e = exportable(m, x.shape[-1])
                assert np.array_equal(np.asarray(e(x, training=False)), want)
                e.export(sm, format="tf_saved_model", verbose=False)
            loaded = tf.saved_model.load(sm)
            sig = loaded.signatures["serving_default"]
            got = list(sig(tf.constant(x)).values())[0].numpy()
            entry["savedmodel"] = {"ok": True, "signature": "serving_default",
                                   "inputs": [s.name for s in sig.structured_input_signature[1].values()],
                                   "outputs": sorted(sig.structured_outputs),
                                   "max_abs_vs_keras": float(np.max(np.abs(got - want)))}
        except Exception as e:  # noqa: BLE001 - recorded in the report
            entry["savedmodel"] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:500]}
        try:
            m2 = keras2_model(name, m, workdir)
            diffs = {}
            for _, b, t in (c for c in cases if c[0] == name):
                x = np.load(models.input_path(name, b, t, workdir))
                want = np.load(os.path.join(workdir, "expected", f"{name}_b{b}_t{t}.npy"))
                diffs[f"{name}:{b}:{t}"] = float(np.max(np.abs(np.asarray(m2(x, training=False)) - want)))
            entry["keras2_h5"] = {"ok": True, "max_abs_keras2_vs_keras3": diffs}
        except Exception as e:  # noqa: BLE001
            entry["keras2_h5"] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:500]}
        print(name, entry, flush=True)
    with open(os.path.join(workdir, "peers-export.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
