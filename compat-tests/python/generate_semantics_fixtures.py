#!/usr/bin/env python3
"""Generate TensorFlow/Keras ground-truth fixtures for layer *semantics*.

Run from the repository root:

    /work/venv/tf/bin/python compat-tests/python/generate_semantics_fixtures.py [--out DIR] [--only a,b]

Default output directory: compat-tests/src/test/resources/fixtures_semantics
(resolved relative to this script).

Covers recurrent layer options (bias, activations, go_backwards, return_state,
initial_state, stacked cells, unroll, time_major), masking, stateful RNNs,
Bidirectional, Conv1D and friends, Functional topologies, and (section "axes") the
axis options and conditional weights each Keras writes (LayerNormalization,
Softmax, BatchNormalization, PReLU, LoRA, integer Input dtypes) with the forms
Keras itself refuses recorded in manifest["axis_refusals"].

To add a model to one section without rewriting the others' files (and their
run-to-run noise), run that section with --merge, e.g.
    --sections axes --merge [--only new_model]
which replaces only the models this run produces in the existing manifest. Every expected
value comes from running real TensorFlow (tf-keras = Keras 2, keras = Keras 3
on the TensorFlow backend): model(x, training=False) (also for the stateful call
sequences; model.predict is only compared against it). numpy only draws the
seeded random weights and inputs.

Helpers (env setup before importing TF, seeding, save/load of the five
formats, HDF5 tree dumps, activation discovery) are imported from
generate_fixtures.py.
"""

import os

# Must be set before TensorFlow is imported (generate_fixtures also does this).
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
import zipfile  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_fixtures as gf  # noqa: E402  (sets env, imports tf / tf_keras / keras)

import numpy as np  # noqa: E402
import h5py  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402

from generate_fixtures import (  # noqa: E402
    FW, CELL, CUSTOM, K2_FORMATS, K3_FORMATS, GLOBAL_SEED, WEIGHT_SEED_BASE,
    set_seeds, reset, model_seed, err_text, save_format, load_format,
    h5_tree_text, h5_dataset_paths, capture_summary, discover_activations, dump_keras_zip,
)

warnings.filterwarnings("ignore")
tf.get_logger().setLevel("ERROR")

SCRIPT_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures_semantics"

INPUT_SEED = 20250601
RELOAD_TOL = 1e-6
B = 3  # default batch size

# Models whose HDF5 trees / .keras config are dumped as text (the interesting
# serialisation cases; dumping everything would blow the size budget).
TREE_MODELS = {
    "lstm_nobias", "stacked_cells", "cell_list", "time_major_lstm", "unroll_lstm",
    "stateful_lstm", "bidi_lstm_concat", "bidi_lstm_none", "bidi_ln_rnn_concat", "bidi_backward_layer",
    "func_shared", "func_nested", "encoder_decoder", "initial_state_inputs", "return_state_lstm",
    "embedding_mask_zero", "masking_lstm", "bn_dense", "prelu_shared", "conv1d_groups2", "func_merge",
    "backwards_ln_rnn_seq",
}


def log(*a):
    print(*a, flush=True)


def clean(s):
    return s.replace("\x1b[1m", "").replace("\x1b[0m", "")


# ---------------------------------------------------------------------------
# Input registry: arrays are saved once under inputs/<key>.npy
# ---------------------------------------------------------------------------
class Inputs:
    def __init__(self, out):
        self.out = out
        self.dir = out / "inputs"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.meta = {}
        self.arrays = {}

    def add(self, key, arr, note=None):
        arr = np.ascontiguousarray(arr)
        if key in self.arrays:
            assert np.array_equal(self.arrays[key], arr), key
            return key
        self.arrays[key] = arr
        np.save(self.dir / f"{key}.npy", arr)
        m = {"file": f"inputs/{key}.npy", "shape": list(arr.shape), "dtype": str(arr.dtype)}
        if note:
            m["note"] = note
        self.meta[key] = m
        return key

    @staticmethod
    def rng_for(key):
        """Independent generator per input key, so adding an input never changes the others."""
        return np.random.default_rng([INPUT_SEED, zlib.crc32(key.encode())])

    def normal(self, key, shape, scale):
        if key in self.arrays:
            return key
        return self.add(key, (self.rng_for(key).standard_normal(shape) * scale).astype(np.float32))

    def get(self, key):
        return self.arrays[key]


def seq_inputs(I, feat, lens=(1, 7), large_len=7, batch=B, prefix=None):
    """Standard {label: {"input_0": key}} sets for a single (B, T, feat) input."""
    p = prefix or f"seq{feat}_b{batch}"
    sets = {}
    for t in lens:
        sets[f"small_len{t}"] = {"input_0": I.normal(f"{p}_small_len{t}", (batch, t, feat), 0.5)}
    if large_len:
        sets[f"large_len{large_len}"] = {"input_0": I.normal(f"{p}_large_len{large_len}", (batch, large_len, feat), 5.0)}
    return sets


# ---------------------------------------------------------------------------
# Weight randomisation (extends generate_fixtures.random_value)
# ---------------------------------------------------------------------------
def leaf_name(var):
    n = getattr(var, "path", None) or var.name
    return n.split("/")[-1].split(":")[0]


def random_value(leaf, shape, rng):
    shape = tuple(int(s) for s in shape)
    if leaf == "moving_mean":
        return rng.normal(0.0, 0.5, size=shape).astype(np.float32)
    if leaf == "moving_variance":
        return rng.uniform(0.5, 2.0, size=shape).astype(np.float32)
    if leaf == "alpha":  # PReLU
        return rng.uniform(0.05, 0.6, size=shape).astype(np.float32)
    if leaf == "embeddings":
        return rng.normal(0.0, 0.5, size=shape).astype(np.float32)
    if leaf in ("moving_stddev", "renorm_stddev"):  # BatchNormalization(renorm=True); unused at inference
        return rng.uniform(0.5, 2.0, size=shape).astype(np.float32)
    if leaf == "renorm_mean":
        return rng.normal(0.0, 0.5, size=shape).astype(np.float32)
    if leaf == "mean":  # Normalization's adapted mean
        return rng.normal(0.0, 0.5, size=shape).astype(np.float32)
    if leaf == "variance":  # Normalization's adapted variance
        return rng.uniform(0.5, 2.0, size=shape).astype(np.float32)
    if leaf == "count":  # Normalization's adapted sample count, an int64 scalar
        return np.asarray(rng.integers(1, 1000), dtype=np.int64)
    if leaf == "summary" and len(shape) == 2 and shape[0] == 2:
        # tf-keras Discretization's adapted quantile summary: sorted values (some repeated), positive weights.
        values = np.sort(rng.normal(0.0, 1.0, size=shape[1]))
        if shape[1] > 4:
            values[2] = values[1]
        return np.stack([values, rng.uniform(0.5, 2.0, size=shape[1])]).astype(np.float32)
    if leaf == "variable":  # a weight created without a name (Keras 3 LayerScale's gamma)
        return (1.0 + rng.normal(0.0, 0.2, size=shape)).astype(np.float32)
    if leaf == "vector_u":  # SpectralNormalization's power-iteration vector: training state, unused at inference
        return rng.normal(0.0, 0.3, size=shape).astype(np.float32)
    if leaf.startswith("lora_"):  # Keras 3 LoRA factors (lora_kernel_a/b, lora_embeddings_a/b)
        return rng.normal(0.0, 0.3, size=shape).astype(np.float32)
    if leaf in ("kernel", "depthwise_kernel", "pointwise_kernel", "recurrent_kernel") and len(shape) >= 3:
        # Conv kernels (k..., in, out), ConvLSTM's recurrent one too: glorot with the receptive field
        # (Conv1D: fan_in = k*in).
        receptive = int(np.prod(shape[:-2]))
        fan_in, fan_out = receptive * shape[-2], receptive * shape[-1]
        lim = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-lim, lim, size=shape).astype(np.float32)
    return gf.random_value(leaf, shape, rng)


def randomize(model, seed, kernel_scale=1.0):
    rng = np.random.default_rng(seed)
    for v in model.weights:
        # A variable of flexible shape (tf-keras Discretization's summary, (2, None)) has its size in its value.
        shape = v.shape if None not in tuple(v.shape) else np.shape(v.numpy())
        value = random_value(leaf_name(v), shape, rng)
        if leaf_name(v) in ("kernel", "recurrent_kernel"):
            value = (value * kernel_scale).astype(np.float32)
        v.assign(value)
    refresh_adapted_state(model)


def refresh_adapted_state(model):
    """Normalization keeps its adapted mean and variance as tensors rebuilt by finalize_state(), as
    Keras does after adapt() and after loading weights; after assigning the weights directly the
    layer must rebuild them too, or it would run with the old statistics."""
    for layer in model._flatten_layers(include_self=False, recursive=True):
        if (hasattr(layer, "adapt_mean") or type(layer).__name__ == "Discretization") \
                and hasattr(layer, "finalize_state"):
            layer.finalize_state()


def weight_names(model):
    return [getattr(w, "path", None) or w.name for w in model.weights]


def copy_weights(src, dst):
    ws = src.get_weights()
    dst_shapes = [tuple(w.shape) for w in dst.get_weights()]
    src_shapes = [tuple(w.shape) for w in ws]
    if src_shapes != dst_shapes:
        raise ValueError(f"weight shapes differ: k2 {src_shapes} vs k3 {dst_shapes}")
    dst.set_weights(ws)
    refresh_adapted_state(dst)


# ---------------------------------------------------------------------------
# Running models
# ---------------------------------------------------------------------------
def is_sequential(model):
    return type(model).__name__ == "Sequential"


def model_input_names(model, fw):
    if is_sequential(model):
        return ["input_0"]
    if fw == "k2":
        return list(model.input_names)
    return [t.name for t in model.inputs]


def model_output_names(model, fw):
    if fw == "k2":
        return list(model.output_names)
    try:
        return list(model.output_names)
    except AttributeError:
        return [getattr(t, "name", None) for t in model.outputs]


def feed(model, fw, arrays_by_name, dtype_override=None):
    names = model_input_names(model, fw)
    xs = [tf.constant(arrays_by_name[n]) for n in names]
    return xs[0] if len(xs) == 1 else xs


def to_list(y):
    if isinstance(y, dict):
        raise TypeError("dict outputs not supported")
    if isinstance(y, (list, tuple)):
        return [np.asarray(t).astype(np.float32) for t in y]
    return [np.asarray(y).astype(np.float32)]


def run(model, fw, arrays_by_name):
    return to_list(model(feed(model, fw, arrays_by_name), training=False))


