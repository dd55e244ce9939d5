#!/usr/bin/env python3
"""Generate the HDF5 storage fixtures of issue 10 section 4, with TensorFlow's and h5py's verdicts.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_hdf5_fixtures.py

Output: compat-tests/src/test/resources/hdf5/ (the files, the inputs, TensorFlow's outputs and
manifest.json; the Java side is Hdf5StorageTest), and seeds of the same families for the HDF5 fuzz
targets under loader/src/test/resources/io/kerasj/loader/{FullHdf5,WeightsHdf5}FuzzTestInputs/fuzz/.

Keras never chooses these storage features itself, but h5py writes them on request and
libhdf5 reads them, so Keras loads such files: a user block (h5py.File(..., userblock_size=512)),
chunked datasets with the gzip, shuffle and fletcher32 filters in the older (B-tree v1) and the
newer (libver="latest": single-chunk, implicit, fixed-array, extensible-array, B-tree v2) chunk indices,
datasets never written (they read as their fill value), and tf-keras layer names containing '/'
(DenseNet121's 'conv1/conv', MobileNetV3's 'Conv/BatchNorm'), which h5py stores as nested groups.
Every file is made the way a user would make it (a model saved by tf-keras or Keras 3, then
copied with h5py into the storage under test) and loaded back by TensorFlow: the expected outputs
are what tf-keras / Keras 3 compute from that very file. Files that libhdf5 refuses (a corrupt
fletcher32 checksum) record h5py's error as the expected verdict. Nothing is reimplemented here;
numpy only draws weights and inputs.
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import json  # noqa: E402
import shutil  # noqa: E402
import struct  # noqa: E402
import tempfile  # noqa: E402
import warnings  # noqa: E402
import zipfile  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

import keras  # noqa: E402  (Keras 3)
import tf_keras  # noqa: E402  (Keras 2)

warnings.filterwarnings("ignore")

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "test" / "resources" / "hdf5"
SEED = 1010
USERBLOCK_TEXT = b"kerasj test: a 512-byte HDF5 user block written by h5py before the superblock\n"

manifest = {"cases": [], "notes": []}


def rng(k):
    return np.random.default_rng(SEED + k)


def randomize(model, k):
    """Seeded weights; BatchNormalization variances stay positive."""
    r = rng(k)
    values = []
    for w in model.weights:
        shape = tuple(w.shape)
        name = w.name if hasattr(w, "name") else ""
        v = r.standard_normal(shape).astype(np.float32) * 0.5
        if "variance" in name:
            v = np.abs(v) + 0.5
        values.append(v)
    model.set_weights(values)


def save_input(name, x):
    np.save(OUT / f"input_{name}.npy", x)
    return f"input_{name}.npy"


def tf_outputs(model, x):
    y = model(x, training=False)
    return np.asarray(y, dtype=np.float32)


def record(file, kind, expected=None, inp=None, config=None, verdict=None, note=None, producer=None):
    c = {"file": file, "kind": kind}
    if config:
        c["config"] = config
    if inp:
        c["input"] = inp
    if expected is not None:
        np.save(OUT / f"expected_{Path(file).name}.npy", expected)
        c["expected"] = f"expected_{Path(file).name}.npy"
    if verdict:
        c["verdict"] = verdict
    if producer:
        c["producer"] = producer
    if note:
        c["note"] = note
    manifest["cases"].append(c)


def copy_attrs(src, dst):
    for k in src.attrs:
        dst.attrs.create(k, src.attrs[k], dtype=src.attrs.get_id(k).dtype)


def rewrite(src, dst, storage=lambda path, arr: {}, userblock=0, libver=None):
    """Copies an HDF5 file object by object, every dataset recreated with storage(path, data)."""
    # Objects are created without timestamps (libver="latest" would record them), so that a file is
    # the same from one run to the next.
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    fcpl.set_obj_track_times(False)
    if userblock:
        fcpl.set_userblock(userblock)
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    if libver:
        fapl.set_libver_bounds(h5py.h5f.LIBVER_LATEST, h5py.h5f.LIBVER_LATEST)
    fid = h5py.h5f.create(str(dst).encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
    with h5py.File(src, "r") as s, h5py.File(fid) as d:
        copy_attrs(s, d)

        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                gcpl = h5py.h5p.create(h5py.h5p.GROUP_CREATE)
                gcpl.set_obj_track_times(False)
                h5py.h5g.create(d.id, ("/" + name).encode(), gcpl=gcpl)
                copy_attrs(obj, d[name])
            else:
                arr = obj[()]
                opts = storage("/" + name, arr)
                if opts.get("early"):
                    # Allocated when created, unfiltered: libhdf5 then indexes the chunks implicitly.
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_chunk(opts["chunks"])
                    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
                    dcpl.set_obj_track_times(False)
                    space = h5py.h5s.create_simple(arr.shape)
                    h5py.h5d.create(d.id, ("/" + name).encode(), h5py.h5t.py_create(arr.dtype), space, dcpl=dcpl).write(
                        h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(arr))
                    copy_attrs(obj, d[name])
                    return
                if opts.get("skip_write"):
                    opts = {k: v for k, v in opts.items() if k != "skip_write"}
                    ds = d.create_dataset(name, shape=arr.shape, dtype=arr.dtype, **opts)
                else:
                    ds = d.create_dataset(name, data=arr, **opts)
                copy_attrs(obj, ds)

        s.visititems(visit)
    if userblock:
        with open(dst, "r+b") as f:
            f.write(USERBLOCK_TEXT)


def h5py_verdict(path, dataset):
    """What h5py (libhdf5) says when it reads `dataset`: 'reads' or its error."""
    try:
        with h5py.File(path, "r") as f:
            f[dataset][()]
        return "reads"
    except Exception as e:  # noqa: BLE001 - the text is the verdict
        return f"refuses: {type(e).__name__}: {e}"


# ---------------------------------------------------------------- models


def k2_slash_model():
    """tf-keras Functional with DenseNet/MobileNet-style names; 'head' and 'head/out' share a group."""
    L = tf_keras.layers
    inp = tf_keras.Input((6,), name="input_1")
    x = L.Dense(8, name="conv1/conv")(inp)
    x = L.BatchNormalization(name="conv1/bn")(x)
    x = L.Activation("relu", name="conv1/relu")(x)
    x = L.Dense(5, name="Conv/BatchNorm")(x)
    x = L.Dense(4, activation="tanh", name="head")(x)
    out = L.Dense(3, name="head/out")(x)
    m = tf_keras.Model(inp, out, name="slash_names")
    randomize(m, 1)
    return m


def dense_model(K, seed):
    """Dense, BatchNormalization, Dense on 6 features, in tf-keras or Keras 3 (the module K)."""
    L = K.layers
    inp = K.Input((6,), name="input_1")
    x = L.Dense(7, activation="tanh", name="dense")(inp)
    x = L.BatchNormalization(name="batch_normalization")(x)
    out = L.Dense(3, name="dense_1")(x)
    m = K.Model(inp, out)
    randomize(m, seed)
    return m


def x6():
    return rng(100).standard_normal((4, 6)).astype(np.float32)


def save_bases(tmp):
    """The small models most cases copy into other storage: saved once, in every format."""
    m2 = dense_model(tf_keras, 2)
    m2.save(tmp / "k2_full.h5")
    m2.save_weights(tmp / "k2_weights.h5", save_format="h5")
    (OUT / "k2_dense_model.json").write_text(m2.to_json())
    m3 = dense_model(keras, 3)
    m3.save(tmp / "k3_legacy.h5")
    m3.save(tmp / "k3.keras")
    m3.save_weights(tmp / "k3.weights.h5")
    (OUT / "k3_dense_model.json").write_text(m3.to_json())


def k2_from_json():
    return tf_keras.models.model_from_json((OUT / "k2_dense_model.json").read_text())


def k3_from_json():
    return keras.models.model_from_json((OUT / "k3_dense_model.json").read_text())


# ---------------------------------------------------------------- cases


def slash_names(tmp):
    m = k2_slash_model()
    m.save(OUT / "k2_slash_full.h5")
    (OUT / "k2_slash_model.json").write_text(m.to_json())
    m.save_weights(OUT / "k2_slash_weights.h5", save_format="h5")
    x = x6()
    inp = save_input("x6", x)
    full = tf_keras.models.load_model(OUT / "k2_slash_full.h5", compile=False)
    record("k2_slash_full.h5", "valid", tf_outputs(full, x), inp, producer="tf-keras model.save (.h5)",
           note="layer names 'conv1/conv', 'conv1/bn', 'conv1/relu', 'Conv/BatchNorm', 'head', 'head/out'")
    m2 = tf_keras.models.model_from_json((OUT / "k2_slash_model.json").read_text())
    m2.load_weights(OUT / "k2_slash_weights.h5")
    record("k2_slash_weights.h5", "valid", tf_outputs(m2, x), inp, config="k2_slash_model.json",
           producer="tf-keras to_json + save_weights (.h5)")
    try:
        keras.layers.Dense(3, name="conv1/conv")
        k3 = "accepted"
    except ValueError as e:
        k3 = f"refused: {e}"
    manifest["notes"].append("Keras 3 layer names with '/': keras.layers.Dense(3, name='conv1/conv') -> " + k3
                             + " (keras/src/ops/operation.py Operation.__init__; variables refuse '/' too, "
                             "keras/src/backend/common/variables.py). Keras 3 .weights.h5 files address layers "
                             "by position (layers/<snake_case class>/vars/<i>), never by name; its legacy .h5 "
                             "stores weight_names such as 'dense/kernel', which h5py nests as groups.")


def userblock(tmp):
    x = x6()
    inp = save_input("x6", x)
    rewrite(tmp / "k2_full.h5", OUT / "k2_ub_full.h5", userblock=512)
    rewrite(tmp / "k2_weights.h5", OUT / "k2_ub_weights.h5", userblock=512)
    full = tf_keras.models.load_model(OUT / "k2_ub_full.h5", compile=False)
    record("k2_ub_full.h5", "valid", tf_outputs(full, x), inp, producer="tf-keras .h5 copied with userblock_size=512")
    w = k2_from_json()
    w.load_weights(OUT / "k2_ub_weights.h5")
    record("k2_ub_weights.h5", "valid", tf_outputs(w, x), inp, config="k2_dense_model.json",
           producer="tf-keras save_weights .h5 copied with userblock_size=512")

    rewrite(tmp / "k3_legacy.h5", OUT / "k3_ub_legacy.h5", userblock=512)
    rewrite(tmp / "k3.weights.h5", OUT / "k3_ub.weights.h5", userblock=512)
    rewrite(tmp / "k3.weights.h5", tmp / "k3_ub_entry.h5", userblock=512)
    with zipfile.ZipFile(tmp / "k3.keras") as zin, zipfile.ZipFile(OUT / "k3_ub.keras", "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "model.weights.h5":
                data = (tmp / "k3_ub_entry.h5").read_bytes()
            zout.writestr(info, data)
    legacy = keras.saving.load_model(OUT / "k3_ub_legacy.h5", compile=False)
    record("k3_ub_legacy.h5", "valid", tf_outputs(legacy, x), inp, producer="Keras 3 legacy .h5 copied with "
           "userblock_size=512")
    w3 = k3_from_json()
    w3.load_weights(OUT / "k3_ub.weights.h5")
    record("k3_ub.weights.h5", "valid", tf_outputs(w3, x), inp, config="k3_dense_model.json",
           producer="Keras 3 save_weights .weights.h5 copied with userblock_size=512")
    arch = keras.saving.load_model(OUT / "k3_ub.keras", compile=False)
    record("k3_ub.keras", "valid", tf_outputs(arch, x), inp, producer="Keras 3 .keras whose model.weights.h5 "
           "entry was replaced by a copy with userblock_size=512 (Keras itself never writes one there)")


def chunked_storage(path, arr):
    """Every weight chunked with fletcher32; kernels also shuffled and gzipped, in edge-cut chunks."""
    if arr.ndim == 0:
        return {}
    chunks = tuple(max(1, (s + 1) // 2) for s in arr.shape) if arr.size else None
    opts = {"chunks": chunks, "fletcher32": True}
    if "kernel" in path:
        opts.update(compression="gzip", shuffle=True)
    return opts


def flip_in_chunk(path, dataset, byte=2, bit=0x10):
    """Flips one bit inside the first chunk's stored bytes of `dataset` (its data, not its checksum)."""
    with h5py.File(path, "r") as f:
        info = f[dataset].id.get_chunk_info(0)
    with open(path, "r+b") as fh:
        fh.seek(info.byte_offset + byte)
        b = fh.read(1)[0]
        fh.seek(info.byte_offset + byte)
        fh.write(bytes([b ^ bit]))
    return info


