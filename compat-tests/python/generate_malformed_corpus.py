#!/usr/bin/env python3
"""Generate the hand-made malformed model files of the kerasj security tests.

Run from the repository root:

    /work/venv/tf/bin/python compat-tests/python/generate_malformed_corpus.py

Output: compat-tests/src/test/resources/malformed/ (each file named after its case, plus
MANIFEST.txt saying what was done to it). Every file starts from a committed fixture under
compat-tests/src/test/resources/fixtures and changes one thing with h5py, so that the Java test
(MalformedCorpusTest) can assert the exact complaint. The Lambda models are saved by tf-keras
(Keras 2, marshalled bytecode) and Keras 3 (a __lambda__ object), as real users would produce them.
Cases that only change the JSON config or the zip container are made in Java by the test itself.
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
FIX = HERE.parent / "src" / "test" / "resources" / "fixtures"
OUT = HERE.parent / "src" / "test" / "resources" / "malformed"

LSTM_K = "model_weights/lstm/lstm/lstm_cell/kernel:0"
manifest = []


def case(name, src, what, edit):
    dst = OUT / name
    shutil.copyfile(FIX / src, dst)
    with h5py.File(dst, "r+") as f:
        edit(f)
    manifest.append(f"{name}: from fixtures/{src}: {what}")


def retype(path, dtype):
    def edit(f):
        data = f[path][()]
        del f[path]
        f.create_dataset(path, data=data.astype(dtype))
    return edit


def transpose(path):
    def edit(f):
        data = f[path][()]
        del f[path]
        f.create_dataset(path, data=np.ascontiguousarray(data.T))
    return edit


def delete(path):
    def edit(f):
        del f[path]
    return edit


def delete_attr(path, attr):
    def edit(f):
        del f[path].attrs[attr]
    return edit


def huge(path, shape):
    # Chunked and never written: the file stays tiny, the declared shape is absurd. A reader that
    # trusts the header would allocate shape's product of floats.
    def edit(f):
        del f[path]
        f.create_dataset(path, shape=shape, dtype="f4", chunks=tuple(min(s, 1024) for s in shape))
    return edit


def cycle(f):
    # A hard link from a layer's group back to itself: a recursive walk never ends.
    f["layers/lstm/cell/loop"] = f["layers/lstm"]


def unclaimed_cycle(f):
    # A group no layer claims, holding only a link back to itself: the leftover-weights check
    # walks it.
    g = f.create_group("layers/extra/a")
    g["loop"] = f["layers/extra"]


def lambda_models():
    import tf_keras
    import keras

    m2 = tf_keras.Sequential([
        tf_keras.layers.LSTM(4, return_sequences=True, input_shape=[None, 1]),
        tf_keras.layers.Lambda(lambda x: x * 2.0 + 1.0, name="scale_shift"),
    ])
    m2.save(OUT / "k2_lambda.h5")
    manifest.append("k2_lambda.h5: tf-keras Sequential(LSTM, Lambda(lambda x: x * 2.0 + 1.0)) saved as .h5")
    m3 = keras.Sequential([
        keras.Input(shape=(None, 1)),
        keras.layers.LSTM(4, return_sequences=True),
        keras.layers.Lambda(lambda x: x * 2.0 + 1.0, name="scale_shift"),
    ])
    m3.save(OUT / "k3_lambda.keras")
    manifest.append("k3_lambda.keras: Keras 3 Sequential(Input, LSTM, Lambda(lambda x: x * 2.0 + 1.0)) saved as .keras")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    case("k2_float64_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} rewritten as float64", retype(LSTM_K, "f8"))
    case("k2_float16_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} rewritten as float16", retype(LSTM_K, "f2"))
    case("k2_int32_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} rewritten as int32", retype(LSTM_K, "i4"))
    case("k2_transposed_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} transposed to (80, 1)", transpose(LSTM_K))
    case("k2_missing_layer_group.h5", "lstm/k2_full.h5", "group model_weights/lstm_1 deleted",
         delete("model_weights/lstm_1"))
    case("k2_missing_dataset.h5", "lstm/k2_full.h5", "dataset lstm_1 recurrent_kernel:0 deleted",
         delete("model_weights/lstm_1/lstm_1/lstm_cell/recurrent_kernel:0"))
    case("k2_missing_weight_names.h5", "lstm/k2_full.h5", "attribute weight_names of model_weights/lstm deleted",
         delete_attr("model_weights/lstm", "weight_names"))
    case("k2_missing_layer_names.h5", "lstm/k2_full.h5", "attribute layer_names of model_weights deleted",
         delete_attr("model_weights", "layer_names"))
    case("k2_missing_model_config.h5", "lstm/k2_full.h5", "root attribute model_config deleted",
         delete_attr("/", "model_config"))
    case("k2_missing_model_weights.h5", "lstm/k2_full.h5", "group model_weights deleted", delete("model_weights"))
    case("k2_huge_kernel.h5", "lstm/k2_full.h5",
         "time_distributed kernel:0 replaced by an unwritten chunked (20, 1073741824) float32 dataset",
         huge("model_weights/time_distributed/time_distributed/kernel:0", (20, 1 << 30)))
    case("k2_weights_huge_dense.h5", "lstm/k2_weights.h5",
         "time_distributed kernel:0 / bias:0 replaced by unwritten chunked (20, 1073741824) / (1073741824,) datasets",
         lambda f: (huge("time_distributed/time_distributed/kernel:0", (20, 1 << 30))(f),
                    huge("time_distributed/time_distributed/bias:0", (1 << 30,))(f)))
    case("k3_weights_group_cycle.h5", "lstm/k3.weights.h5", "hard link layers/lstm/cell/loop -> layers/lstm", cycle)
    case("k3_weights_unclaimed_cycle.h5", "lstm/k3.weights.h5",
         "group layers/extra/a with a hard link loop -> layers/extra", unclaimed_cycle)
    case("k3_weights_missing_var.h5", "lstm/k3.weights.h5", "dataset layers/lstm_1/cell/vars/1 deleted",
         delete("layers/lstm_1/cell/vars/1"))
    lambda_models()
    (OUT / "MANIFEST.txt").write_text("Generated by compat-tests/python/generate_malformed_corpus.py\n\n"
                                      + "\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