def reset_states(model):
    """Keras 2: Model.reset_states(). Keras 3 has no Model.reset_states; stateful RNN layers have
    reset_state() (singular)."""
    if hasattr(model, "reset_states"):
        model.reset_states()
        return
    for layer in model._flatten_layers(include_self=False, recursive=True):
        if getattr(layer, "stateful", False) and hasattr(layer, "reset_state"):
            layer.reset_state()


def maxdiff(a, b):
    # Outputs of different shapes (Keras 3's RandomCrop does not crop at inference, tf-keras' resizes)
    # count as infinitely different, as a different number of outputs does.
    if len(a) != len(b) or any(x.shape != y.shape for x, y in zip(a, b)):
        return float("inf")
    return max(float(np.max(np.abs(x - y))) if x.size else 0.0 for x, y in zip(a, b))


def config_of(d, fn):
    p = d / fn
    if fn.endswith(".json"):
        return json.loads(p.read_text())
    if fn.endswith(".keras"):
        with zipfile.ZipFile(p) as z:
            return json.loads(z.read("config.json"))
    if fn.endswith(".h5"):
        with h5py.File(p, "r") as f:
            mc = f.attrs.get("model_config")
            if mc is not None:
                return json.loads(mc.decode() if isinstance(mc, bytes) else mc)
    return None


# ---------------------------------------------------------------------------
# Per-model pipeline
# ---------------------------------------------------------------------------
class Ctx:
    def __init__(self, out, inputs, manifest, only=None):
        self.out = out
        self.I = inputs
        self.manifest = manifest
        self.only = only


def process(ctx, name, builder, input_sets, producers=("k2", "k3"), notes="", calls=None,
            call_batch=None, extra=None, summary=True, label_notes=None, case_note=None, kernel_scale=1.0,
            runner=None):
    """builder(fw) -> model.  input_sets: {label: {input_name: input_key}}.
    calls: optional list of {input_name: key} dicts for stateful call sequences.
    runner(model, fw, arrays) -> outputs replaces run() for every expected and reloaded output (e.g. to
    run a model under XLA where TensorFlow's eager CPU kernels refuse it)."""
    runner = runner or run
    if ctx.only and name not in ctx.only:
        return None
    log(f"model {name}")
    out, I, manifest = ctx.out, ctx.I, ctx.manifest
    d = out / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    seed = model_seed(name)
    info = {"weight_seed": seed, "notes": notes, "formats": {}, "unavailable": {}}
    if extra:
        info.update(extra)

    models = {}
    reset()
    for fw in producers:
        try:
            # Bidirectional (Keras 3) re-creates the backward layer from its config, which needs the
            # custom LNSimpleRNNCell to be resolvable: build inside a custom-object scope.
            scope = (tf_keras.utils.custom_object_scope(CUSTOM["k2"]) if fw == "k2"
                     else keras.saving.custom_object_scope(CUSTOM["k3"]))
            with scope:
                models[fw] = builder(fw)
        except Exception as e:  # noqa: BLE001
            msg = clean(err_text(e))
            for fmt in (K2_FORMATS if fw == "k2" else K3_FORMATS):
                info["unavailable"][fmt] = f"building the {fw} model failed: {msg}"
            log(f"  [{name}] build {fw} FAILED: {msg}")
    for fw in ("k2", "k3"):
        if fw not in producers:
            for fmt in (K2_FORMATS if fw == "k2" else K3_FORMATS):
                info["unavailable"].setdefault(fmt, extra.get("why_not_" + fw, f"not produced for {fw}")
                                               if extra else f"not produced for {fw}")
    if not models:
        manifest["models"][name] = info
        return None

    if kernel_scale != 1.0:
        info["kernel_scale"] = kernel_scale
    if "k2" in models:
        randomize(models["k2"], seed, kernel_scale)
        if "k3" in models:
            try:
                copy_weights(models["k2"], models["k3"])
            except Exception as e:  # noqa: BLE001
                info["k3_weight_copy_error"] = err_text(e)
                randomize(models["k3"], seed, kernel_scale)
    else:
        randomize(models["k3"], seed, kernel_scale)

    for fw, m in models.items():
        info[f"{fw}_class"] = type(m).__name__
        info[f"{fw}_input_names"] = model_input_names(m, fw)
        if not is_sequential(m):
            info[f"{fw}_model_input_names"] = model_input_names(m, fw)
        info[f"{fw}_output_names"] = model_output_names(m, fw)
        info[f"{fw}_weights"] = [[n, list(map(int, np.shape(w.numpy())))] for n, w in zip(weight_names(m), m.weights)]
        if summary:
            try:
                (d / f"{fw}_summary.txt").write_text(capture_summary(m, fw))
                info[f"{fw}_summary"] = f"{name}/{fw}_summary.txt"
            except Exception as e:  # noqa: BLE001
                info[f"{fw}_summary_error"] = err_text(e)

    def arrays(label):
        return {n: I.get(k).astype(np.float32) if I.get(k).dtype != np.float32 else I.get(k)
                for n, k in input_sets[label].items()}

    # ---- expected outputs for normal cases
    expected = {fw: {} for fw in models}
    bad_labels = {fw: {} for fw in models}
    for label in input_sets:
        for fw, m in models.items():
            try:
                if calls is not None:
                    reset_states(m)
                ys = runner(m, fw, arrays(label))
            except Exception as e:  # noqa: BLE001
                bad_labels[fw][label] = clean(err_text(e))
                log(f"  [{name}] {fw} input {label}: FAILED {clean(err_text(e))[:200]}")
                continue
            expected[fw][label] = ys
            for i, y in enumerate(ys):
                np.save(d / f"expected_{fw}_{label}_{i}.npy", y)
    for fw in models:
        if bad_labels[fw]:
            info.setdefault("input_errors", {})[fw] = bad_labels[fw]
        if expected[fw]:
            lbl = next(iter(expected[fw]))
            info[f"{fw}_output_shapes"] = {lbl: [list(y.shape) for y in expected[fw][lbl]]}
    nonfinite = [f"{fw}/{label}" for fw in expected for label, ys in expected[fw].items()
                 if not all(np.all(np.isfinite(y)) for y in ys)]
    if nonfinite:
        info["non_finite_expected"] = nonfinite
    if "k2" in models and "k3" in models:
        info["k2_vs_k3_max_abs_diff"] = {
            label: maxdiff(expected["k2"][label], expected["k3"][label])
            for label in input_sets if label in expected["k2"] and label in expected["k3"]}
        if info["k2_vs_k3_max_abs_diff"]:
            log(f"  [{name}] k2 vs k3 max diff: {max(info['k2_vs_k3_max_abs_diff'].values()):.3e}")

    # ---- stateful call sequences
    call_expected = {fw: [] for fw in models}
    if calls is not None:
        for fw, m in models.items():
            reset_states(m)
            for ci, c in enumerate(calls):
                if c == "reset":
                    reset_states(m)
                    call_expected[fw].append("reset")
                    continue
                arr = {n: I.get(k) for n, k in c.items()}
                ys = runner(m, fw, arr)
                call_expected[fw].append(ys)
                for i, y in enumerate(ys):
                    np.save(d / f"expected_{fw}_call{ci}_{i}.npy", y)
            reset_states(m)
            # Document what model.predict does on the same call sequence (NOT used as expected values).
            pv = {}
            for ci, c in enumerate(calls):
                if c == "reset":
                    reset_states(m)
                    continue
                try:
                    yp = to_list(m.predict(feed(m, fw, {n: I.get(k) for n, k in c.items()}),
                                           batch_size=call_batch, verbose=0))
                    if [y.shape for y in yp] != [y.shape for y in call_expected[fw][ci]]:
                        pv[f"call{ci}"] = (f"SHAPE MISMATCH: predict {[list(y.shape) for y in yp]} vs "
                                           f"__call__ {[list(y.shape) for y in call_expected[fw][ci]]}")
                    else:
                        pv[f"call{ci}"] = maxdiff(yp, call_expected[fw][ci])
                except Exception as e:  # noqa: BLE001
                    msg = clean(err_text(e)).strip().splitlines()
                    pv[f"call{ci}"] = "predict raised: " + " | ".join(
                        l for l in msg if "out of bounds" in l or l.startswith(("InvalidArgumentError", "ValueError"))
                    )[:400]
            info.setdefault("predict_vs_call_sequence", {})[fw] = pv
            log(f"  [{name}] {fw} predict vs __call__: {pv}")
            reset_states(m)
            # consistency: chunks vs whole sequence (first label), reset call vs first call
            ys = call_expected[fw]
            whole_label = next(iter(expected[fw]), None)
            if whole_label is not None and all(not isinstance(y, str) for y in ys[:3]):
                w = expected[fw][whole_label][0]
                if w.ndim == 3:
                    cat = np.concatenate([ys[0][0], ys[1][0], ys[2][0]], axis=1)
                else:
                    cat = ys[2][0]
                info.setdefault("calls_vs_whole_max_abs_diff", {})[fw] = float(np.max(np.abs(cat - w)))
            if len(ys) > 4 and ys[3] == "reset":
                info.setdefault("call_after_reset_vs_call0_max_abs_diff", {})[fw] = maxdiff(ys[4], ys[0])
            log(f"  [{name}] {fw} calls vs whole: {info.get('calls_vs_whole_max_abs_diff', {}).get(fw)}")

    # ---- save / reload in all formats
    all_files = []
    for fw, m in models.items():
        for fmt in (K2_FORMATS if fw == "k2" else K3_FORMATS):
            try:
                files = save_format(fmt, m, d)
            except Exception as e:  # noqa: BLE001
                info["unavailable"][fmt] = clean(err_text(e))
                log(f"  [{name}] {fmt}: SAVE FAILED: {clean(err_text(e))[:300]}")
                for f in d.glob({"k2_full": "k2_full.h5", "k2_json": "k2_*", "k3_json": "k3_model.json",
                                 "k3_keras": "k3.keras", "k3_legacy": "k3_legacy.h5"}[fmt]):
                    if f.suffix in (".h5", ".json", ".keras") and "summary" not in f.name:
                        f.unlink()
                continue
            entry = {"files": [f"{name}/{f}" for f in files]}
            try:
                try:
                    m2 = load_format(fmt, d)
                except Exception as e:  # noqa: BLE001
                    # e.g. Keras 3 legacy-h5 loading of Bidirectional(RNN(custom cell)) ignores
                    # custom_objects for the inner layer; retry inside a custom-object scope.
                    entry["reload_error_with_custom_objects_arg"] = clean(err_text(e))
                    scope = (tf_keras.utils.custom_object_scope(CUSTOM["k2"]) if fw == "k2"
                             else keras.saving.custom_object_scope(CUSTOM["k3"]))
                    with scope:
                        m2 = load_format(fmt, d)
                    entry["reload_note"] = ("load with custom_objects= failed; loading inside "
                                            "custom_object_scope worked")
                    log(f"  [{name}] {fmt}: reload needed custom_object_scope")
                rd = {}
                for label in expected[fw]:
                    if calls is not None:
                        reset_states(m2)
                    rd[label] = maxdiff(runner(m2, fw, arrays(label)), expected[fw][label])
                if calls is not None:
                    reset_states(m2)
                    for ci, c in enumerate(calls):
                        if c == "reset":
                            reset_states(m2)
                            continue
                        ys = runner(m2, fw, {n: I.get(k) for n, k in c.items()})
                        rd[f"call{ci}"] = maxdiff(ys, call_expected[fw][ci])
                entry["reload_max_abs_diff"] = rd
                worst = max(rd.values()) if rd else 0.0
                if worst > RELOAD_TOL:
                    log(f"  [{name}] {fmt}: WARNING reload diff {worst:.3e}")
                    entry["reload_warning"] = f"max diff {worst} > {RELOAD_TOL}"
                entry["reloaded_class"] = type(m2).__name__
            except Exception as e:  # noqa: BLE001
                entry["reload_error"] = clean(err_text(e))
                log(f"  [{name}] {fmt}: RELOAD FAILED: {clean(err_text(e))[:300]}")
            info["formats"][fmt] = entry
            all_files += files
            in_names = model_input_names(m, fw)
            for label in input_sets:
                if label not in expected[fw]:
                    continue
                manifest["cases"].append({
                    "model": name,
                    "format": fmt,
                    "files": entry["files"],
                    "inputs": [{"name": n, "file": f"inputs/{input_sets[label][n]}.npy"} for n in in_names],
                    "expected": [f"{name}/expected_{fw}_{label}_{i}.npy" for i in range(len(expected[fw][label]))],
                    "input_label": label,
                    "notes": " ".join(x for x in (
                        case_note if case_note is not None else (
                            notes if len(notes) <= 160 else notes.split(". ")[0][:200] + "."),
                        ((label_notes or {}).get(label, "") + ".") if (label_notes or {}).get(label) else "",
                        "Stateful model: reset states (fresh state) before this case." if calls is not None else "",
                        f"More in models.{name}.notes." if case_note is not None or len(notes) > 160 else "",
                    ) if x),
                })
            if calls is not None:
                case_calls = []
                for ci, c in enumerate(calls):
                    if c == "reset":
                        case_calls.append({"reset_states": True})
                        continue
                    cc = {
                        "inputs": [{"name": n, "file": f"inputs/{c[n]}.npy"} for n in in_names],
                        "expected": [f"{name}/expected_{fw}_call{ci}_{i}.npy"
                                     for i in range(len(call_expected[fw][ci]))],
                    }
                    case_calls.append(cc)
                manifest["cases"].append({
                    "model": name,
                    "format": fmt,
                    "files": entry["files"],
                    "calls": case_calls,
                    "input_label": "stateful_calls",
                    "notes": "Consecutive model(x, training=False) calls on ONE model object "
                                     "starting from freshly loaded (zero) state, WITHOUT reset between calls, "
                                     "except where an element is {\"reset_states\": true}: call "
                                     "model.reset_states() there (Keras 3: layer.reset_state() on each stateful layer). "
                                     "model.predict(x, batch_size=3) gives the same values in Keras 2; in Keras 3 it "
                                     "does NOT when TimeDistributed is present (see models.<name>.predict_vs_call_sequence).",
                })

    if name in TREE_MODELS:
        for fn in all_files:
            if fn.endswith(".h5"):
                (d / f"{fn}.tree.txt").write_text(h5_tree_text(d / fn))
        if "k3.keras" in all_files:
            dump_keras_zip(d)
    info["h5_dataset_paths"] = {f: h5_dataset_paths(d / f) for f in all_files if f.endswith(".h5")}
    if "k3.keras" in all_files:
        with zipfile.ZipFile(d / "k3.keras") as z:
            import tempfile
            with tempfile.TemporaryDirectory() as td:
                wp = Path(td) / "model.weights.h5"
                wp.write_bytes(z.read("model.weights.h5"))
                info["h5_dataset_paths"]["k3.keras!/model.weights.h5"] = h5_dataset_paths(wp)
    if not info["unavailable"]:
        del info["unavailable"]
    manifest["models"][name] = info
    return models


