#!/usr/bin/env python3
"""Generate TensorFlow/Keras ground-truth fixtures for the kerasj compat tests.

Run from the repository root:

    /work/venv/tf/bin/python compat-tests/python/generate_fixtures.py [--out DIR]

Default output directory: compat-tests/src/test/resources/fixtures (resolved
relative to this script, so the command also works from other directories).

Every expected value is produced by running the real TensorFlow / Keras
implementations (tf-keras = Keras 2, keras = Keras 3 on the TensorFlow
backend). Nothing is re-implemented in numpy; numpy is only used to draw
random weights and inputs.
"""

import os

# Must be set before TensorFlow is imported.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import argparse  # noqa: E402
import datetime  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
import zipfile  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import h5py  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

import tf_keras  # noqa: E402  (Keras 2)
import keras  # noqa: E402  (Keras 3)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ln_simple_rnn_cell import K2LNSimpleRNNCell, K3LNSimpleRNNCell  # noqa: E402

warnings.filterwarnings("ignore", category=UserWarning)

SCRIPT_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures"

GLOBAL_SEED = 1234
INPUT_SEED = 20240501
WEIGHT_SEED_BASE = 4242
STATE_API_SEED = 777

K2_TO_K3_TOL = 1e-5
RELOAD_TOL = 1e-6

FW = {"k2": tf_keras, "k3": keras}
CELL = {"k2": K2LNSimpleRNNCell, "k3": K3LNSimpleRNNCell}
CUSTOM = {fw: {"LNSimpleRNNCell": CELL[fw]} for fw in FW}

K2_FORMATS = ["k2_full", "k2_json"]
K3_FORMATS = ["k3_json", "k3_keras", "k3_legacy"]


def log(*a):
    print(*a, flush=True)


def set_seeds(seed):
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
    tf_keras.utils.set_random_seed(seed)
    keras.utils.set_random_seed(seed)


def reset(seed=GLOBAL_SEED):
    """Reset name counters in both frameworks so layer names are stable."""
    tf_keras.backend.clear_session()
    keras.backend.clear_session()
    set_seeds(seed)


def model_seed(name):
    return WEIGHT_SEED_BASE + zlib.crc32(name.encode()) % 100000


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------
def make_inputs():
    rng = np.random.default_rng(INPUT_SEED)
    seq = {}
    for scale_name, scale in (("small", 0.5), ("large", 50.0)):
        lens = (1, 7, 100, 1000) if scale_name == "small" else (1, 7, 100)
        for t in lens:
            seq[f"len{t}_{scale_name}"] = (rng.standard_normal((4, t, 1)) * scale).astype(np.float32)
    act = {}
    for scale_name, scale in (("small", 1.0), ("large", 20.0)):
        x = (rng.standard_normal((4, 7, 4)) * scale).astype(np.float32)
        # guarantee exact zeros (a whole time step, and a sprinkling) and negatives
        x[0, 0, :] = 0.0
        mask = rng.random(x.shape) < 0.1
        x[mask] = 0.0
        x[1, 1, :] = -np.abs(x[1, 1, :]) - 0.5 * scale
        act[f"act_{scale_name}"] = np.ascontiguousarray(x, dtype=np.float32)
    return seq, act


# ---------------------------------------------------------------------------
# Weight randomisation
# ---------------------------------------------------------------------------
def leaf_name(var):
    n = getattr(var, "path", None) or var.name
    return n.split("/")[-1].split(":")[0]


def random_value(leaf, shape, rng):
    shape = tuple(int(s) for s in shape)
    if leaf in ("kernel", "recurrent_kernel"):
        fan_in, fan_out = (shape[0], shape[-1]) if len(shape) >= 2 else (shape[0], shape[0])
        lim = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-lim, lim, size=shape).astype(np.float32)
    if leaf == "bias":
        return rng.normal(0.0, 0.3, size=shape).astype(np.float32)
    if leaf == "gamma":
        return (1.0 + rng.normal(0.0, 0.2, size=shape)).astype(np.float32)
    if leaf == "beta":
        return rng.normal(0.0, 0.2, size=shape).astype(np.float32)
    raise ValueError(f"Unexpected weight {leaf} {shape}")


