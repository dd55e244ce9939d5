#!/usr/bin/env python3
"""Generate the TensorFlow fixture for kerasj's plugin (ServiceLoader) tests.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_plugin_fixtures.py [--out DIR]

Default output: compat-tests/src/test/resources/fixtures_plugin/minimal_rnn/.

A model with a user-defined recurrent cell that kerasj has no built-in for:
the Keras guide's ``MinimalRNNCell`` (a kernel and a recurrent kernel, no
bias), here with a tanh, registered the way users register custom objects:
``@keras.saving.register_keras_serializable(package="kerasj_test")`` in
Keras 3 and ``@tf_keras.saving.register_keras_serializable(...)`` in tf-keras,
with a ``get_config``. The files therefore record the class as
``kerasj_test>MinimalRNNCell``, and loading them needs a plugin (Java) or the
registration (Python).

    Sequential: Input(shape=(None, 2)) -> RNN(MinimalRNNCell(5), return_sequences=True) -> Dense(3)

Saved in every format each Keras writes (tf-keras: full .h5, to_json + .h5
weights; Keras 3: .keras, legacy .h5, to_json + .weights.h5). Expected outputs
come from running the model in TensorFlow (``model(x, training=False)``); each
saved file is reloaded in Python and run again, and the reload difference is
recorded in manifest.json (it must be 0). numpy only draws the seeded weights
and inputs.
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_fixtures as gf  # noqa: E402  (sets env, imports tf / tf_keras / keras)

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402

NAME = "minimal_rnn"
UNITS = 5
FEATURES = 2
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "test" / "resources" / "fixtures_plugin"


def make_cell(K, matmul, tanh):
    """The cell for one framework: a Layer subclass of K, registered as users register it."""

    @K.saving.register_keras_serializable(package="kerasj_test")
    class MinimalRNNCell(K.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units
            self.output_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="uniform",
                                          name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="uniform",
                                                    name="recurrent_kernel")
            self.built = True

        def call(self, inputs, states):
            prev = states[0] if isinstance(states, (list, tuple)) else states
            h = tanh(matmul(inputs, self.kernel) + matmul(prev, self.recurrent_kernel))
            return h, [h]

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return MinimalRNNCell


K3MinimalRNNCell = make_cell(keras, keras.ops.matmul, keras.ops.tanh)
K2MinimalRNNCell = make_cell(tf_keras, tf.matmul, tf.tanh)
CELLS = {"k2": K2MinimalRNNCell, "k3": K3MinimalRNNCell}
# tf-keras' RNN deserializes its cell by the plain class name 'MinimalRNNCell', which the registration
# (keyed 'kerasj_test>MinimalRNNCell') does not cover, so reloading needs custom_objects, as users pass it.
for _fw in CELLS:
    gf.CUSTOM[_fw]["MinimalRNNCell"] = CELLS[_fw]


def build(fw):
    K = gf.FW[fw]
    return K.Sequential([K.Input(shape=(None, FEATURES)),
                         K.layers.RNN(CELLS[fw](UNITS), return_sequences=True),
                         K.layers.Dense(3)])


def stored_class_names(d, files):
    """The class_name / registered_name the cell has in each stored config, read with Python's readers."""
    out = {}
    for fn in files:
        cfg = json.loads((d / fn).read_text()) if fn.endswith(".json") else None
        if fn.endswith(".keras"):
            with zipfile.ZipFile(d / fn) as z:
                cfg = json.loads(z.read("config.json"))
        elif fn.endswith(".h5") and "weights" not in fn:
            with h5py.File(d / fn, "r") as f:
                mc = f.attrs.get("model_config")
                cfg = json.loads(mc.decode() if isinstance(mc, bytes) else mc) if mc is not None else None
        if cfg is None:
            continue
        found = []

        def walk(o):
            if isinstance(o, dict):
                if o.get("class_name", "").endswith("MinimalRNNCell"):
                    found.append({"class_name": o.get("class_name"), "registered_name": o.get("registered_name")})
                for v in o.values():
                    walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)

        walk(cfg)
        out[fn] = found
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    d = args.out / NAME
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)

    rng = np.random.default_rng(20261130)
    x = (rng.standard_normal((4, 9, FEATURES)) * 0.8).astype(np.float32)
    np.save(d / "input_b4_len9.npy", x)

    manifest = {
        "generator": "compat-tests/python/generate_plugin_fixtures.py",
        "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": gf.versions(),
        "model": "Sequential: Input(shape=(None, 2)) -> RNN(MinimalRNNCell(5), return_sequences=True) -> Dense(3); "
                 "MinimalRNNCell: h = tanh(x @ kernel + h_prev @ recurrent_kernel), registered as "
                 "kerasj_test>MinimalRNNCell",
        "input": "input_b4_len9.npy",
        "formats": {},
    }
    seed = gf.model_seed(NAME)
    outputs = {}
    for fw, formats in (("k2", gf.K2_FORMATS), ("k3", gf.K3_FORMATS)):
        gf.reset()
        model = build(fw)
        gf.randomize(model, seed)
        if fw == "k3":
            # Both frameworks get the same numbers, so the two expected files must agree.
            gf.copy_weights(k2_model, model)
        else:
            k2_model = model
        y = gf.run(model, x)
        outputs[fw] = y
        np.save(d / f"expected_{fw}.npy", y)
        manifest[f"{fw}_weights"] = [[getattr(v, "path", None) or v.name, list(v.shape)] for v in model.weights]
        for fmt in formats:
            files = gf.save_format(fmt, model, d)
            reloaded = gf.load_format(fmt, d)
            diff = float(np.max(np.abs(gf.run(reloaded, x) - y)))
            manifest["formats"][fmt] = {"files": files, "reload_max_abs_diff": diff,
                                        "cell": stored_class_names(d, files)}
            assert diff == 0.0, (fmt, diff)
    manifest["k2_vs_k3_max_abs_diff"] = float(np.max(np.abs(outputs["k2"] - outputs["k3"])))
    (d / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(json.dumps({k: v for k, v in manifest.items() if k != "versions"}, indent=1))


if __name__ == "__main__":
    main()