# ---------------------------------------------------------------------------
# Builder helpers
# ---------------------------------------------------------------------------
def sequential(fw, input_shape, layers_fn, batch_size=None):
    K = FW[fw]
    if batch_size is not None:
        inp = K.Input(batch_shape=(batch_size,) + tuple(input_shape))
    else:
        inp = K.Input(shape=tuple(input_shape))
    return K.Sequential([inp] + layers_fn(K.layers, fw))


def S(input_shape, layers_fn):
    return lambda fw: sequential(fw, input_shape, layers_fn)


def rnn_layer(L, fw, kind, units, **kw):
    if kind == "lstm":
        return L.LSTM(units, **kw)
    if kind == "gru":
        return L.GRU(units, **kw)
    if kind == "simple_rnn":
        return L.SimpleRNN(units, **kw)
    if kind == "ln_rnn":
        return L.RNN(CELL[fw](units), **kw)
    raise KeyError(kind)


# ---------------------------------------------------------------------------
# 1. Recurrent options
# ---------------------------------------------------------------------------
def section_recurrent(ctx, act_info):
    I = ctx.I
    std = seq_inputs(I, 2, lens=(1, 7), large_len=7)
    for name, mk in [
        ("lstm_nobias", lambda L, fw: [L.LSTM(5, use_bias=False, return_sequences=True)]),
        ("gru_nobias", lambda L, fw: [L.GRU(5, use_bias=False, reset_after=True, return_sequences=True)]),
        ("gru_nobias_reset_before", lambda L, fw: [L.GRU(5, use_bias=False, reset_after=False,
                                                         return_sequences=True)]),
        ("simple_rnn_nobias", lambda L, fw: [L.SimpleRNN(5, use_bias=False, return_sequences=True)]),
        ("lstm_no_unit_forget_bias", lambda L, fw: [L.LSTM(5, unit_forget_bias=False, return_sequences=True)]),
    ]:
        process(ctx, name, S((None, 2), mk), std,
                notes="Sequential(Input(None,2), layer). use_bias=False means no bias weight at all; "
                      "unit_forget_bias only affects the initializer (weights are randomised).")

    # activations
    candidates, accepted, rejected = act_info
    acts = sorted((set(accepted["k2"]) | set(accepted["k3"])) - {"glu", "threshold"})
    ctx.manifest["activations"] = {
        "candidates_inspected": candidates, "k2_accepted": accepted["k2"], "k3_accepted": accepted["k3"],
        "k2_rejected": rejected["k2"], "k3_rejected": rejected["k3"],
        "excluded": {"glu": "shape-changing (halves the last axis)",
                     "threshold": "requires extra positional args (threshold, default_value)"},
        "rnn_act_models": [f"rnn_act_{a}" for a in acts],
    }
    # Unbounded activations (linear, exponential, selu, softplus, …) inside a recurrence explode
    # with glorot-sized weights and large inputs: TensorFlow itself returns 1e30 or inf, and such
    # rows test float overflow order, not the activation. Kernels are halved and the inputs kept
    # moderate so that every row stays finite and meaningful (overflow has its own fixtures).
    act_inputs = seq_inputs(I, 3, lens=(7,), large_len=None)
    act_inputs["medium_len4"] = {"input_0": I.normal("seq3_b3_medium_len4", (B, 4, 3), 2.0)}
    for a in acts:
        prods = tuple(fw for fw in ("k2", "k3") if a in accepted[fw])
        why = {f"why_not_{fw}": f"activations.get('{a}') raises in {fw}: {rejected[fw].get(a)}"
               for fw in ("k2", "k3") if fw not in prods}
        process(ctx, f"rnn_act_{a}",
                S((None, 3), lambda L, fw, a=a: [
                    L.LSTM(4, activation=a, recurrent_activation=a, return_sequences=True),
                    L.GRU(4, activation=a, recurrent_activation=a, return_sequences=True),
                    L.SimpleRNN(4, activation=a)]),
                act_inputs, producers=prods, extra={"activation": a, **why}, kernel_scale=0.5,
                notes=f"LSTM/GRU with activation=recurrent_activation='{a}', SimpleRNN activation='{a}'. "
                      "Keras 2 and Keras 3 may define the same name differently (e.g. hard_sigmoid): "
                      "compare k2 formats only with expected_k2 and k3 formats with expected_k3.",
                summary=False)

    # go_backwards
    for kind in ("lstm", "gru", "simple_rnn", "ln_rnn"):
        for rs in (True, False):
            nm = f"backwards_{kind}_{'seq' if rs else 'last'}"
            process(ctx, nm, S((None, 2), lambda L, fw, k=kind, rs=rs: [
                rnn_layer(L, fw, k, 5, go_backwards=True, return_sequences=rs)]),
                std, notes=f"go_backwards=True, return_sequences={rs}. With return_sequences=True the "
                           "output sequence is in processing (reversed) order, i.e. NOT re-reversed.")

    # return_state
    def ret_state(kind):
        def b(fw):
            K = FW[fw]
            x = K.Input(shape=(None, 2), name="x")
            outs = rnn_layer(K.layers, fw, kind, 6, return_sequences=True, return_state=True)(x)
            return K.Model(x, list(outs), name=f"return_state_{kind}")
        return b
    fx = {lbl: {"x": v["input_0"]} for lbl, v in std.items()}
    process(ctx, "return_state_lstm", ret_state("lstm"), fx,
            notes="Functional; outputs [sequence, h, c] (model.outputs order).")
    process(ctx, "return_state_gru", ret_state("gru"), fx,
            notes="Functional; outputs [sequence, h].")

    # initial_state from inputs
    h0 = I.normal("h0_b3_u6", (B, 6), 0.5)
    c0 = I.normal("c0_b3_u6", (B, 6), 0.5)
    h0l = I.normal("h0_b3_u6_large", (B, 6), 2.0)
    c0l = I.normal("c0_b3_u6_large", (B, 6), 2.0)

    def init_state(fw):
        K = FW[fw]
        x = K.Input(shape=(None, 2), name="x")
        h = K.Input(shape=(6,), name="h0")
        c = K.Input(shape=(6,), name="c0")
        y = K.layers.LSTM(6, return_sequences=True)(x, initial_state=[h, c])
        y = K.layers.Dense(3)(y)
        return K.Model([x, h, c], y, name="initial_state_inputs")
    process(ctx, "initial_state_inputs", init_state, {
        "small_len1": {"x": std["small_len1"]["input_0"], "h0": h0, "c0": c0},
        "small_len7": {"x": std["small_len7"]["input_0"], "h0": h0, "c0": c0},
        "large_len7": {"x": std["large_len7"]["input_0"], "h0": h0l, "c0": c0l},
    }, notes="Functional inputs [x, h0, c0]; LSTM(6, return_sequences=True)(x, initial_state=[h0, c0]) -> Dense(3).")

    process(ctx, "stacked_cells", S((None, 2), lambda L, fw: [
        L.RNN(L.StackedRNNCells([L.LSTMCell(6), L.GRUCell(5)]), return_sequences=True)]), std,
        notes="RNN(StackedRNNCells([LSTMCell(6), GRUCell(5)]), return_sequences=True); output is the last cell's.")
    process(ctx, "cell_list", S((None, 2), lambda L, fw: [
        L.RNN([L.SimpleRNNCell(6), L.LSTMCell(4)], return_sequences=True)]), std,
        notes="RNN([SimpleRNNCell(6), LSTMCell(4)], return_sequences=True): a python list of cells is wrapped "
              "in StackedRNNCells by the RNN layer.")

    process(ctx, "unroll_lstm", S((7, 2), lambda L, fw: [L.LSTM(6, unroll=True)]), {
        "small_len7": {"input_0": std["small_len7"]["input_0"]},
        "large_len7": {"input_0": std["large_len7"]["input_0"]}},
        notes="LSTM(6, unroll=True) on a fixed-length Input(shape=(7, 2)); unroll does not change the math.")

    # time_major (Keras 2 only)
    tm_small = I.add("tm_t7_b3_f2_small", np.transpose(I.get(std["small_len7"]["input_0"]), (1, 0, 2)).copy(),
                     note="time-major (T=7, B=3, F=2): transpose(seq2_b3_small_len7, (1,0,2))")
    tm_large = I.add("tm_t7_b3_f2_large", np.transpose(I.get(std["large_len7"]["input_0"]), (1, 0, 2)).copy(),
                     note="time-major (T=7, B=3, F=2): transpose(seq2_b3_large_len7, (1,0,2))")

    def tm_builder(fw):
        K = FW[fw]
        if fw == "k3":
            # Try it, so the exact Keras 3 error is recorded.
            K.layers.LSTM(6, time_major=True, return_sequences=True)
        return K.Sequential([K.Input(shape=(None, 2)),
                             K.layers.LSTM(6, time_major=True, return_sequences=True),
                             K.layers.Dense(2)])
    process(ctx, "time_major_lstm", tm_builder, {
        "small_t7": {"input_0": tm_small}, "large_t7": {"input_0": tm_large}},
        notes="Keras 2 only. Sequential(Input(shape=(None, 2)), LSTM(6, time_major=True, return_sequences=True), "
              "Dense(2)). The input array is TIME-MAJOR (T=7, B=3, F=2) and so is the output (T, B, units). "
              "The Input layer's batch_input_shape [null, null, 2] does not know that axis 0 is time.")


