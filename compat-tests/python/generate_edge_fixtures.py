#!/usr/bin/env python3
"""Generate TensorFlow's answers for NaN / +-Inf / huge inputs on the committed fixture models.

Run from the repository root:

    /work/venv/tf/bin/python compat-tests/python/generate_edge_fixtures.py

Reads the committed models under compat-tests/src/test/resources/fixtures/<model>/ (k2_full.h5
loaded by tf-keras, k3.keras loaded by Keras 3, both with custom_objects for LNSimpleRNNCell) and
writes compat-tests/src/test/resources/fixtures_edge/: the inputs, TensorFlow's outputs and
manifest.json. Expected values come from running TensorFlow (model(x, training=False)); nothing
is reimplemented. The Java side is EdgeNumericsTest, which compares with NaN-aware equality.
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

import tf_keras  # noqa: E402
import keras  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ln_simple_rnn_cell import K2LNSimpleRNNCell, K3LNSimpleRNNCell  # noqa: E402

warnings.filterwarnings("ignore")

HERE = Path(__file__).resolve().parent
FIX = HERE.parent / "src" / "test" / "resources" / "fixtures"
OUT = HERE.parent / "src" / "test" / "resources" / "fixtures_edge"

SEQ_MODELS = ["lstm", "lstm_cell", "gru", "gru_reset_before", "simple_rnn", "ln_rnn", "lstm_backwards"]
SEED = 99
INF = np.float32(np.inf)
NAN = np.float32(np.nan)


def seq_inputs():
    """(batch, time, 1) inputs: one special value per batch row, at different steps."""
    rng = np.random.default_rng(SEED)
    base = (rng.standard_normal((6, 7, 1)) * 0.5).astype(np.float32)
    out = {}
    x = base.copy()
    x[1, 0, 0] = NAN      # NaN at the first step
    x[2, 3, 0] = NAN      # NaN in the middle
    x[3, 6, 0] = NAN      # NaN at the last step
    out["seq_nan"] = x
    x = base.copy()
    x[1, 0, 0] = INF
    x[2, 3, 0] = -INF
    x[3, 6, 0] = INF
    x[4, :, 0] = -INF     # a whole row of -inf
    out["seq_inf"] = x
    x = base.copy()
    x[1, 2, 0] = np.float32(3e38)
    x[2, 2, 0] = np.float32(-3e38)
    x[3, :, 0] = np.float32(1e30)
    x[4, 1, 0] = np.float32(1e-40)  # subnormal
    out["seq_huge"] = x
    x = base.copy()
    x[1, 2, 0] = NAN
    x[1, 4, 0] = INF
    x[2, 1, 0] = -INF
    x[2, 5, 0] = NAN
    out["seq_mixed"] = x
    return out


def act_inputs():
    """(batch, time, 4) inputs for the Dense+activation models, holding NaN, +-Inf and huge values."""
    rng = np.random.default_rng(SEED + 1)
    x = (rng.standard_normal((4, 5, 4))).astype(np.float32)
    x[0, 0, :] = [NAN, 0.0, 0.0, 0.0]
    x[0, 1, :] = [INF, 0.0, 0.0, 0.0]
    x[0, 2, :] = [-INF, 0.0, 0.0, 0.0]
    x[0, 3, :] = [0.0, 0.0, INF, 0.0]
    x[0, 4, :] = [0.0, 0.0, 0.0, -INF]
    x[1, 0, :] = [3e38, 0.0, 0.0, 0.0]
    x[1, 1, :] = [-3e38, 0.0, 0.0, 0.0]
    x[1, 2, :] = [1e20, -1e20, 0.0, 0.0]
    x[1, 3, :] = [NAN, INF, 0.0, 0.0]
    x[1, 4, :] = [0.0, 0.0, 0.0, 0.0]
    return {"act_special": x}


def load(fmt, d):
    if fmt == "k2_full":
        return tf_keras.models.load_model(str(d / "k2_full.h5"), custom_objects={"LNSimpleRNNCell": K2LNSimpleRNNCell},
                                          compile=False)
    return keras.saving.load_model(str(d / "k3.keras"), custom_objects={"LNSimpleRNNCell": K3LNSimpleRNNCell},
                                   compile=False)


def run(model, x):
    return np.asarray(model(tf.constant(x), training=False)).astype(np.float32)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "inputs").mkdir(exist_ok=True)
    seq, act = seq_inputs(), act_inputs()
    for name, x in {**seq, **act}.items():
        np.save(OUT / "inputs" / f"{name}.npy", np.ascontiguousarray(x, dtype=np.float32))
    models = SEQ_MODELS + sorted(p.name for p in FIX.iterdir() if p.is_dir() and p.name.startswith("act_"))
    cases = []
    for model in models:
        d = FIX / model
        ins = act if model.startswith("act_") else seq
        for fmt, file in (("k2_full", "k2_full.h5"), ("k3_keras", "k3.keras")):
            if not (d / file).exists():
                continue
            m = load(fmt, d)
            (OUT / model).mkdir(exist_ok=True)
            for iname, x in ins.items():
                y = run(m, x)
                rel = f"{model}/expected_{fmt[:2]}_{iname}.npy"
                np.save(OUT / rel, y)
                cases.append({"model": model, "format": fmt, "file": f"{model}/{file}",
                              "input": f"inputs/{iname}.npy", "expected": rel, "output_shape": list(y.shape),
                              "nan": int(np.isnan(y).sum()), "posinf": int(np.isposinf(y).sum()),
                              "neginf": int(np.isneginf(y).sum())})
            print(model, fmt, "done", flush=True)
    manifest = {
        "generator": "compat-tests/python/generate_edge_fixtures.py",
        "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": {"python": platform.python_version(), "tensorflow": tf.__version__, "keras": keras.__version__,
                     "tf_keras": tf_keras.__version__, "numpy": np.__version__},
        "notes": ["'file' is relative to the main fixtures directory (the committed models are reused);",
                  "'input' and 'expected' are relative to fixtures_edge/.",
                  "Expected outputs are model(x, training=False) from TensorFlow, as float32."],
        "cases": cases,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
