"""The benchmark models and inputs, shared by the TensorFlow timing and the ONNX export.

Models: the notebook fixtures (compat-tests/src/test/resources/fixtures/{ln_rnn,lstm,gru}/k3.keras)
and `lstm512`, a single LSTM(512) on 128 features (return_sequences=False) with seeded random
weights, saved as .keras so that kerasj, TensorFlow and ONNX Runtime run the very same file.
Inputs: seeded uniform(-1, 1) float32 arrays, written as .npy so every runtime reads the same bytes.
"""
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "compat-tests", "src", "test", "resources", "fixtures")
sys.path.insert(0, os.path.join(ROOT, "compat-tests", "python"))

# (model, batch, steps) in report order; features come from the model.
CASES = [
    ("ln_rnn", 1, 100), ("ln_rnn", 1, 1000), ("ln_rnn", 32, 100),
    ("lstm", 1, 100), ("lstm", 1, 1000), ("lstm", 32, 100),
    ("gru", 1, 100), ("gru", 1, 1000), ("gru", 32, 100),
    ("lstm512", 32, 100),
]
FEATURES = {"ln_rnn": 1, "lstm": 1, "gru": 1, "lstm512": 128}
QUICK_CASES = [("lstm", 1, 100), ("lstm512", 32, 100)]

# Multiply-adds per (sequence, time step), counted from the weight matrices (biases and
# normalisation are O(units) and left out): the GFLOP/s figures use 2 × this.
MACS_PER_ITEM_STEP = {
    "ln_rnn": 20 * (1 + 20) + 20 * (20 + 20) + 20 * 10,
    "lstm": 80 * (1 + 20) + 80 * (20 + 20) + 20 * 10,
    "gru": 60 * (1 + 20) + 60 * (20 + 20) + 20 * 10,
    "lstm512": 2048 * (128 + 512),
}


def model_path(name, workdir):
    if name == "lstm512":
        return os.path.join(workdir, "lstm512.keras")
    return os.path.join(FIXTURES, name, "k3.keras")


def input_path(name, batch, steps, workdir):
    return os.path.join(workdir, "inputs", f"{name}_b{batch}_t{steps}.npy")


def make_inputs(workdir, cases):
    os.makedirs(os.path.join(workdir, "inputs"), exist_ok=True)
    for name, batch, steps in cases:
        p = input_path(name, batch, steps, workdir)
        if not os.path.exists(p):
            rng = np.random.default_rng(1000 + batch * 7 + steps)
            x = rng.uniform(-1, 1, size=(batch, steps, FEATURES[name])).astype(np.float32)
            np.save(p, x)


def load_model(name, workdir):
    import keras
    from ln_simple_rnn_cell import K3LNSimpleRNNCell

    if name == "lstm512" and not os.path.exists(model_path(name, workdir)):
        keras.utils.set_random_seed(512)
        m = keras.Sequential([keras.Input(shape=(None, 128)), keras.layers.LSTM(512)], name="lstm512")
        m.save(model_path(name, workdir))
    return keras.models.load_model(model_path(name, workdir),
                                   custom_objects={"LNSimpleRNNCell": K3LNSimpleRNNCell}, compile=False)