# ---------------------------------------------------------------------------
# 2. Masking
# ---------------------------------------------------------------------------
MASK_T = 8


def padded_sets(I, prefix, feat, pad_value, lengths_post, lengths_ragged, batch=4):
    """Returns {label: key} for post_padded, pre_padded, ragged, mid_masked, all_masked_row, unpadded."""
    rng = I.rng_for(prefix)
    base = (rng.standard_normal((batch, MASK_T, feat)) * 0.5).astype(np.float32)
    # avoid accidental mask hits
    base[base == pad_value] += 0.01
    sets = {}
    x = base.copy()
    sets["unpadded"] = x.copy()
    x = base.copy()
    for r, n in enumerate(lengths_post):
        x[r, n:, :] = pad_value
    sets["post_padded"] = x
    x = base.copy()
    for r, n in enumerate(lengths_post):
        x[r, :MASK_T - n, :] = pad_value
    sets["pre_padded"] = x
    x = base.copy()
    for r, n in enumerate(lengths_ragged):
        x[r, n:, :] = pad_value
    sets["ragged"] = x
    x = base.copy()
    x[0, 3, :] = pad_value
    x[1, 0, :] = pad_value
    x[2, 5:7, :] = pad_value
    sets["mid_masked"] = x
    x = base.copy()
    x[1, :, :] = pad_value
    x[2, 6:, :] = pad_value
    sets["all_masked_row"] = x
    big = (rng.standard_normal((batch, MASK_T, feat)) * 5.0).astype(np.float32)
    for r, n in enumerate(lengths_ragged):
        big[r, n:, :] = pad_value
    sets["ragged_large"] = big
    return {lbl: I.add(f"{prefix}_{lbl}", arr) for lbl, arr in sets.items()}


MASK_NOTES = {
    "post_padded": "row lengths [8,5,8,3], padding at the end",
    "pre_padded": "row lengths [8,5,8,3], padding at the start",
    "ragged": "row lengths [8,1,4,6] (post-padded; one full row, one single real step)",
    "mid_masked": "masked steps in the middle: row0 t=3, row1 t=0, row2 t=5..6",
    "all_masked_row": "row 1 fully masked, row 2 t>=6 masked",
    "ragged_large": "normal*5, row lengths [8,1,4,6] post-padded",
    "unpadded": "no masked steps",
}


def section_masking(ctx):
    I = ctx.I
    LP, LR = [8, 5, 8, 3], [8, 1, 4, 6]
    k0 = padded_sets(I, "mask0_f3", 3, 0.0, LP, LR)
    km1 = padded_sets(I, "maskm1_f3", 3, -1.0, LP, LR)
    sets0 = {lbl: {"input_0": k} for lbl, k in k0.items()}
    setsm1 = {lbl: {"input_0": k} for lbl, k in km1.items()}
    def pm(*a, **k):
        return process(*a, label_notes=MASK_NOTES, **k)
    note = "Padded steps have ALL features == mask_value. Labels: " + "; ".join(f"{k}: {v}" for k, v in MASK_NOTES.items())

    pm(ctx, "masking_lstm", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=0.0), L.LSTM(6, return_sequences=True), L.TimeDistributed(L.Dense(3))]),
        sets0, notes="Masking(0.0) -> LSTM(6, return_sequences=True) -> TimeDistributed(Dense(3)). " + note)
    pm(ctx, "masking_lstm_last", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=0.0), L.LSTM(6), L.Dense(3)]),
        sets0, notes="Masking(0.0) -> LSTM(6) -> Dense(3). " + note)
    pm(ctx, "masking_gru_zero_output", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=0.0), L.RNN(L.GRUCell(5), return_sequences=True, zero_output_for_mask=True)]),
        sets0, notes="Masking(0.0) -> RNN(GRUCell(5), return_sequences=True, zero_output_for_mask=True). " + note)
    pm(ctx, "masking_gru_no_zero_output", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=0.0), L.RNN(L.GRUCell(5), return_sequences=True, zero_output_for_mask=False)]),
        sets0, notes="Like masking_gru_zero_output but zero_output_for_mask=False (masked steps repeat the "
                     "previous output). " + note)
    pm(ctx, "masking_custom_value", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=-1.0), L.LSTM(6, return_sequences=True), L.TimeDistributed(L.Dense(3))]),
        setsm1, notes="Masking(mask_value=-1.0) -> LSTM(6, return_sequences=True) -> TimeDistributed(Dense(3)). " + note)
    pm(ctx, "masking_bidirectional", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=0.0), L.Bidirectional(L.LSTM(4, return_sequences=True)),
        L.TimeDistributed(L.Dense(2))]),
        sets0, notes="Masking(0.0) -> Bidirectional(LSTM(4, return_sequences=True)) -> TimeDistributed(Dense(2)). " + note)
    pm(ctx, "masking_ln_rnn", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=0.0), L.RNN(CELL[fw](5), return_sequences=True)]),
        sets0, notes="Masking(0.0) -> RNN(LNSimpleRNNCell(5), return_sequences=True). " + note)
    pm(ctx, "masking_gap", S((None, 3), lambda L, fw: [
        L.Masking(mask_value=0.0), L.Dense(4), L.GlobalAveragePooling1D()]),
        sets0, notes="Masking(0.0) -> Dense(4) (propagates mask) -> GlobalAveragePooling1D (mask-aware mean). " + note)

    # Embedding mask_zero
    rng = I.rng_for("emb_ids")
    ids = rng.integers(1, 12, size=(4, MASK_T))
    emb_sets = {}
    variants = {"unpadded": ids.copy()}
    x = ids.copy()
    for r, n in enumerate(LP):
        x[r, n:] = 0
    variants["post_padded"] = x
    x = ids.copy()
    for r, n in enumerate(LP):
        x[r, :MASK_T - n] = 0
    variants["pre_padded"] = x
    x = ids.copy()
    for r, n in enumerate(LR):
        x[r, n:] = 0
    variants["ragged"] = x
    x = ids.copy()
    x[0, 3] = 0
    x[2, 5:7] = 0
    variants["mid_masked"] = x
    for lbl, v in variants.items():
        kf = I.add(f"emb_ids_{lbl}", v.astype(np.float32),
                   note="integer token ids stored as float32 (the model's Input dtype); 0 = padding")
        I.add(f"emb_ids_{lbl}_int32", v.astype(np.int32), note=f"int32 copy of emb_ids_{lbl}")
        emb_sets[lbl] = {"input_0": kf}
    pm(ctx, "embedding_mask_zero", S((None,), lambda L, fw: [
        L.Embedding(input_dim=12, output_dim=5, mask_zero=True), L.GRU(6, return_sequences=True), L.Dense(2)]),
        emb_sets, notes="Input(shape=(None,)) float32 -> Embedding(12, 5, mask_zero=True) -> GRU(6, "
                        "return_sequences=True) -> Dense(2). Token ids are stored as float32 .npy "
                        "(inputs/emb_ids_<label>.npy; an int32 copy is inputs/emb_ids_<label>_int32.npy). "
                        "Index 0 is padding/masked.")