def versions():
    """The software that produced the fixtures, for the manifest."""
    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "keras_backend": keras.backend.backend(),
        "tf_keras": tf_keras.__version__,
        "numpy": np.__version__,
        "h5py": h5py.__version__,
        "hdf5": h5py.version.hdf5_version,
    }


def randomize(model, seed):
    rng = np.random.default_rng(seed)
    names = []
    for v in model.weights:
        leaf = leaf_name(v)
        v.assign(random_value(leaf, v.shape, rng))
        names.append(getattr(v, "path", None) or v.name)
    return names


def copy_weights(src, dst):
    ws = src.get_weights()
    dst_shapes = [tuple(w.shape) for w in dst.get_weights()]
    assert [tuple(w.shape) for w in ws] == dst_shapes, ([w.shape for w in ws], dst_shapes)
    dst.set_weights(ws)


# ---------------------------------------------------------------------------
# Model builders
# ---------------------------------------------------------------------------
def _first(fw, layer_factory, input_shape):
    """First layer: Keras 2 uses the notebook style input_shape= kwarg;
    Keras 3 uses an explicit Input (the idiomatic Keras 3 way)."""
    K = FW[fw]
    if fw == "k2":
        return [layer_factory(input_shape=input_shape)]
    return [K.Input(shape=tuple(input_shape)), layer_factory()]


def build_rnn_model(name, fw):
    K = FW[fw]
    L = K.layers
    td = lambda: L.TimeDistributed(L.Dense(10))  # noqa: E731
    if name == "ln_rnn":
        Cell = CELL[fw]
        layers = _first(fw, lambda **kw: L.RNN(Cell(20), return_sequences=True, **kw), [None, 1])
        layers += [L.RNN(Cell(20), return_sequences=True), td()]
    elif name == "lstm":
        layers = _first(fw, lambda **kw: L.LSTM(20, return_sequences=True, **kw), [None, 1])
        layers += [L.LSTM(20, return_sequences=True), td()]
    elif name == "lstm_cell":
        layers = _first(fw, lambda **kw: L.RNN(L.LSTMCell(20), return_sequences=True, **kw), [None, 1])
        layers += [L.RNN(L.LSTMCell(20), return_sequences=True), td()]
    elif name == "gru":
        layers = _first(fw, lambda **kw: L.GRU(20, return_sequences=True, **kw), [None, 1])
        layers += [L.GRU(20, return_sequences=True), td()]
    elif name == "gru_reset_before":
        layers = _first(fw, lambda **kw: L.GRU(20, return_sequences=True, reset_after=False, **kw), [None, 1])
        layers += [L.GRU(20, return_sequences=True, reset_after=False), td()]
    elif name == "simple_rnn":
        layers = _first(fw, lambda **kw: L.SimpleRNN(20, return_sequences=True, **kw), [None, 1])
        layers += [L.SimpleRNN(20, return_sequences=True), td()]
    elif name == "lstm_backwards":
        layers = _first(fw, lambda **kw: L.LSTM(16, return_sequences=True, go_backwards=True, **kw), [None, 1])
        layers += [L.GRU(12, go_backwards=True), L.Dense(5)]
    else:
        raise KeyError(name)
    return K.Sequential(layers)


def build_act_model(act, fw):
    K = FW[fw]
    return K.Sequential([K.Input(shape=(None, 4)), K.layers.Dense(6, activation=act)])


RNN_MODELS = ["ln_rnn", "lstm", "lstm_cell", "gru", "gru_reset_before", "simple_rnn", "lstm_backwards"]
SUMMARY_MODELS = {"lstm", "lstm_cell", "ln_rnn"}


# ---------------------------------------------------------------------------
# Activation discovery (inspect each framework's activations module)
# ---------------------------------------------------------------------------
NOT_ACTIVATIONS = {"get", "serialize", "deserialize", "keras_export"}