def fletcher32(tmp):
    x = x6()
    inp = save_input("x6", x)
    rewrite(tmp / "k2_full.h5", OUT / "k2_fletcher_full.h5", chunked_storage)
    full = tf_keras.models.load_model(OUT / "k2_fletcher_full.h5", compile=False)
    record("k2_fletcher_full.h5", "valid", tf_outputs(full, x), inp, producer="tf-keras .h5 with every weight "
           "chunked (edge chunks), fletcher32, kernels also shuffle + gzip")
    # The bias of the first Dense: fletcher32 only, so the flipped bit is a flipped weight bit.
    target = "/model_weights/dense/dense/bias:0"
    shutil.copyfile(OUT / "k2_fletcher_full.h5", OUT / "k2_fletcher_corrupt.h5")
    flip_in_chunk(OUT / "k2_fletcher_corrupt.h5", target)
    verdict = h5py_verdict(OUT / "k2_fletcher_corrupt.h5", target)
    assert verdict.startswith("refuses"), verdict
    try:
        tf_keras.models.load_model(OUT / "k2_fletcher_corrupt.h5", compile=False)
        tfv = "loads"
    except Exception as e:  # noqa: BLE001
        tfv = f"refuses: {type(e).__name__}: {str(e)[:200]}"
    record("k2_fletcher_corrupt.h5", "refused", verdict=verdict, producer="k2_fletcher_full.h5 with bit 4 of "
           f"byte 2 of the first chunk of {target} flipped", note=f"tf_keras.models.load_model: {tfv}")
    # The notebook's LSTM: chunks of over 720 bytes, so the checksum's 360-word folding is exercised.
    lstm = HERE.parent / "src" / "test" / "resources" / "fixtures"
    rewrite(lstm / "lstm" / "k2_weights.h5", OUT / "k2_lstm_fletcher_weights.h5", chunked_storage)
    seq = np.load(lstm / "inputs" / "len7_small.npy")
    seq_inp = save_input("len7_small", seq)
    net = tf_keras.models.model_from_json((lstm / "lstm" / "k2_model.json").read_text())
    net.load_weights(OUT / "k2_lstm_fletcher_weights.h5")
    record("k2_lstm_fletcher_weights.h5", "valid", tf_outputs(net, seq), seq_inp, config="../fixtures/lstm/k2_model.json",
           producer="fixtures/lstm/k2_weights.h5 with every weight chunked with fletcher32, kernels also shuffle + gzip")
    rewrite(tmp / "k3.weights.h5", OUT / "k3_fletcher.weights.h5", chunked_storage)
    w3 = k3_from_json()
    w3.load_weights(OUT / "k3_fletcher.weights.h5")
    record("k3_fletcher.weights.h5", "valid", tf_outputs(w3, x), inp, config="k3_dense_model.json",
           producer="Keras 3 .weights.h5, every weight chunked with fletcher32, kernels also shuffle + gzip")
    # A kernel: shuffle + gzip + fletcher32, so the flip hits compressed bytes; the checksum catches it first.
    target3 = "/layers/dense/vars/0"
    shutil.copyfile(OUT / "k3_fletcher.weights.h5", OUT / "k3_fletcher_corrupt.weights.h5")
    flip_in_chunk(OUT / "k3_fletcher_corrupt.weights.h5", target3, byte=8, bit=0x01)
    verdict = h5py_verdict(OUT / "k3_fletcher_corrupt.weights.h5", target3)
    assert verdict.startswith("refuses"), verdict
    try:
        bad = k3_from_json()
        bad.load_weights(OUT / "k3_fletcher_corrupt.weights.h5")
        kv = "loads"
    except Exception as e:  # noqa: BLE001
        kv = f"refuses: {type(e).__name__}: {str(e)[:200]}"
    record("k3_fletcher_corrupt.weights.h5", "refused", config="k3_dense_model.json", verdict=verdict,
           producer=f"k3_fletcher.weights.h5 with bit 0 of byte 8 of the first chunk of {target3} flipped",
           note=f"keras load_weights: {kv}")