# ---------------------------------------------------------------------------
# 3. Stateful
# ---------------------------------------------------------------------------
def section_stateful(ctx):
    I = ctx.I
    whole = I.normal("stateful_b3_len10", (3, 10, 2), 0.5)
    xw = I.get(whole)
    chunks = [I.add("stateful_b3_len10_chunk0_t0_4", xw[:, 0:4].copy(), note="stateful_b3_len10[:, 0:4]"),
              I.add("stateful_b3_len10_chunk1_t4_5", xw[:, 4:5].copy(), note="stateful_b3_len10[:, 4:5]"),
              I.add("stateful_b3_len10_chunk2_t5_10", xw[:, 5:10].copy(), note="stateful_b3_len10[:, 5:10]")]
    calls = [{"input_0": c} for c in chunks] + ["reset", {"input_0": chunks[0]}]

    def b(kind, rs):
        def f(fw):
            K = FW[fw]
            L = K.layers
            if fw == "k2":
                first = (L.LSTM if kind == "lstm" else L.GRU)(6, stateful=True, return_sequences=rs,
                                                               batch_input_shape=(3, None, 2))
                layers = [first]
            else:
                layers = [K.Input(batch_shape=(3, None, 2)),
                          (L.LSTM if kind == "lstm" else L.GRU)(6, stateful=True, return_sequences=rs)]
            layers.append(L.TimeDistributed(L.Dense(2)) if rs else L.Dense(2))
            return K.Sequential(layers)
        return f
    note = ("Stateful, fixed batch 3 (Keras 2: batch_input_shape=(3, None, 2) on the first layer; Keras 3: "
            "Input(batch_shape=(3, None, 2))). 'calls' = chunks t[0:4], t[4:5], t[5:10] of "
            "inputs/stateful_b3_len10.npy, then reset_states(), then t[0:4] again (must equal call 0). "
            "The normal case 'whole_len10' feeds the whole length-10 sequence from a fresh state; its "
            "time steps equal the concatenated chunk outputs.")
    process(ctx, "stateful_lstm", b("lstm", True), {"whole_len10": {"input_0": whole}}, calls=calls, call_batch=3,
            notes="Sequential: LSTM(6, stateful=True, return_sequences=True) -> TimeDistributed(Dense(2)). " + note)
    process(ctx, "stateful_gru_last", b("gru", False), {"whole_len10": {"input_0": whole}}, calls=calls,
            call_batch=3,
            notes="Sequential: GRU(6, stateful=True) -> Dense(2). " + note + " With return_sequences=False "
                  "the whole-sequence output equals the output of call 2.")


# ---------------------------------------------------------------------------
# 4. Bidirectional
# ---------------------------------------------------------------------------
def section_bidi(ctx):
    I = ctx.I
    std = seq_inputs(I, 2, lens=(1, 7), large_len=7)
    for kind in ("lstm", "gru", "simple_rnn", "ln_rnn"):
        for mode in ("concat", "sum", "mul", "ave"):
            process(ctx, f"bidi_{kind}_{mode}", S((None, 2), lambda L, fw, k=kind, m=mode: [
                L.Bidirectional(rnn_layer(L, fw, k, 4, return_sequences=True), merge_mode=m)]), std,
                notes=f"Bidirectional({kind}(4, return_sequences=True), merge_mode='{mode}'). The backward "
                      "half's output sequence is re-reversed to input order before merging.")

        def none_builder(fw, k=kind):
            K = FW[fw]
            x = K.Input(shape=(None, 2), name="x")
            outs = K.layers.Bidirectional(rnn_layer(K.layers, fw, k, 4, return_sequences=True), merge_mode=None)(x)
            return K.Model(x, list(outs), name=f"bidi_{k}_none")
        process(ctx, f"bidi_{kind}_none", none_builder, {l: {"x": v["input_0"]} for l, v in std.items()},
                notes=f"Functional; Bidirectional({kind}(4, return_sequences=True), merge_mode=None) -> two "
                      "outputs [forward, backward] (backward re-reversed to input order).")

    process(ctx, "bidi_backward_layer", S((None, 2), lambda L, fw: [
        L.Bidirectional(L.LSTM(4, return_sequences=True),
                        backward_layer=L.GRU(4, return_sequences=True, go_backwards=True))]), std,
        notes="Bidirectional(LSTM(4, return_sequences=True), backward_layer=GRU(4, return_sequences=True, "
              "go_backwards=True)), merge concat.")
    process(ctx, "bidi_last", S((None, 2), lambda L, fw: [L.Bidirectional(L.LSTM(4))]), std,
            notes="Bidirectional(LSTM(4)) (return_sequences=False): concat of forward last state and backward "
                  "final state (which corresponds to input time 0).")


# ---------------------------------------------------------------------------
# 5. Conv and friends
# ---------------------------------------------------------------------------
def section_conv(ctx):
    I = ctx.I
    c1 = {"small_len1": {"input_0": I.normal("seq1_b3_small_len1", (3, 1, 1), 0.5)},
          "small_len8": {"input_0": I.normal("seq1_b3_small_len8", (3, 8, 1), 0.5)},
          "small_len50": {"input_0": I.normal("seq1_b3_small_len50", (3, 50, 1), 0.5)},
          "large_len50": {"input_0": I.normal("seq1_b3_large_len50", (3, 50, 1), 5.0)}}

    def conv_gru(fw):
        K = FW[fw]
        L = K.layers
        return K.Sequential([K.Input(shape=(None, 1)),
                             L.Conv1D(20, kernel_size=4, strides=2, padding="valid"),
                             L.GRU(20, return_sequences=True), L.GRU(20, return_sequences=True),
                             L.TimeDistributed(L.Dense(10))])
    process(ctx, "conv_gru", conv_gru, c1,
            notes="Chapter model: Conv1D(20, 4, strides=2, valid) -> GRU(20) -> GRU(20) -> TimeDistributed(Dense(10)). "
                  "Length 1 < kernel 4 (see input_errors / output shapes for what TF does).")

    def wavenet(fw):
        K = FW[fw]
        L = K.layers
        layers = [K.Input(shape=(None, 1))]
        for rate in (1, 2, 4, 8) * 2:
            layers.append(L.Conv1D(20, kernel_size=2, padding="causal", activation="relu", dilation_rate=rate))
        layers.append(L.Conv1D(10, kernel_size=1))
        return K.Sequential(layers)
    process(ctx, "wavenet", wavenet, c1, notes="Chapter WaveNet: 8 causal dilated Conv1D(20, 2, relu) rates "
                                               "1,2,4,8,1,2,4,8 -> Conv1D(10, 1).")

    o = {"small_len7": {"input_0": I.normal("seq2_b3_small_len7", (3, 7, 2), 0.5)},
         "small_len8": {"input_0": I.normal("seq2_b3_small_len8", (3, 8, 2), 0.5)},
         "large_len7": {"input_0": I.normal("seq2_b3_large_len7", (3, 7, 2), 5.0)}}
    o4 = {"small_len7": {"input_0": I.normal("seq4_b3_small_len7", (3, 7, 4), 0.5)},
          "small_len8": {"input_0": I.normal("seq4_b3_small_len8", (3, 8, 4), 0.5)}}
    one = lambda f: (lambda L, fw: [f(L)])  # noqa: E731
    conv_models = [
        ("conv1d_valid", one(lambda L: L.Conv1D(4, 3, padding="valid")), o),
        ("conv1d_same", one(lambda L: L.Conv1D(4, 3, padding="same")), o),
        ("conv1d_same_k4", one(lambda L: L.Conv1D(4, 4, padding="same")), o),
        ("conv1d_causal", one(lambda L: L.Conv1D(4, 3, padding="causal")), o),
        ("conv1d_s2_same", one(lambda L: L.Conv1D(4, 3, strides=2, padding="same")), o),
        ("conv1d_s2_valid", one(lambda L: L.Conv1D(4, 3, strides=2, padding="valid")), o),
        ("conv1d_dil3", one(lambda L: L.Conv1D(4, 2, dilation_rate=3, padding="valid")), o),
        ("conv1d_dil3_same", one(lambda L: L.Conv1D(4, 2, dilation_rate=3, padding="same")), o),
        ("conv1d_groups2", one(lambda L: L.Conv1D(6, 3, groups=2, padding="valid")), o4),
        ("conv1d_relu_nobias", one(lambda L: L.Conv1D(4, 3, activation="relu", use_bias=False)), o),
        ("maxpool_valid_p2", one(lambda L: L.MaxPooling1D(pool_size=2, padding="valid")), o),
        ("maxpool_same_p2", one(lambda L: L.MaxPooling1D(pool_size=2, padding="same")), o),
        ("maxpool_valid_p3_s1", one(lambda L: L.MaxPooling1D(pool_size=3, strides=1, padding="valid")), o),
        ("maxpool_same_p3_s1", one(lambda L: L.MaxPooling1D(pool_size=3, strides=1, padding="same")), o),
        ("maxpool_same_p3_s2", one(lambda L: L.MaxPooling1D(pool_size=3, strides=2, padding="same")), o),
        ("avgpool_valid_p3_s2", one(lambda L: L.AveragePooling1D(pool_size=3, strides=2, padding="valid")), o),
        ("avgpool_same_p3_s2", one(lambda L: L.AveragePooling1D(pool_size=3, strides=2, padding="same")), o),
        ("avgpool_same_p2", one(lambda L: L.AveragePooling1D(pool_size=2, padding="same")), o),
        ("global_avg_pool", one(lambda L: L.GlobalAveragePooling1D()), o),
        ("global_max_pool", one(lambda L: L.GlobalMaxPooling1D()), o),
        ("global_avg_pool_keepdims", one(lambda L: L.GlobalAveragePooling1D(keepdims=True)), o),
        ("global_max_pool_keepdims", one(lambda L: L.GlobalMaxPooling1D(keepdims=True)), o),
        ("zero_padding_1_2", one(lambda L: L.ZeroPadding1D((1, 2))), o),
        ("cropping_1_2", one(lambda L: L.Cropping1D((1, 2))), o),
        ("upsampling_3", one(lambda L: L.UpSampling1D(3)), o),
        ("bn_dense", lambda L, fw: [L.Dense(4), L.BatchNormalization()], o),
        ("permute_21", one(lambda L: L.Permute((2, 1))), o),
        ("relu_advanced", one(lambda L: L.ReLU(max_value=2.0, negative_slope=0.1, threshold=0.5)), o),
        ("leaky_relu_default", one(lambda L: L.LeakyReLU()), o),
        ("leaky_relu_02", lambda L, fw: [L.LeakyReLU(alpha=0.2) if fw == "k2" else L.LeakyReLU(negative_slope=0.2)], o),
        ("prelu", one(lambda L: L.PReLU()), o),  # fails: alpha shape needs a fixed length (recorded)
        ("prelu_shared", one(lambda L: L.PReLU(shared_axes=[1])), o),
        ("elu_07", one(lambda L: L.ELU(alpha=0.7)), o),
        ("softmax_layer", one(lambda L: L.Softmax(axis=-1)), o),
        ("activation_tanh", one(lambda L: L.Activation("tanh")), o),
        ("dropout", lambda L, fw: [L.Dense(4), L.Dropout(0.5)], o),
        ("spatial_dropout1d", lambda L, fw: [L.Dense(4), L.SpatialDropout1D(0.5)], o),
        ("gaussian_noise", lambda L, fw: [L.Dense(4), L.GaussianNoise(1.0)], o),
        ("gaussian_dropout", lambda L, fw: [L.Dense(4), L.GaussianDropout(0.5)], o),
        ("alpha_dropout", lambda L, fw: [L.Dense(4), L.AlphaDropout(0.5)], o),
    ]
    for name, mk, sets in conv_models:
        feat = 4 if sets is o4 else 2
        process(ctx, name, S((None, feat), mk), sets,
                notes=f"Sequential(Input(shape=(None, {feat})), ...). Lengths 7 (odd) and 8. "
                      + ("Training-only noise layer: identity at inference (training=False)."
                         if "drop" in name or "noise" in name else ""))

    fixed = {"small": {"input_0": I.normal("fix6_f2_b3_small", (3, 6, 2), 0.5)},
             "large": {"input_0": I.normal("fix6_f2_b3_large", (3, 6, 2), 5.0)}}
    process(ctx, "prelu_fixed_len", S((6, 2), lambda L, fw: [L.PReLU()]), fixed,
            notes="Input(shape=(6, 2)) -> PReLU() (no shared_axes: alpha has shape (6, 2); PReLU on a "
                  "variable-length input fails, see model 'prelu').")
    process(ctx, "flatten", S((6, 2), lambda L, fw: [L.Flatten(), L.Dense(3)]), fixed,
            notes="Input(shape=(6, 2)) -> Flatten -> Dense(3). Flatten is row-major (C order).")
    process(ctx, "reshape", S((6, 2), lambda L, fw: [L.Reshape((3, 4)), L.Dense(2), L.Reshape((-1,))]), fixed,
            notes="Input(shape=(6, 2)) -> Reshape((3, 4)) -> Dense(2) -> Reshape((-1,)).")
    flat = {"small": {"input_0": I.normal("vec3_b3_small", (3, 3), 0.5)},
            "large": {"input_0": I.normal("vec3_b3_large", (3, 3), 5.0)}}
    process(ctx, "repeat_vector", S((3,), lambda L, fw: [L.Dense(4), L.RepeatVector(5)]), flat,
            notes="Input(shape=(3,)) -> Dense(4) -> RepeatVector(5) -> (batch, 5, 4).")


