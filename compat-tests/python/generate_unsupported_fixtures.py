#!/usr/bin/env python3
"""Generate models with a layer kerasj does not implement, as Keras saves them.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_unsupported_fixtures.py

Writes compat-tests/src/test/resources/fixtures_unsupported/: a small Functional model whose
MultiHeadAttention layer is called as attention(query, value), built with the layers' defaults
and saved by tf-keras (Keras 2: full .h5, to_json + .h5 weights) and by Keras 3 (.keras, legacy
.h5, to_json + .weights.h5), plus MANIFEST.txt. tf-keras records the call's `value` tensor as a
call argument in inbound_nodes; the Java side (UnsupportedReportTest) checks that kerasj names the
layer class first, not the call argument. Nothing here is an expected output: the files are what
users have.
"""

import os

# Only files are written here, no outputs: no thread or oneDNN settings are needed.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import keras  # noqa: E402  (Keras 3)
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402  (Keras 2)

OUT = Path(__file__).resolve().parent.parent / "src" / "test" / "resources" / "fixtures_unsupported"
SEED = 7


def mha_model(k):
    """query (3, 4) attends to value (5, 4); two heads of size 2; then a Dense layer."""
    q = k.Input(shape=(3, 4), name="query")
    v = k.Input(shape=(5, 4), name="value")
    a = k.layers.MultiHeadAttention(num_heads=2, key_dim=2, name="attention")(q, v)
    y = k.layers.Dense(2, name="dense")(a)
    return k.Model([q, v], y, name="mha")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for f in OUT.iterdir():
        f.unlink()
    manifest = []

    tf_keras.utils.set_random_seed(SEED)
    m2 = mha_model(tf_keras)
    m2.save(OUT / "mha_k2_full.h5")
    (OUT / "mha_k2_model.json").write_text(m2.to_json(indent=2))
    m2.save_weights(OUT / "mha_k2_weights.h5")
    manifest.append(f"mha_k2_*: tf-keras {tf_keras.__version__}: full .h5, to_json + save_weights .h5")

    keras.utils.set_random_seed(SEED)
    m3 = mha_model(keras)
    m3.save(OUT / "mha_k3.keras")
    m3.save(OUT / "mha_k3_legacy.h5")
    (OUT / "mha_k3_model.json").write_text(json.dumps(json.loads(m3.to_json()), indent=2))
    m3.save_weights(OUT / "mha_k3.weights.h5")
    manifest.append(f"mha_k3*: keras {keras.__version__}: .keras, legacy .h5, to_json + .weights.h5")

    manifest.append(f"tensorflow {tf.__version__}, numpy {np.__version__}")
    (OUT / "MANIFEST.txt").write_text("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