def latest_storage(path, arr):
    """libver='latest' chunk indices: the layout decides which one libhdf5 picks."""
    if arr.ndim == 0 or arr.size == 0:
        return {}
    if path == "/layers/dense/vars/0":  # fixed array: several chunks, fixed shape
        return {"chunks": tuple(max(1, (s + 2) // 3) for s in arr.shape), "compression": "gzip", "shuffle": True,
                "fletcher32": True}
    if path == "/layers/dense/vars/1":  # extensible array: one unlimited axis
        return {"chunks": (2,), "maxshape": (None,), "fletcher32": True}
    if path == "/layers/dense_1/vars/0":  # B-tree v2: two unlimited axes
        return {"chunks": (3, 2), "maxshape": (None, None), "compression": "gzip"}
    if path == "/layers/batch_normalization/vars/0":  # single chunk: one chunk, fixed shape
        return {"chunks": arr.shape, "compression": "gzip", "fletcher32": True}
    if path == "/layers/batch_normalization/vars/1":  # single chunk, unfiltered
        return {"chunks": arr.shape}
    if path == "/layers/batch_normalization/vars/2":  # implicit: allocated early, unfiltered
        return {"chunks": (3,), "early": True}
    return {}


def k3_weights_case(tmp, name, storage, producer, libver=None, edit=None):
    """The Keras 3 base weights copied into other storage (then edited), with Keras 3's outputs on it."""
    x = x6()
    inp = save_input("x6", x)
    rewrite(tmp / "k3.weights.h5", OUT / name, storage, libver=libver)
    if edit:
        edit(OUT / name)
    w3 = k3_from_json()
    w3.load_weights(OUT / name)
    record(name, "valid", tf_outputs(w3, x), inp, config="k3_dense_model.json", producer=producer)
    return w3


def latest_index(tmp):
    k3_weights_case(tmp, "k3_latest.weights.h5", latest_storage, "Keras 3 .weights.h5 copied with libver='latest': "
                    "fixed-array, extensible-array, B-tree v2, single-chunk and implicit indices, "
                    "gzip/shuffle/fletcher32",
                    libver="latest")


def fill_values(tmp):
    """Weights never written: libhdf5 reads the fill value (jhdf alone would read zeros or fail)."""
    def storage(path, arr):
        if path == "/layers/dense/vars/1":  # chunked, never written
            return {"chunks": (3,), "fillvalue": 0.25, "skip_write": True}
        if path == "/layers/dense_1/vars/1":  # contiguous, never written
            return {"fillvalue": -0.5, "skip_write": True}
        return {}

    w3 = k3_weights_case(tmp, "k3_fill.weights.h5", storage, "Keras 3 .weights.h5 whose two biases were created but "
                         "never written (fill values 0.25, chunked, and -0.5, contiguous)")
    assert np.all(np.asarray(w3.layers[1].bias) == 0.25), "h5py reads the fill value"


def odd_streams(tmp):
    """Deflate streams that inflate to more, or less, than their chunk."""
    kernel = "/layers/dense/vars/0"

    def long_stream(path):
        with h5py.File(path, "r+") as f:
            ds = f[kernel]
            # The kernel's bytes, then 1 MiB more: libhdf5 inflates it all and uses the chunk's bytes.
            ds.id.write_direct_chunk((0, 0), zlib.compress(ds[()].tobytes() + bytes(1 << 20), 9))
        assert h5py_verdict(path, kernel) == "reads"

    k3_weights_case(tmp, "k3_longstream.weights.h5", lambda p, a: {"chunks": a.shape, "compression": "gzip"}
                    if p == kernel else {}, "a kernel's single gzip chunk replaced (write_direct_chunk) by a "
                    "stream of its bytes followed by 1 MiB of zeros: h5py reads the chunk's bytes and ignores the "
                    "rest", edit=long_stream)
    rewrite(tmp / "k3.weights.h5", OUT / "k3_shortstream.weights.h5",
            lambda p, a: {"chunks": a.shape, "compression": "gzip"} if p == kernel else {})
    with h5py.File(OUT / "k3_shortstream.weights.h5", "r+") as f:
        ds = f[kernel]
        ds.id.write_direct_chunk((0, 0), zlib.compress(ds[()].tobytes()[:10], 9))
    record("k3_shortstream.weights.h5", "refused", config="k3_dense_model.json",
           verdict=h5py_verdict(OUT / "k3_shortstream.weights.h5", kernel)
           + " (libhdf5 fills the rest of the chunk from uninitialized memory: the values are not defined, so "
           "kerasj refuses the file)",
           producer="a kernel's gzip chunk replaced by a stream of its first 10 bytes")


def chunk_bombs(tmp):
    """Big chunks in small files: a legitimate 256 MiB weight and a 64-element one in a 256 MiB chunk."""
    # A Dense(8192) on 8192 features whose zero kernel is one gzip chunk of 8192 x 8192 floats.
    m = tf_keras.Sequential([tf_keras.Input((8192,)), tf_keras.layers.Dense(8192, name="dense")])
    bias = (np.arange(8192) % 13).astype(np.float32) * 0.125
    m.set_weights([np.zeros((8192, 8192), np.float32), bias])
    m.save(tmp / "big.h5")
    rewrite(tmp / "big.h5", OUT / "k2_dense8192_gzip.h5",
            lambda p, a: {"chunks": a.shape, "compression": "gzip", "compression_opts": 9, "shuffle": True}
            if a.ndim else {})
    x = np.ones((1, 8192), np.float32)
    inp = save_input("ones8192", x)
    full = tf_keras.models.load_model(OUT / "k2_dense8192_gzip.h5", compile=False)
    record("k2_dense8192_gzip.h5", "valid", tf_outputs(full, x), inp, producer="tf-keras Dense(8192) on 8192 "
           "features, the zero kernel stored as one gzip chunk of 8192 x 8192 floats (256 MiB)")
    # A Dense(4) on 8 features whose (8, 4) kernel lives in one (8192, 8192) chunk (resizable datasets
    # may have chunks larger than their shape): reading 32 floats inflates 256 MiB.
    m = tf_keras.Sequential([tf_keras.Input((8,)), tf_keras.layers.Dense(4, name="dense")])
    randomize(m, 5)
    m.save(tmp / "small.h5")
    rewrite(tmp / "small.h5", OUT / "k2_chunkbomb.h5",
            lambda p, a: {"chunks": (8192, 8192), "maxshape": (None, None), "compression": "gzip",
                          "compression_opts": 9} if a.ndim == 2 else {})
    x = rng(101).standard_normal((3, 8)).astype(np.float32)
    inp = save_input("x8", x)
    full = tf_keras.models.load_model(OUT / "k2_chunkbomb.h5", compile=False)
    record("k2_chunkbomb.h5", "valid", tf_outputs(full, x), inp, producer="tf-keras Dense(4) on 8 features, "
           "the (8, 4) kernel stored in one gzip chunk of 8192 x 8192 floats (maxshape (None, None))")


def zero_width(tmp):
    """LSTM weights of width 0: with units = 2^30 in the config, 4 * units wraps to 0 in int arithmetic."""
    src = HERE.parent / "src" / "test" / "resources" / "fixtures" / "lstm" / "k2_weights.h5"
    shutil.copyfile(src, OUT / "k2_lstm_zero_width_weights.h5")
    with h5py.File(OUT / "k2_lstm_zero_width_weights.h5", "r+") as f:
        g = "lstm/lstm/lstm_cell/"
        for name, shape in [("kernel:0", (1, 0)), ("recurrent_kernel:0", (1 << 30, 0)), ("bias:0", (0,))]:
            del f[g + name]
            f.create_dataset(g + name, shape=shape, dtype="f4")
    record("k2_lstm_zero_width_weights.h5", "refused", verdict="no TensorFlow reference: LSTM(2**30) needs "
           "kernels of 2**32 columns; kerasj must refuse the config's sizes, not wrap them",
           producer="fixtures/lstm/k2_weights.h5 with the first LSTM's kernel (1, 0), recurrent kernel "
           "(2**30, 0) and bias (0,) (never written: they read as 0 floats); the test pairs it with lstm/k2_model.json where units = 1073741824")


def patch_address(path, old, new):
    """Replaces the one 8-byte little-endian occurrence of address `old` in the file by `new`."""
    b = bytearray(Path(path).read_bytes())
    key = struct.pack("<Q", old)
    assert b.count(key) == 1, f"address {old} occurs {b.count(key)} times"
    i = b.index(key)
    b[i:i + 8] = struct.pack("<Q", new)
    Path(path).write_bytes(bytes(b))


def addresses_past_eof(tmp):
    """Corrupt addresses in a file of the right length: jhdf alone fails with bare buffer errors."""
    src = HERE.parent / "src" / "test" / "resources" / "fixtures" / "lstm" / "k2_full.h5"
    target = "/model_weights/time_distributed/time_distributed/kernel:0"
    size = src.stat().st_size
    with h5py.File(src, "r") as f:
        data = f[target].id.get_offset()
        header = h5py.h5o.get_info(f[target].id).addr
    shutil.copyfile(src, OUT / "k2_data_past_eof.h5")
    patch_address(OUT / "k2_data_past_eof.h5", data, size + 4096)
    record("k2_data_past_eof.h5", "refused", verdict=h5py_verdict(OUT / "k2_data_past_eof.h5", target),
           producer=f"fixtures/lstm/k2_full.h5 with the data address of {target} moved past the end of the file")
    shutil.copyfile(src, OUT / "k2_header_past_eof.h5")
    patch_address(OUT / "k2_header_past_eof.h5", header, size + 4096)
    record("k2_header_past_eof.h5", "refused", verdict=h5py_verdict(OUT / "k2_header_past_eof.h5", target),
           producer=f"fixtures/lstm/k2_full.h5 with the link to {target} pointing past the end of the file")


FUZZ = HERE.parent.parent / "loader" / "src" / "test" / "resources" / "io" / "kerasj" / "loader"


def fuzz_seeds(tmp):
    """Seeds of the chunk-bomb and checksum families for the HDF5 fuzz targets (small files).

    WeightsHdf5FuzzTest fuzzes weights beside the LSTM configs, so its seeds are the LSTM weights in
    the new storage; FullHdf5FuzzTest takes any full model file.
    """
    lstm = HERE.parent / "src" / "test" / "resources" / "fixtures" / "lstm"
    weights = FUZZ / "WeightsHdf5FuzzTestInputs" / "fuzz"
    full = FUZZ / "FullHdf5FuzzTestInputs" / "fuzz"

    def bomb(chunk, only=""):
        return lambda p, a: ({"chunks": chunk, "maxshape": (None,) * a.ndim, "compression": "gzip",
                              "compression_opts": 9} if a.ndim == 2 and only in p else {})

    shutil.copyfile(OUT / "k2_lstm_fletcher_weights.h5", weights / "seed_lstm_k2_weights_fletcher32.h5")
    shutil.copyfile(weights / "seed_lstm_k2_weights_fletcher32.h5", weights / "seed_lstm_k2_weights_fletcher32_corrupt.h5")
    flip_in_chunk(weights / "seed_lstm_k2_weights_fletcher32_corrupt.h5", "/lstm/lstm/lstm_cell/bias:0")
    rewrite(lstm / "k3.weights.h5", weights / "seed_lstm_k3_weights_latest.h5", chunked_storage, libver="latest")
    rewrite(lstm / "k3.weights.h5", weights / "seed_lstm_k3_weights_userblock.h5", userblock=512)
    # Beyond the fuzz targets' 2^20-element limit: refused from the layout.
    rewrite(lstm / "k2_weights.h5", weights / "seed_lstm_k2_weights_chunkbomb.h5",
            bomb((2048, 2048), "/lstm/lstm/lstm_cell/kernel"))
    # Within it: 1 MiB inflated per kernel.
    rewrite(lstm / "k3.weights.h5", weights / "seed_lstm_k3_weights_bigchunk.h5",
            bomb((512, 512), "/layers/lstm/cell/vars/0"))
    shutil.copyfile(OUT / "k2_slash_full.h5", full / "seed_slash_names_k2_full.h5")
    shutil.copyfile(OUT / "k2_ub_full.h5", full / "seed_userblock_k2_full.h5")
    shutil.copyfile(OUT / "k3_ub_legacy.h5", full / "seed_userblock_k3_legacy.h5")
    shutil.copyfile(OUT / "k2_fletcher_full.h5", full / "seed_fletcher32_k2_full.h5")
    shutil.copyfile(OUT / "k2_fletcher_corrupt.h5", full / "seed_fletcher32_corrupt_k2_full.h5")
    m = tf_keras.Sequential([tf_keras.Input((8,)), tf_keras.layers.Dense(4, name="dense")])
    randomize(m, 6)
    m.save(tmp / "small_seed.h5")
    rewrite(tmp / "small_seed.h5", full / "seed_chunkbomb_k2_full.h5", bomb((2048, 2048)))


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        save_bases(tmp)
        for step in (slash_names, userblock, fletcher32, latest_index, fill_values, odd_streams, chunk_bombs,
                     zero_width, addresses_past_eof, fuzz_seeds):
            step(tmp)
    manifest["versions"] = {"tensorflow": tf.__version__, "keras": keras.__version__,
                            "tf_keras": tf_keras.__version__, "h5py": h5py.__version__,
                            "hdf5": h5py.version.hdf5_version, "numpy": np.__version__}
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    for p in sorted(OUT.iterdir()):
        print(f"{p.stat().st_size:>9}  {p.name}")


if __name__ == "__main__":
    main()