def discover_activations():
    import keras.src.activations as k3_src
    import tf_keras.src.activations as k2_src

    candidates = set()
    for mod in (tf_keras.activations, k2_src, keras.activations, k3_src):
        for n, obj in vars(mod).items():
            if n.startswith("_") or n in NOT_ACTIVATIONS:
                continue
            if inspect.isfunction(obj):
                candidates.add(n)
    candidates |= set(getattr(k3_src, "ALL_OBJECTS_DICT", {}).keys())
    accepted = {}
    rejected = {}
    for fw in ("k2", "k3"):
        accepted[fw] = []
        rejected[fw] = {}
        for n in sorted(candidates):
            try:
                f = FW[fw].activations.get(n)
                if not callable(f) or inspect.isclass(f) or inspect.ismodule(f):
                    raise TypeError(f"not an activation function: {f!r}")
                accepted[fw].append(n)
            except Exception as e:  # noqa: BLE001
                rejected[fw][n] = f"{type(e).__name__}: {e}"
    return sorted(candidates), accepted, rejected


# ---------------------------------------------------------------------------
# Saving / loading in every format
# ---------------------------------------------------------------------------
def err_text(e):
    return f"{type(e).__name__}: {e}".strip()


def save_format(fmt, model, d):
    """Returns list of file names (model file first, then weights)."""
    if fmt == "k2_full":
        model.save(str(d / "k2_full.h5"), save_format="h5")
        return ["k2_full.h5"]
    if fmt == "k2_json":
        (d / "k2_model.json").write_text(model.to_json())
        model.save_weights(str(d / "k2_weights.h5"), save_format="h5")
        return ["k2_model.json", "k2_weights.h5"]
    if fmt == "k3_json":
        (d / "k3_model.json").write_text(model.to_json())
        model.save_weights(str(d / "k3.weights.h5"))
        return ["k3_model.json", "k3.weights.h5"]
    if fmt == "k3_keras":
        model.save(str(d / "k3.keras"))
        return ["k3.keras"]
    if fmt == "k3_legacy":
        model.save(str(d / "k3_legacy.h5"))
        return ["k3_legacy.h5"]
    raise KeyError(fmt)


def load_format(fmt, d):
    fw = fmt[:2]
    K = FW[fw]
    co = CUSTOM[fw]
    if fmt == "k2_full":
        return K.models.load_model(str(d / "k2_full.h5"), custom_objects=co, compile=False)
    if fmt == "k2_json":
        m = K.models.model_from_json((d / "k2_model.json").read_text(), custom_objects=co)
        m.load_weights(str(d / "k2_weights.h5"))
        return m
    if fmt == "k3_json":
        m = K.models.model_from_json((d / "k3_model.json").read_text(), custom_objects=co)
        m.load_weights(str(d / "k3.weights.h5"))
        return m
    if fmt == "k3_keras":
        return K.models.load_model(str(d / "k3.keras"), custom_objects=co, compile=False)
    if fmt == "k3_legacy":
        return K.models.load_model(str(d / "k3_legacy.h5"), custom_objects=co, compile=False)
    raise KeyError(fmt)


def run(model, x):
    return np.asarray(model(tf.constant(x), training=False)).astype(np.float32)


# ---------------------------------------------------------------------------
# Reference dumps
# ---------------------------------------------------------------------------
def _attr_repr(v):
    if isinstance(v, bytes):
        return repr(v.decode("utf-8", "replace"))
    if isinstance(v, np.ndarray):
        if v.dtype.kind in ("S", "O"):
            return repr([x.decode("utf-8", "replace") if isinstance(x, bytes) else x for x in v.tolist()])
        return f"ndarray(shape={v.shape}, dtype={v.dtype}) {v.tolist()!r}"
    return repr(v)


def h5_tree_text(path):
    out = io.StringIO()
    with h5py.File(path, "r") as f:
        out.write(f"# HDF5 structure of {Path(path).name}\n")
        out.write("/ (root group)\n")
        for k, v in f.attrs.items():
            out.write(f"    @{k} = {_attr_repr(v)}\n")

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out.write(f"/{name}  DATASET shape={obj.shape} dtype={obj.dtype}\n")
            else:
                out.write(f"/{name}/  GROUP\n")
            for k, v in obj.attrs.items():
                out.write(f"    @{k} = {_attr_repr(v)}\n")

        f.visititems(visit)
    return out.getvalue()