# ---------------------------------------------------------------------------
# 6. Functional
# ---------------------------------------------------------------------------
def section_functional(ctx):
    I = ctx.I
    a7 = I.normal("seq2_b3_small_len7", (3, 7, 2), 0.5)
    a1 = I.normal("seq2_b3_small_len1", (3, 1, 2), 0.5)
    a7l = I.normal("seq2_b3_large_len7", (3, 7, 2), 5.0)
    b7 = I.normal("seq3_b3_small_len7", (3, 7, 3), 0.5)
    b1 = I.normal("seq3_b3_small_len1", (3, 1, 3), 0.5)
    b7l = I.normal("seq3_b3_large_len7", (3, 7, 3), 5.0)

    def multi_input(fw):
        K = FW[fw]
        L = K.layers
        a = K.Input(shape=(None, 2), name="a")
        b = K.Input(shape=(None, 3), name="b")
        y = L.Dense(2)(L.LSTM(5)(L.Concatenate()([a, b])))
        return K.Model([a, b], y, name="func_multi_input")
    process(ctx, "func_multi_input", multi_input, {
        "small_len1": {"a": a1, "b": b1}, "small_len7": {"a": a7, "b": b7}, "large_len7": {"a": a7l, "b": b7l}},
        notes="Inputs a (None,2), b (None,3) -> Concatenate -> LSTM(5) -> Dense(2).")

    def multi_output(fw):
        K = FW[fw]
        L = K.layers
        x = K.Input(shape=(None, 2), name="x")
        h = L.LSTM(6, return_sequences=True)(x)
        y1 = L.TimeDistributed(L.Dense(2), name="seq_head")(h)
        y2 = L.Dense(1, name="pool_head")(L.GlobalAveragePooling1D()(h))
        return K.Model(x, [y1, y2], name="func_multi_output")
    xs = {"small_len1": {"x": a1}, "small_len7": {"x": a7}, "large_len7": {"x": a7l}}
    process(ctx, "func_multi_output", multi_output, xs,
            notes="Input x -> LSTM(6, rs) -> [TimeDistributed(Dense(2)) 'seq_head', GAP -> Dense(1) 'pool_head'].")

    a7b = I.normal("seq2_b3_small_len7_b", (3, 7, 2), 0.5)
    a1b = I.normal("seq2_b3_small_len1_b", (3, 1, 2), 0.5)
    a7lb = I.normal("seq2_b3_large_len7_b", (3, 7, 2), 5.0)

    def shared(fw):
        K = FW[fw]
        L = K.layers
        a = K.Input(shape=(None, 2), name="a")
        b = K.Input(shape=(None, 2), name="b")
        lstm = L.LSTM(5, name="shared_lstm")
        y = L.Subtract()([lstm(a), lstm(b)])
        return K.Model([a, b], y, name="func_shared")
    ab = {"small_len1": {"a": a1, "b": a1b}, "small_len7": {"a": a7, "b": a7b}, "large_len7": {"a": a7l, "b": a7lb},
          "same_inputs_len7": {"a": a7, "b": a7}}
    process(ctx, "func_shared", shared, ab,
            notes="One LSTM(5) 'shared_lstm' applied to inputs a and b -> Subtract()([lstm(a), lstm(b)]). "
                  "same_inputs_len7 feeds a == b (output must be exactly 0).")

    def nested(fw):
        K = FW[fw]
        L = K.layers
        x = K.Input(shape=(None, 2), name="x")
        inner_td = K.Sequential([K.Input(shape=(2,)), L.Dense(4), L.Dense(3)], name="inner_td")
        inner_direct = K.Sequential([K.Input(shape=(None, 2)), L.Dense(4, activation="tanh"), L.Dense(3)],
                                    name="inner_direct")
        inner_gru = K.Sequential([K.Input(shape=(None, 2)), L.GRU(4, return_sequences=True)], name="inner_gru")
        y1 = L.TimeDistributed(inner_td, name="td_seq")(x)
        y2 = inner_direct(x)
        y3 = L.Dense(2)(inner_gru(x))
        return K.Model(x, [y1, y2, y3], name="func_nested")
    process(ctx, "func_nested", nested, xs,
            notes="Functional with nested Sequentials: TimeDistributed(Sequential[Input(2), Dense(4), Dense(3)]) "
                  "'td_seq'; Sequential[Input(None,2), Dense(4, tanh), Dense(3)] 'inner_direct' called "
                  "directly; Sequential[Input(None,2), GRU(4, rs)] 'inner_gru' -> Dense(2). Outputs [y1, y2, y3].")

    m1 = I.normal("fix5_f3_b3_small_a", (3, 5, 3), 0.5)
    m2 = I.normal("fix5_f3_b3_small_b", (3, 5, 3), 0.5)
    m3 = I.normal("fix5_f3_b3_small_c", (3, 5, 3), 0.5)
    m4 = I.normal("fix5_f4_b3_small_d", (3, 5, 4), 0.5)
    ml1 = I.normal("fix5_f3_b3_large_a", (3, 5, 3), 5.0)
    ml2 = I.normal("fix5_f3_b3_large_b", (3, 5, 3), 5.0)

    def merge(fw):
        K = FW[fw]
        L = K.layers
        a = K.Input(shape=(5, 3), name="a")
        b = K.Input(shape=(5, 3), name="b")
        c = K.Input(shape=(5, 3), name="c")
        d = K.Input(shape=(5, 4), name="d")
        ad = L.Dense(3, name="dense_a")(a)
        outs = [
            L.Add(name="add")([ad, b]),
            L.Subtract(name="subtract")([ad, b]),
            L.Multiply(name="multiply")([ad, b]),
            L.Average(name="average")([ad, b]),
            L.Maximum(name="maximum")([ad, b]),
            L.Minimum(name="minimum")([ad, b]),
            L.Add(name="add3")([a, b, c]),
            L.Average(name="average3")([a, b, c]),
            L.Concatenate(axis=-1, name="concat_last")([a, d]),
            L.Concatenate(axis=1, name="concat_time")([a, b]),
            L.Dot(axes=-1, name="dot_last")([a, b]),
            L.Dot(axes=(1, 1), normalize=True, name="dot_time_normalized")([a, d]),
        ]
        return K.Model([a, b, c, d], outs, name="func_merge")
    process(ctx, "func_merge", merge, {
        "small": {"a": m1, "b": m2, "c": m3, "d": m4},
        "large": {"a": ml1, "b": ml2, "c": m3, "d": m4},
    }, notes="Inputs a,b,c (5,3), d (5,4); Dense(3) 'dense_a' on a. Outputs (model.outputs order): "
             "Add, Subtract, Multiply, Average, Maximum, Minimum of [dense_a(a), b]; Add([a,b,c]); "
             "Average([a,b,c]); Concatenate(-1)([a,d]) (5,7); Concatenate(1)([a,b]) (10,3); "
             "Dot(axes=-1)([a,b]) (5,5); Dot(axes=(1,1), normalize=True)([a,d]) (3,4) (L2-normalised along "
             "the time axis before the dot).")

    e5 = I.normal("seq3_b3_small_len5", (3, 5, 3), 0.5)
    d4 = I.normal("seq4_b3_small_len4", (3, 4, 4), 0.5)
    d1 = I.normal("seq4_b3_small_len1", (3, 1, 4), 0.5)
    e5l = I.normal("seq3_b3_large_len5", (3, 5, 3), 5.0)
    d4l = I.normal("seq4_b3_large_len4", (3, 4, 4), 5.0)

    def enc_dec(fw):
        K = FW[fw]
        L = K.layers
        enc_in = K.Input(shape=(None, 3), name="encoder_inputs")
        dec_in = K.Input(shape=(None, 4), name="decoder_inputs")
        _, h, c = L.LSTM(8, return_state=True, name="encoder")(enc_in)
        y = L.LSTM(8, return_sequences=True, name="decoder")(dec_in, initial_state=[h, c])
        y = L.TimeDistributed(L.Dense(3), name="head")(y)
        return K.Model([enc_in, dec_in], y, name="encoder_decoder")
    process(ctx, "encoder_decoder", enc_dec, {
        "small_enc5_dec4": {"encoder_inputs": e5, "decoder_inputs": d4},
        "small_enc5_dec1": {"encoder_inputs": e5, "decoder_inputs": d1},
        "small_enc7_dec4": {"encoder_inputs": b7, "decoder_inputs": d4},
        "large_enc5_dec4": {"encoder_inputs": e5l, "decoder_inputs": d4l},
    }, notes="Seq2seq training model: encoder LSTM(8, return_state=True) on encoder_inputs (None,3) -> [h, c] -> "
             "decoder LSTM(8, return_sequences=True)(decoder_inputs (None,4), initial_state=[h, c]) -> "
             "TimeDistributed(Dense(3)).")


