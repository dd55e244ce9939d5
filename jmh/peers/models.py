"""The benchmark models and inputs, shared by the TensorFlow timing and the ONNX export.

Models: the notebook fixtures (compat-tests/src/test/resources/fixtures/{ln_rnn,lstm,gru}/k3.keras)
and `lstm512`, a single LSTM(512) on 128 features (return_sequences=False) with seeded random
weights, saved as .keras so that kerasj, TensorFlow and ONNX Runtime run the very same file.
Inputs: seeded uniform(-1, 1) float32 arrays, written as .npy so every runtime reads the same bytes.

Attention models (ATTENTION_CASES, issue 13), also generated here with Keras 3's default initializers:
`transformer`, a 2-block Transformer encoder (d_model 128, MultiHeadAttention(4 heads, key_dim 32),
Add, LayerNormalization, Dense(512, relu), Dense(128), Add, LayerNormalization) on (batch, 128, 128)
float inputs; `encdec`, the chapter-16 encoder-decoder with Attention at the book's sizes (vocabulary
1,000, Embedding(128, mask_zero=True), LSTM(512) encoder with return_state, LSTM(512) decoder from its
states, Attention, Concatenate, Dense(1000, softmax)), whose two inputs are token ids (encoder, then
decoder; trailing padding) stored as float32 in `<case>_0.npy` and `<case>_1.npy`: TensorFlow casts them
to the int32 Inputs, the ONNX benchmark converts them to the exported inputs' int32.
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
ATTENTION_CASES = [("transformer", 1, 128), ("transformer", 16, 128), ("encdec", 1, 50)]
FEATURES.update({"transformer": 128})
GENERATED = {"lstm512", "transformer", "encdec"}
ENCDEC_VOCAB = 1000


def cases(argv):
    """The cases of a run: --quick, --attention (ATTENTION_CASES only) or the full suite."""
    if "--quick" in argv:
        return QUICK_CASES
    if "--attention" in argv:
        return ATTENTION_CASES
    return CASES + ATTENTION_CASES

# Multiply-adds per (sequence, time step), counted from the weight matrices (biases and
# normalisation are O(units) and left out): the GFLOP/s figures use 2 × this.
MACS_PER_ITEM_STEP = {
    "ln_rnn": 20 * (1 + 20) + 20 * (20 + 20) + 20 * 10,
    "lstm": 80 * (1 + 20) + 80 * (20 + 20) + 20 * 10,
    "gru": 60 * (1 + 20) + 60 * (20 + 20) + 20 * 10,
    "lstm512": 2048 * (128 + 512),
    # per token: Q, K, V, output projections 4·128², scores and A·V 2·128·128, feed-forward 2·128·512
    "transformer": 2 * (4 * 128 * 128 + 2 * 128 * 128 + 2 * 128 * 512),
    # per (encoder + decoder) step: both LSTMs' 4·512·(128 + 512), attention 2·50·512, Dense 1024·1000 (decoder)
    "encdec": 2 * 2048 * (128 + 512) + 2 * 50 * 512 + 1024 * 1000,
}


def model_path(name, workdir):
    if name in GENERATED:
        return os.path.join(workdir, f"{name}.keras")
    return os.path.join(FIXTURES, name, "k3.keras")


def input_path(name, batch, steps, workdir, i=None):
    return os.path.join(workdir, "inputs", f"{name}_b{batch}_t{steps}" + ("" if i is None else f"_{i}") + ".npy")


def input_paths(name, batch, steps, workdir):
    """One file per model input, in the model's input order."""
    if name == "encdec":
        return [input_path(name, batch, steps, workdir, i) for i in (0, 1)]
    return [input_path(name, batch, steps, workdir)]


def load_inputs(name, batch, steps, workdir):
    return [np.load(p) for p in input_paths(name, batch, steps, workdir)]


def make_inputs(workdir, cases):
    os.makedirs(os.path.join(workdir, "inputs"), exist_ok=True)
    for name, batch, steps in cases:
        rng = np.random.default_rng(1000 + batch * 7 + steps)
        if name == "encdec":
            for i, p in enumerate(input_paths(name, batch, steps, workdir)):
                if not os.path.exists(p):
                    ids = rng.integers(1, ENCDEC_VOCAB, size=(batch, steps))
                    ids[:, steps - 10 - 5 * i:] = 0  # trailing padding: the masks are computed and used
                    np.save(p, ids.astype(np.float32))  # ids as float32, as kerasj's callers pass them
            continue
        p = input_path(name, batch, steps, workdir)
        if not os.path.exists(p):
            x = rng.uniform(-1, 1, size=(batch, steps, FEATURES[name])).astype(np.float32)
            np.save(p, x)


def build(name):
    import keras
    L = keras.layers
    if name == "lstm512":
        return keras.Sequential([keras.Input(shape=(None, 128)), L.LSTM(512)], name="lstm512")
    if name == "transformer":
        x = keras.Input(shape=(128, 128))
        z = x
        for _ in range(2):
            z = L.LayerNormalization()(L.Add()([z, L.MultiHeadAttention(num_heads=4, key_dim=32)(z, z)]))
            z = L.LayerNormalization()(L.Add()([z, L.Dense(128)(L.Dense(512, activation="relu")(z))]))
        return keras.Model(x, z, name="transformer")
    if name == "encdec":
        enc = keras.Input(shape=(None,), dtype="int32", name="encoder_inputs")
        dec = keras.Input(shape=(None,), dtype="int32", name="decoder_inputs")
        enc_out, *state = L.LSTM(512, return_sequences=True, return_state=True)(
            L.Embedding(ENCDEC_VOCAB, 128, mask_zero=True)(enc))
        dec_out = L.LSTM(512, return_sequences=True)(L.Embedding(ENCDEC_VOCAB, 128, mask_zero=True)(dec),
                                                     initial_state=state)
        z = L.Concatenate()([L.Attention()([dec_out, enc_out]), dec_out])
        return keras.Model([enc, dec], L.Dense(ENCDEC_VOCAB, activation="softmax")(z), name="encdec")
    raise KeyError(name)


def load_model(name, workdir):
    import keras
    from ln_simple_rnn_cell import K3LNSimpleRNNCell

    if name in GENERATED and not os.path.exists(model_path(name, workdir)):
        keras.utils.set_random_seed({"lstm512": 512, "transformer": 128, "encdec": 50}[name])
        build(name).save(model_path(name, workdir))
    return keras.models.load_model(model_path(name, workdir),
                                   custom_objects={"LNSimpleRNNCell": K3LNSimpleRNNCell}, compile=False)