def h5_dataset_paths(path):
    paths = []
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: paths.append(n) if isinstance(o, h5py.Dataset) else None)
    return paths


def dump_trees(d, files):
    for fn in files:
        if fn.endswith(".h5"):
            (d / f"{fn}.tree.txt").write_text(h5_tree_text(d / fn))


def dump_keras_zip(d):
    p = d / "k3.keras"
    parts = []
    with zipfile.ZipFile(p) as z:
        names = z.namelist()
        parts.append(f"# Entries of k3.keras: {names}\n")
        for entry in ("metadata.json", "config.json"):
            if entry in names:
                txt = z.read(entry).decode("utf-8")
                try:
                    txt = json.dumps(json.loads(txt), indent=2, sort_keys=False)
                except ValueError:
                    pass
                parts.append(f"\n# ===== {entry} =====\n{txt}\n")
        if "model.weights.h5" in names:
            with tempfile.TemporaryDirectory() as td:
                wp = Path(td) / "model.weights.h5"
                wp.write_bytes(z.read("model.weights.h5"))
                (d / "k3.keras.model.weights.h5.tree.txt").write_text(
                    h5_tree_text(wp).replace(str(wp), "k3.keras!/model.weights.h5"))
    (d / "k3_keras_config.json.txt").write_text("".join(parts))


def capture_summary(model, fw):
    lines = []

    def pf(s, *a, **k):
        lines.append(str(s))

    model.summary(print_fn=pf)
    txt = "\n".join(lines)
    return txt if txt.endswith("\n") else txt + "\n"


def cell_config_report(d, files):
    """Find the LNSimpleRNNCell entries in each stored config."""
    found = {}

    def walk(o, acc):
        if isinstance(o, dict):
            if o.get("class_name") == "LNSimpleRNNCell":
                acc.append(o)
            for v in o.values():
                walk(v, acc)
        elif isinstance(o, list):
            for v in o:
                walk(v, acc)

    for fn in files:
        p = d / fn
        cfg = None
        if fn.endswith(".json"):
            cfg = json.loads(p.read_text())
        elif fn.endswith(".h5"):
            with h5py.File(p, "r") as f:
                mc = f.attrs.get("model_config")
                if mc is not None:
                    cfg = json.loads(mc.decode() if isinstance(mc, bytes) else mc)
        elif fn.endswith(".keras"):
            with zipfile.ZipFile(p) as z:
                cfg = json.loads(z.read("config.json"))
        if cfg is not None:
            acc = []
            walk(cfg, acc)
            if acc:
                found[fn] = acc
    return found