# ---------------------------------------------------------------------------
# 7. Axis options and conditional weights (issue 10)
# ---------------------------------------------------------------------------
# What each Keras writes for an axis option and which weights it creates depend on the version:
# Keras 3 writes LayerNormalization's axis as a list ([-1] by default), tf-keras as non-negative
# axes ([2]); Keras 3 creates only gamma with rms_scaling=True; Keras 3 sorts the axes as written
# before shaping gamma ([-1, 1] -> gamma (d2, d1)), tf-keras keeps their order. Every layer below is
# built with its defaults except the option under test.
AXIS_REFUSALS = [
    # (label, layer class, kwargs, input shape): forms Keras itself refuses; the exact error each
    # framework gives is recorded in manifest["axis_refusals"] for AxisOptionsTest.
    ("ln_duplicate_axis", "LayerNormalization", {"axis": [-1, 2]}, (5, 4)),
    ("ln_axis_out_of_range", "LayerNormalization", {"axis": 3}, (5, 4)),
    ("ln_negative_axis_out_of_range", "LayerNormalization", {"axis": [-4]}, (5, 4)),
    ("bn_axis_out_of_range", "BatchNormalization", {"axis": 3}, (5, 4)),
    ("bn_axis_list", "BatchNormalization", {"axis": [1, 2]}, (5, 4)),  # tf-keras takes it, Keras 3 does not
    ("ln_rms_scaling", "LayerNormalization", {"rms_scaling": True}, (5, 4)),  # Keras 3 takes it, tf-keras does not
    ("softmax_no_axis", "Softmax", {"axis": []}, (5, 4)),
    ("prelu_shared_axis_out_of_range", "PReLU", {"shared_axes": [3]}, (5, 4)),
    ("prelu_shared_negative_out_of_range", "PReLU", {"shared_axes": [-2]}, (5, 4)),
]


# Keras 3.15 reloads its own legacy .h5 through saving_utils.model_from_config, which pops an axis
# list longer than one and does not put it back: the layer comes back with axis=-1. A multi-axis
# LayerNormalization then fails to load (gamma has the wrong shape) and a multi-axis Softmax loads
# as a softmax over the last axis. The expected values are those of the model that was saved.
LEGACY_AXIS_NOTE = ("Keras 3 itself reloads k3_legacy.h5 with axis=-1 (legacy saving_utils.model_from_config drops "
                    "an axis list longer than one): see formats.k3_legacy.reload_*; expected values are the saved "
                    "model's.")


def record_axis_refusals(ctx):
    out = {}
    for label, cls, kw, shape in AXIS_REFUSALS:
        errs = {}
        for fw in ("k2", "k3"):
            K = FW[fw]
            try:
                m = K.Sequential([K.Input(shape=shape), getattr(K.layers, cls)(**kw)])
                m(tf.zeros((2,) + shape), training=False)
                errs[fw] = None
            except Exception as e:  # noqa: BLE001
                msg = str(e)
                # Keras 3 wraps call errors: the cause is the bold part.
                inner = msg.split("\x1b[1m", 1)[1].split("\x1b[0m", 1)[0] if "\x1b[1m" in msg else msg
                errs[fw] = f"{type(e).__name__}: {inner.strip().splitlines()[0] if inner.strip() else ''}"[:300]
        out[label] = {"class_name": cls, "option": list(kw)[0], "value": list(kw.values())[0],
                      "input_shape": list(shape), "keras_error": errs}
        log(f"  refusal {label}: {errs}")
        assert errs["k2"] is not None or errs["k3"] is not None, label
    ctx.manifest["axis_refusals"] = out


def section_axes(ctx):
    I = ctx.I
    seq = {"small_len7": {"input_0": I.normal("seq4_b3_small_len7", (B, 7, 4), 0.5)},
           "small_len1": {"input_0": I.normal("seq4_b3_small_len1", (B, 1, 4), 0.5)},
           "large_len7": {"input_0": I.normal("seq4_b3_large_len7", (B, 7, 4), 5.0)}}
    fixed = {"small": {"input_0": I.normal("fix5_f4_b3_small", (B, 5, 4), 0.5)},
             "large": {"input_0": I.normal("fix5_f4_b3_large", (B, 5, 4), 5.0)}}
    image = {"small": {"input_0": I.normal("img342_b2_small", (2, 3, 4, 2), 0.5)},
             "large": {"input_0": I.normal("img342_b2_large", (2, 3, 4, 2), 5.0)}}
    k3_only = {"why_not_k2": "tf-keras has no such option (TypeError: Keyword argument not understood)"}

    def ax(name, shape, sets, layers, notes, producers=("k2", "k3"), extra=None, batch_size=None):
        process(ctx, name, lambda fw: sequential(fw, shape, lambda L, f: layers(L), batch_size=batch_size), sets,
                producers=producers, extra=extra, summary=False, notes=notes)

    ax("ln_default", (None, 4), seq, lambda L: [L.LayerNormalization()],
       "LayerNormalization() with defaults. Keras 3 writes axis [-1], tf-keras [2].")
    ax("ln_rms", (None, 4), seq, lambda L: [L.LayerNormalization(rms_scaling=True)],
       "Keras 3 only: LayerNormalization(rms_scaling=True). The config keeps center: true but Keras creates only "
       "gamma; output x * rsqrt(var + eps) * gamma (var around the mean, x not centred).",
       producers=("k3",), extra=k3_only)
    ax("ln_rms_no_scale", (None, 4), seq,
       lambda L: [L.LayerNormalization(rms_scaling=True, scale=False, center=False)],
       "Keras 3 only: LayerNormalization(rms_scaling=True, scale=False, center=False): gamma is still created "
       "and used (scale or rms_scaling).", producers=("k3",), extra=k3_only)
    ax("ln_axes_last_two", (5, 4), fixed, lambda L: [L.LayerNormalization(axis=[-2, -1])],
       "LayerNormalization(axis=[-2, -1]) on (5, 4): one mean/variance per sample over 20 values; gamma, beta "
       "(5, 4). tf-keras writes [1, 2]. " + LEGACY_AXIS_NOTE)
    ax("ln_axes_positive", (5, 4), fixed, lambda L: [L.LayerNormalization(axis=[1, 2])],
       "LayerNormalization(axis=[1, 2]): the same as [-2, -1], written with non-negative axes in both versions. "
       + LEGACY_AXIS_NOTE)
    ax("ln_axis_time", (5, 4), fixed, lambda L: [L.LayerNormalization(axis=1)],
       "LayerNormalization(axis=1): over the time axis, one statistic per sample and feature; gamma, beta (5,).")
    ax("ln_axes_mixed_order", (5, 4), fixed, lambda L: [L.LayerNormalization(axis=[-1, 1])],
       "LayerNormalization(axis=[-1, 1]): Keras 3 sorts to [-1, 1] and tf-keras resolves to [2, 1], so both "
       "create gamma/beta of shape (4, 5) and reshape them row-major to (1, 5, 4) in the call. " + LEGACY_AXIS_NOTE)
    ax("ln_image", (3, 4, 2), image, lambda L: [L.LayerNormalization()],
       "LayerNormalization() on a 4-D (batch, 3, 4, 2) input: over the channels.")
    ax("ln_image_axes", (3, 4, 2), image, lambda L: [L.LayerNormalization(axis=[1, 3])],
       "LayerNormalization(axis=[1, 3]) on (batch, 3, 4, 2): non-adjacent axes; gamma, beta (3, 2). "
       + LEGACY_AXIS_NOTE)
    ax("ln_batch_axis", (4,), {"small": {"input_0": I.normal("vec4_b3_small", (B, 4), 0.5)},
                                "large": {"input_0": I.normal("vec4_b3_large", (B, 4), 5.0)}},
       lambda L: [L.LayerNormalization(axis=[0, 1])],
       "Input(batch_shape=(3, 4)) -> LayerNormalization(axis=[0, 1]): over the whole batch; gamma, beta (3, 4). "
       + LEGACY_AXIS_NOTE,
       batch_size=B)
    ax("ln_no_axes", (None, 4), seq, lambda L: [L.LayerNormalization(axis=[])],
       "Keras 3 only: LayerNormalization(axis=[]) normalizes each value on its own (gamma, beta are scalars; "
       "the output is beta). tf-keras cannot build it. " + LEGACY_AXIS_NOTE, producers=("k3",),
       extra={"why_not_k2": "tf-keras LayerNormalization(axis=[]) fails in build (IndexError)"})
    process(ctx, "ln_time_distributed",
            lambda fw: sequential(fw, (None, 5, 4),
                                  lambda L, f: [L.TimeDistributed(L.LayerNormalization(axis=[-2, -1]))]),
            {"small_len3": {"input_0": I.normal("seq54_b2_small_len3", (2, 3, 5, 4), 0.5)},
             "large_len3": {"input_0": I.normal("seq54_b2_large_len3", (2, 3, 5, 4), 5.0)}}, summary=False,
            notes="TimeDistributed(LayerNormalization(axis=[-2, -1])) on (batch, steps, 5, 4): the inner layer is "
                  "built for (None, 5, 4).")

    # The audit of the other layers: forms each Keras writes that kerasj refused or misread.
    ax("softmax_axes", (5, 4), fixed, lambda L: [L.Softmax(axis=[-2, -1])],
       "Softmax(axis=[-2, -1]): exp(x - logsumexp(x)) over both axes together. " + LEGACY_AXIS_NOTE)
    ax("softmax_axes_image", (3, 4, 2), image, lambda L: [L.Softmax(axis=[1, 3])],
       "Softmax(axis=[1, 3]) on (batch, 3, 4, 2): non-adjacent axes. " + LEGACY_AXIS_NOTE)
    ax("prelu_shared_negative", (5, 4), fixed, lambda L: [L.PReLU(shared_axes=-1)],
       "PReLU(shared_axes=-1): Keras sets alpha_shape[-1 - 1] = 1 with Python indexing, so alpha is (1, 4): the "
       "time axis is shared, not the last one.")
    ax("prelu_shared_zero", (5, 4), fixed, lambda L: [L.PReLU(shared_axes=[0])],
       "PReLU(shared_axes=[0]): alpha_shape[-1] = 1, alpha (5, 1): the last axis is shared.")
    ax("bn_axis_time", (5, 4), fixed, lambda L: [L.BatchNormalization(axis=1)],
       "BatchNormalization(axis=1): statistics per time step; Keras 3 writes 1, tf-keras [1].")
    ax("bn_axis_negative", (5, 4), fixed, lambda L: [L.BatchNormalization(axis=-2)],
       "BatchNormalization(axis=-2): Keras 3 writes -2, tf-keras [1].")
    ax("bn_axes_k2", (5, 4), fixed, lambda L: [L.BatchNormalization(axis=[1, 2])],
       "tf-keras only: BatchNormalization(axis=[1, 2]); the weights have the input's rank: (1, 5, 4).",
       producers=("k2",), extra={"why_not_k3": "Keras 3 BatchNormalization takes one int axis (TypeError)"})
    ax("bn_renorm", (None, 4), seq, lambda L: [L.BatchNormalization(renorm=True)],
       "BatchNormalization(renorm=True): moving_stddev, renorm_mean, renorm_stddev follow the moving statistics "
       "and are not used at inference.")
    ax("lora_dense", (None, 4), seq, lambda L: [L.Dense(3, lora_rank=2)],
       "Keras 3 only: Dense(3, lora_rank=2). .keras/.weights.h5 hold the merged kernel; the legacy .h5 holds "
       "bias, lora_kernel_a, lora_kernel_b, then the frozen kernel.", producers=("k3",), extra=k3_only)
    ax("lora_dense_frozen", (None, 4), seq, lambda L: [L.Dense(3, lora_rank=2, trainable=False)],
       "Keras 3 only: Dense(3, lora_rank=2, trainable=False): the legacy .h5 keeps creation order (kernel, bias, "
       "lora_kernel_a, lora_kernel_b) since no weight is trainable.", producers=("k3",), extra=k3_only)
    ax("lora_conv1d", (None, 4), {k: v for k, v in seq.items() if k != "small_len1"},
       lambda L: [L.Conv1D(3, 2, lora_rank=2, lora_alpha=4)],
       "Keras 3 only: Conv1D(3, 2, lora_rank=2, lora_alpha=4): delta scaled by lora_alpha / lora_rank = 2.",
       producers=("k3",), extra=k3_only)
    rng = I.rng_for("ids10")
    ids = {lbl: I.add(f"ids10_b3_len{t}", rng.integers(0, 10, size=(B, t)).astype(np.float32),
                      note="integer token ids in [0, 10) stored as float32")
           for lbl, t in (("len7", 7), ("len1", 1))}
    id_sets = {lbl: {"input_0": k} for lbl, k in ids.items()}
    ax("lora_embedding", (None,), id_sets, lambda L: [L.Embedding(10, 3, lora_rank=2)],
       "Keras 3 only: Embedding(10, 3, lora_rank=2); ids as float32.", producers=("k3",), extra=k3_only)

    def int_input(fw):
        K = FW[fw]
        x = K.Input(shape=(None,), dtype="int32", name="ids")
        y = K.layers.LSTM(4)(K.layers.Embedding(10, 3, mask_zero=True)(x))
        return K.Model(x, y, name="embedding_int_input")
    process(ctx, "embedding_int_input", int_input, {lbl: {"ids": k} for lbl, k in ids.items()}, summary=False,
            notes="Input(shape=(None,), dtype='int32') -> Embedding(10, 3, mask_zero=True) -> LSTM(4). The "
                  "InputLayer's dtype is int32; the ids are stored as float32 .npy.")
    record_axis_refusals(ctx)