# ---------------------------------------------------------------------------
# Per-model pipeline
# ---------------------------------------------------------------------------
def process_model(name, builder, producers, inputs, input_dir_rel, out, manifest, extra=None):
    d = out / name
    d.mkdir(parents=True, exist_ok=True)
    seed = model_seed(name)
    reset()
    info = {"weight_seed": seed, "producers": producers, "formats": {}, "unavailable": {}}
    if extra:
        info.update(extra)

    models = {}
    if "k2" in producers:
        models["k2"] = builder("k2")
        info["k2_weight_names"] = randomize(models["k2"], seed)
    if "k3" in producers:
        models["k3"] = builder("k3")
        if "k2" in models:
            copy_weights(models["k2"], models["k3"])
        else:
            randomize(models["k3"], seed)
        info["k3_weight_paths"] = [w.path for w in models["k3"].weights]

    # expected outputs
    expected = {fw: {} for fw in models}
    for iname, x in inputs.items():
        for fw, m in models.items():
            y = run(m, x)
            expected[fw][iname] = y
            np.save(d / f"expected_{fw}_{iname}.npy", y)
    if not all(np.all(np.isfinite(y)) for fw in expected for y in expected[fw].values()):
        info["note_non_finite"] = "some expected outputs contain inf/nan"

    if "k2" in models and "k3" in models:
        diffs = {i: float(np.max(np.abs(expected["k2"][i] - expected["k3"][i]))) for i in inputs}
        info["k2_vs_k3_max_abs_diff"] = diffs
        sanity_input = "len7_small" if "len7_small" in inputs else "act_small"
        log(f"  [{name}] k2 vs k3 max|diff| on {sanity_input}: {diffs[sanity_input]:.3e}")
        if name in RNN_MODELS:
            assert diffs[sanity_input] <= K2_TO_K3_TOL, (name, diffs)

    # save in all formats, reload, compare
    all_files = []
    for fw in models:
        for fmt in (K2_FORMATS if fw == "k2" else K3_FORMATS):
            try:
                files = save_format(fmt, models[fw], d)
            except Exception as e:  # noqa: BLE001
                info["unavailable"][fmt] = err_text(e)
                log(f"  [{name}] {fmt}: SAVE FAILED: {err_text(e)}")
                continue
            entry = {"files": [f"{name}/{f}" for f in files]}
            try:
                m2 = load_format(fmt, d)
                rd = {i: float(np.max(np.abs(run(m2, x) - expected[fw][i]))) for i, x in inputs.items()}
                entry["reload_max_abs_diff"] = rd
                worst = max(rd.values())
                if worst > RELOAD_TOL:
                    log(f"  [{name}] {fmt}: WARNING reload diff {worst:.3e}")
                    entry["reload_warning"] = f"max diff {worst} > {RELOAD_TOL}"
            except Exception as e:  # noqa: BLE001
                entry["reload_error"] = err_text(e)
                log(f"  [{name}] {fmt}: RELOAD FAILED: {err_text(e)}")
                traceback.print_exc()
            info["formats"][fmt] = entry
            all_files += files
            for iname, x in inputs.items():
                manifest["cases"].append({
                    "model": name,
                    "format": fmt,
                    "files": entry["files"],
                    "input": f"{input_dir_rel}/{iname}.npy",
                    "expected": f"{name}/expected_{fw}_{iname}.npy",
                    "output_shape": list(expected[fw][iname].shape),
                })

    dump_trees(d, all_files)
    if "k3.keras" in all_files:
        dump_keras_zip(d)
    if name in SUMMARY_MODELS:
        manifest["summaries"][name] = {}
        for fw, m in models.items():
            (d / f"{fw}_summary.txt").write_text(capture_summary(m, fw))
            manifest["summaries"][name][fw] = f"{name}/{fw}_summary.txt"
    cells = cell_config_report(d, all_files)
    if cells:
        info["ln_simple_rnn_cell_configs"] = cells
    info["h5_dataset_paths"] = {f: h5_dataset_paths(d / f) for f in all_files if f.endswith(".h5")}
    if not info["unavailable"]:
        del info["unavailable"]
    manifest["models"][name] = info
    return models


# ---------------------------------------------------------------------------
# State API fixture
# ---------------------------------------------------------------------------
STATE_KINDS = ["lstm", "gru", "simple_rnn", "ln_rnn"]


def state_layer(kind, fw, **kw):
    L = FW[fw].layers
    if kind == "lstm":
        return L.LSTM(6, **kw)
    if kind == "gru":
        return L.GRU(6, reset_after=True, **kw)
    if kind == "simple_rnn":
        return L.SimpleRNN(6, **kw)
    if kind == "ln_rnn":
        return L.RNN(CELL[fw](6), **kw)
    raise KeyError(kind)