# ---------------------------------------------------------------------------
def write_manifest(path, manifest):
    """indent=1 JSON, except that 'cases' has one compact case per line (keeps the file small)."""
    head = {k: v for k, v in manifest.items() if k != "cases"}
    txt = json.dumps(head, indent=1)
    assert txt.endswith("\n}")
    cases = ",\n".join("  " + json.dumps(c) for c in manifest["cases"])
    path.write_text(txt[:-2] + ',\n "cases": [\n' + cases + "\n ]\n}\n")


def merge_manifest(old, new, args):
    """The existing manifest with the models of this run (their info and cases) replaced or added."""
    names = set(new["models"])
    old["cases"] = [c for c in old["cases"] if c["model"] not in names] + new["cases"]
    old["models"].update(new["models"])
    old["inputs"].update(new["inputs"])
    head = {"generator", "generated_utc", "versions", "seeds", "weight_init", "notes", "inputs", "models", "cases",
            "summary", "merged"}
    for k, v in new.items():
        if k not in head:  # records a section adds, e.g. axis_refusals
            old[k] = v
    old.setdefault("merged", []).append({"sections": args.sections, "only": args.only,
                                         "generated_utc": new["generated_utc"], "versions": new["versions"],
                                         "models": sorted(names)})
    return old


def dir_size(p):
    return sum(f.stat().st_size for f in Path(p).rglob("*") if f.is_file())


SECTIONS = {
    "recurrent": lambda ctx: section_recurrent(ctx, discover_activations()),
    "masking": section_masking,
    "stateful": section_stateful,
    "bidi": section_bidi,
    "conv": section_conv,
    "functional": section_functional,
    "axes": section_axes,
}


def run_sections(doc, generator, default_out, sections, header, default_sections=None, sections_help=None,
                 suite_per_section=False, summary_extra=None):
    """What every fixture generator's main() does: parse --out/--only/--sections/--merge, seed, run the
    sections (each a function of a Ctx), then write the manifest with ``header`` (seeds, weight_init,
    notes, ...) and a summary of what could not be made, plus ``summary_extra(manifest)``."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(default_out))
    ap.add_argument("--only", default=None, help="comma separated model names (debugging; manifest is partial)")
    ap.add_argument("--sections", default=",".join(default_sections or sections), help=sections_help)
    ap.add_argument("--merge", action="store_true",
                    help="keep the existing output and manifest; replace only the models (and their cases) this run "
                         "produces, e.g. --merge --only new_model after adding a model")
    args = ap.parse_args()
    out = Path(args.out).resolve()
    only = set(args.only.split(",")) if args.only else None
    if out.exists() and not only and not args.merge:
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    set_seeds(GLOBAL_SEED)
    manifest = {
        "generator": "compat-tests/python/" + generator,
        "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": gf.versions(),
        **header,
        "inputs": {},
        "models": {},
        "cases": [],
    }
    inputs = Inputs(out)
    ctx = Ctx(out, inputs, manifest, only)
    for s in args.sections.split(","):
        log(f"=== section {s}")
        first = len(manifest["cases"])
        sections[s](ctx)
        if suite_per_section:
            for c in manifest["cases"][first:]:
                c["suite"] = s
    manifest["inputs"] = inputs.meta
    if args.merge and (out / "manifest.json").exists():
        manifest = merge_manifest(json.loads((out / "manifest.json").read_text()), manifest, args)
    models = manifest["models"]
    manifest["summary"] = {
        "num_models": len(models),
        "num_cases": len(manifest["cases"]),
        "unavailable": {n: m["unavailable"] for n, m in models.items() if "unavailable" in m},
        "reload_problems": {n: {f: {k: v for k, v in e.items() if k.startswith(("reload_error", "reload_warning",
                                                                                  "reload_note"))}
                                for f, e in m["formats"].items()
                                if any(k.startswith(("reload_error", "reload_warning")) for k in e)}
                            for n, m in models.items()
                            if any(k.startswith(("reload_error", "reload_warning"))
                                   for e in m.get("formats", {}).values() for k in e)},
        "input_errors": {n: m["input_errors"] for n, m in models.items() if "input_errors" in m},
        **(summary_extra(manifest) if summary_extra else {}),
    }
    write_manifest(out / "manifest.json", manifest)
    size = dir_size(out)
    manifest["summary"]["total_bytes"] = size
    write_manifest(out / "manifest.json", manifest)
    log(f"wrote {len(models)} models, {len(manifest['cases'])} cases to {out}; total size {size / 1e6:.2f} MB")
    return manifest


def main():
    run_sections(__doc__, "generate_semantics_fixtures.py", DEFAULT_OUT, SECTIONS, {
        "seeds": {
            "global": GLOBAL_SEED,
            "inputs": INPUT_SEED,
            "inputs_per_key": "numpy default_rng([inputs, crc32(input_key)]) (masking sets: key = prefix; "
                              "embedding ids: key 'emb_ids')",
            "weights_base": WEIGHT_SEED_BASE,
            "weights_per_model": "weights_base + crc32(model_name) % 100000 (models.<name>.weight_seed)",
        },
        "weight_init": {
            "kernel/recurrent_kernel": "uniform(-sqrt(6/(fan_in+fan_out)), +...); 2-D: shape[0], shape[-1]; "
                                       "Conv1D (k,in,out): fan_in=k*in, fan_out=k*out",
            "bias": "normal(0, 0.3)",
            "gamma": "1 + normal(0, 0.2)",
            "beta": "normal(0, 0.2)",
            "moving_mean": "normal(0, 0.5)",
            "moving_variance": "uniform(0.5, 2.0)",
            "alpha (PReLU)": "uniform(0.05, 0.6)",
            "embeddings": "normal(0, 0.5)",
            "note": "weights set in tf-keras (numpy default_rng(weight_seed), in model.weights order) and copied "
                    "to Keras 3 with get_weights/set_weights; Keras-3-only models are randomised in Keras 3",
        },
        "notes": [
            "Expected outputs: model(x, training=False) as float32, one file per model output in model.outputs "
            "order (expected_<fw>_<input_label>_<i>.npy). k2_* formats compare against expected_k2_*, "
            "k3_* formats against expected_k3_*.",
            "Sequential models have one input, named 'input_0' in cases. Functional models name their Input "
            "layers explicitly; cases list inputs in model input order.",
            "All models use an explicit Input layer in both frameworks, except the Keras 2 stateful models "
            "(batch_input_shape=(3, None, 2) kwarg on the first layer).",
            "Stateful models: 'calls' cases are consecutive model(x, training=False) calls on one model object "
            "(model.predict was also run and compared: models.<name>.predict_vs_call_sequence).",
            "The Keras 3 LNSimpleRNNCell has an added build() (see ln_simple_rnn_cell.py); loading needs "
            "custom_objects={'LNSimpleRNNCell': cls}.",
            "HDF5 tree dumps (*.tree.txt) and k3_keras_config.json.txt are written for a subset of models "
            "(TREE_MODELS); h5 dataset paths of every file are in models.<name>.h5_dataset_paths.",
        ],
    })


if __name__ == "__main__":
    main()