def process_state_api(out, manifest):
    d = out / "state_api"
    d.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(STATE_API_SEED)
    x = rng.standard_normal((3, 5, 2)).astype(np.float32)
    np.save(d / "x.npy", x)
    sec = {"seed": STATE_API_SEED, "x": "state_api/x.npy", "kinds": {}}
    for kind in STATE_KINDS:
        kd = d / kind
        kd.mkdir(parents=True, exist_ok=True)
        reset()
        seed = model_seed("state_api/" + kind)
        info = {"weight_seed": seed, "files": {}, "unavailable": {}}
        h0 = (rng.standard_normal((3, 6)) * 0.5).astype(np.float32)
        np.save(kd / "h0.npy", h0)
        init = [h0]
        info["h0"] = f"state_api/{kind}/h0.npy"
        if kind == "lstm":
            c0 = (rng.standard_normal((3, 6)) * 0.5).astype(np.float32)
            np.save(kd / "c0.npy", c0)
            init.append(c0)
            info["c0"] = f"state_api/{kind}/c0.npy"

        m = {}
        for fw in ("k2", "k3"):
            K = FW[fw]
            m[fw] = K.Sequential([K.Input(shape=(None, 2)), state_layer(kind, fw, return_sequences=True)])
        randomize(m["k2"], seed)
        copy_weights(m["k2"], m["k3"])
        info["weight_names_k2"] = [w.name for w in m["k2"].weights]
        info["weight_paths_k3"] = [w.path for w in m["k3"].weights]

        for fw, fmt, fn in (("k2", "k2_full", "k2_full.h5"), ("k3", "k3_keras", "k3.keras")):
            y = run(m[fw], x)
            np.save(kd / f"expected_{fw}.npy", y)
            info[f"expected_{fw}"] = f"state_api/{kind}/expected_{fw}.npy"
            try:
                save_format(fmt, m[fw], kd)
                info["files"][fmt] = f"state_api/{kind}/{fn}"
                lm = load_format(fmt, kd)
                info.setdefault("reload_max_abs_diff", {})[fmt] = float(np.max(np.abs(run(lm, x) - y)))
            except Exception as e:  # noqa: BLE001
                info["unavailable"][fmt] = err_text(e)
                log(f"  [state_api/{kind}] {fmt}: FAILED {err_text(e)}")

            # standalone layer with return_state and an initial state
            layer = state_layer(kind, fw, return_sequences=True, return_state=True)
            init_t = [tf.constant(s) for s in init]
            layer(tf.constant(x), initial_state=init_t)  # build
            layer.set_weights(m[fw].layers[-1].get_weights())
            res = layer(tf.constant(x), initial_state=init_t)
            res = [np.asarray(r).astype(np.float32) for r in res]
            np.save(kd / f"{fw}_out.npy", res[0])
            info[f"{fw}_out"] = f"state_api/{kind}/{fw}_out.npy"
            for i, s in enumerate(res[1:]):
                np.save(kd / f"{fw}_state{i}.npy", s)
                info[f"{fw}_state{i}"] = f"state_api/{kind}/{fw}_state{i}.npy"
        for k in ("out", "state0", "state1"):
            if (kd / f"k2_{k}.npy").exists():
                a, b = np.load(kd / f"k2_{k}.npy"), np.load(kd / f"k3_{k}.npy")
                info.setdefault("k2_vs_k3_max_abs_diff", {})[k] = float(np.max(np.abs(a - b)))
        a, b = np.load(kd / "expected_k2.npy"), np.load(kd / "expected_k3.npy")
        info.setdefault("k2_vs_k3_max_abs_diff", {})["expected"] = float(np.max(np.abs(a - b)))
        log(f"  [state_api/{kind}] k2 vs k3: {info['k2_vs_k3_max_abs_diff']}")
        files = [p.name for p in kd.iterdir() if p.suffix == ".h5"]
        dump_trees(kd, files)
        if (kd / "k3.keras").exists():
            dump_keras_zip(kd)
        if not info["unavailable"]:
            del info["unavailable"]
        sec["kinds"][kind] = info
    manifest["state_api"] = sec


# ---------------------------------------------------------------------------
def clean_output(out, owned):
    out.mkdir(parents=True, exist_ok=True)
    for p in out.iterdir():
        if p.name in owned or (p.is_dir() and p.name.startswith("act_")):
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink()


def dir_size(p):
    return sum(f.stat().st_size for f in Path(p).rglob("*") if f.is_file())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output directory (default: %(default)s)")
    args = ap.parse_args()
    out = Path(args.out).resolve()

    owned = set(RNN_MODELS) | {"inputs", "state_api", "manifest.json"}
    clean_output(out, owned)
    set_seeds(GLOBAL_SEED)

    candidates, accepted, rejected = discover_activations()
    log("activation candidates:", candidates)
    log("k2 accepts:", accepted["k2"])
    log("k3 accepts:", accepted["k3"])

    manifest = {
        "generator": "compat-tests/python/generate_fixtures.py",
        "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": versions(),
        "seeds": {
            "global": GLOBAL_SEED,
            "inputs": INPUT_SEED,
            "weights_base": WEIGHT_SEED_BASE,
            "weights_per_model": "weights_base + crc32(model_name) % 100000 (see models.<name>.weight_seed)",
            "state_api": STATE_API_SEED,
        },
        "weight_init": {
            "kernel/recurrent_kernel": "uniform(-sqrt(6/(shape[0]+shape[-1])), +...)",
            "bias": "normal(0, 0.3)",
            "gamma": "1 + normal(0, 0.2)",
            "beta": "normal(0, 0.2)",
            "note": "weights set in tf-keras (numpy default_rng(weight_seed), in model.weights order) "
                    "and copied to Keras 3 with get_weights/set_weights; Keras-3-only models are "
                    "randomised directly in Keras 3",
        },
        "notes": [
            "Keras 2 RNN models use the notebook style input_shape=[None, 1] kwarg on the first "
            "layer; Keras 3 models use an explicit keras.Input(shape=(None, 1)).",
            "act_* models use an explicit Input(shape=(None, 4)) in both frameworks.",
            "Expected outputs are model(x, training=False) as float32. k2_* formats are compared "
            "against expected_k2_*, k3_* formats against expected_k3_*.",
            "The Keras 3 LNSimpleRNNCell has an added build() (see ln_simple_rnn_cell.py).",
        ],
        "activations": {
            "candidates_inspected": candidates,
            "k2_accepted": accepted["k2"],
            "k3_accepted": accepted["k3"],
            "k2_rejected": rejected["k2"],
            "k3_rejected": rejected["k3"],
        },
        "inputs": {},
        "models": {},
        "skipped_models": {},
        "summaries": {},
        "cases": [],
    }

    seq_inputs, act_inputs = make_inputs()
    ind = out / "inputs"
    ind.mkdir(parents=True, exist_ok=True)
    for k, v in {**seq_inputs, **act_inputs}.items():
        np.save(ind / f"{k}.npy", v)
        manifest["inputs"][k] = {"file": f"inputs/{k}.npy", "shape": list(v.shape), "dtype": "float32",
                                 "num_exact_zeros": int(np.sum(v == 0)), "num_negative": int(np.sum(v < 0))}

    for name in RNN_MODELS:
        log(f"model {name}")
        process_model(name, lambda fw, n=name: build_rnn_model(n, fw), ["k2", "k3"],
                      seq_inputs, "inputs", out, manifest)

    for act in sorted(set(accepted["k2"]) | set(accepted["k3"])):
        name = f"act_{act}"
        producers = [fw for fw in ("k2", "k3") if act in accepted[fw]]
        # check the model can actually be built and called in each producer
        ok, failed = [], {}
        for fw in producers:
            try:
                reset()
                run(build_act_model(act, fw), act_inputs["act_small"])
                ok.append(fw)
            except Exception as e:  # noqa: BLE001
                failed[fw] = err_text(e).replace("\x1b[1m", "").replace("\x1b[0m", "")
        if failed:
            manifest["skipped_models"][name] = {
                fw: f"activations.get('{act}') accepted, but building/calling Dense failed: {msg}"
                for fw, msg in failed.items()}
            log(f"model {name}: skipped for {list(failed)}: {failed}")
        if not ok:
            continue
        log(f"model {name} ({ok})")
        models = process_model(name, lambda fw, a=act: build_act_model(a, fw), ok,
                               act_inputs, "inputs", out, manifest, extra={"activation": act})
        manifest["models"][name]["serialized_activation"] = {
            fw: m.layers[-1].get_config()["activation"] for fw, m in models.items()}

    log("state_api")
    process_state_api(out, manifest)

    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    size = dir_size(out)
    log(f"wrote {len(manifest['cases'])} cases to {out}; total size {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
