#!/usr/bin/env python3
"""Record a kerasj test vector: inputs and TensorFlow's outputs for a Keras model.

Usage (with a Python that has TensorFlow, tf-keras and/or Keras 3, numpy; h5py is only
needed to detect the Keras version of an .h5 file, and comes with TensorFlow)::

    python tools/record_test_vector.py MODEL [--weights W.h5] [--custom-objects my_layers.py]
        [--inputs X.npy | X.npz] [--batch 4 --seq-len 100 --seed 0 --scale 1.0]
        [--keras auto|2|3] [--out MODEL.vectors.npz]

MODEL is what the model's author saved: a full-model ``.h5`` (tf.keras / tf-keras or Keras 3
legacy), a Keras 3 ``.keras`` archive, or a ``model.to_json()`` file with ``--weights``.
``--keras auto`` (the default) decides between tf-keras (Keras 2) and Keras 3 from the file:
a ``.keras`` archive is Keras 3; an ``.h5`` file records ``keras_version`` in its attributes; a
JSON config from Keras 3 carries a top-level ``"module"`` key.

``--custom-objects FILE.py`` (repeatable) imports the file and registers every class in it that
subclasses the chosen framework's ``Layer`` under its class name (``cls.__name__``), plus the
entries of a module-level ``CUSTOM_OBJECTS`` dict if the file defines one. A file such as
``compat-tests/python/ln_simple_rnn_cell.py``, which defines a Keras 2 and a Keras 3 class with
the same name, works for both frameworks.

Inputs: ``--inputs X.npy`` for a single-input model, or ``--inputs X.npz`` with one array per
input named like the Keras input (or ``input_<name>``). Without ``--inputs``, inputs are drawn
with ``numpy.random.default_rng(seed).standard_normal(shape) * scale`` as float32, where shape is
the model input's shape with ``None`` replaced by ``--batch`` (batch axis) and ``--seq-len``
(other axes). How the inputs were drawn is recorded in the vector.

The vector is an ``.npz`` (``np.load`` reads it) with:

* ``input_<name>.npy``  one float32 array per model input (name: the Keras input's name);
* ``output_<name>.npy`` TensorFlow's output for each model output (``model(x, training=False)``);
* ``metadata.json``     format and version, input and output names in model order, TensorFlow /
  Keras / numpy / Python versions, how inputs were drawn, the model file's SHA-256.

By default it is written next to the model as ``MODEL.vectors.npz``, the sidecar name that
kerasj's ``LoadOptions.withSidecarTestVector()`` looks for. Check it from Java with
``TestVector.read(path).verify(model)``, ``KerasjAssertions.assertMatchesTestVector`` (kerasj-junit)
or ``java -jar kerasj.jar verify MODEL --vectors V.npz``.
"""

import argparse
import datetime
import hashlib
import importlib.util
import io
import json
import os
import platform
import re
import sys
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
# The framework is chosen per file below; a global switch would override that choice.
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import numpy as np  # noqa: E402

FORMAT = "kerasj-test-vector"
FORMAT_VERSION = 1


def fail(msg):
    print("record_test_vector: " + msg, file=sys.stderr)
    sys.exit(2)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def detect_keras(model_path):
    """Returns 2 (tf-keras) or 3 (Keras 3) from the file's content."""
    with open(model_path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"PK"):
        return 3
    if head == b"\x89HDF\r\n\x1a\n":
        import h5py

        with h5py.File(model_path, "r") as h:
            v = h.attrs.get("keras_version")
        if v is None:
            fail(model_path + ": the .h5 file records no keras_version; pass --keras 2 or --keras 3")
        v = v.decode() if isinstance(v, bytes) else str(v)
        return 3 if v.startswith("3.") else 2
    try:
        with open(model_path, "r", encoding="utf-8") as f:
            cfg = json.load(f)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        fail(model_path + ": not an .h5 file, a .keras archive or a JSON config (" + str(e) + ")")
    if isinstance(cfg, dict) and "keras_version" in cfg:
        return 3 if str(cfg["keras_version"]).startswith("3.") else 2
    return 3 if isinstance(cfg, dict) and "module" in cfg else 2


def load_custom_objects(files, layer_base):
    objects = {}
    for path in files:
        name = "kerasj_custom_" + re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            fail(path + ": cannot import this file as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        for value in list(vars(module).values()):
            if isinstance(value, type) and issubclass(value, layer_base) and value.__module__ == name:
                objects[value.__name__] = value
        objects.update(getattr(module, "CUSTOM_OBJECTS", {}) or {})
    return objects


def load_model(args, keras_major):
    if keras_major == 2:
        import tf_keras as k
    else:
        import keras as k
    custom = load_custom_objects(args.custom_objects, k.layers.Layer)
    if args.weights:
        with open(args.model, "r", encoding="utf-8") as f:
            text = f.read()
        model = k.models.model_from_json(text, custom_objects=custom)
        model.load_weights(args.weights)
    else:
        model = k.models.load_model(args.model, custom_objects=custom, compile=False)
    return model, k, custom


def safe(name):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def input_names(model):
    names = []
    for i, t in enumerate(model.inputs):
        n = getattr(t, "name", None) or "input_%d" % i
        names.append(safe(n.split(":")[0]))
    return names


def output_names(model, count):
    names = None
    try:
        names = list(model.output_names)
    except Exception:  # noqa: BLE001 (not every model class has it)
        names = None
    if (not names or len(names) != count) and count == 1 and getattr(model, "layers", None):
        names = [model.layers[-1].name]  # a Keras 3 Sequential has no output_names
    if not names or len(names) != count:
        names = ["output_%d" % i for i in range(count)]
    return [safe(n) for n in names]


def draw_inputs(model, names, args):
    rng = np.random.default_rng(args.seed)
    arrays = {}
    for name, t in zip(names, model.inputs):
        shape = []
        for axis, d in enumerate(tuple(t.shape)):
            if d is None:
                d = args.batch if axis == 0 else args.seq_len
            elif axis == 1 and args.seq_len_given and d != args.seq_len:
                fail("input '%s' has a fixed length %d, --seq-len %d differs" % (name, d, args.seq_len))
            shape.append(int(d))
        arrays[name] = (rng.standard_normal(shape) * args.scale).astype(np.float32)
    drawn = {
        "kind": "random",
        "generator": "numpy.random.default_rng(seed).standard_normal(shape) * scale, cast to float32,"
                     " one draw per input in model input order",
        "seed": args.seed,
        "scale": args.scale,
        "batch": args.batch,
        "seq_len": args.seq_len,
        "shapes": {n: list(a.shape) for n, a in arrays.items()},
    }
    return arrays, drawn


def read_inputs(path, names):
    if path.endswith(".npz"):
        with np.load(path, allow_pickle=False) as z:
            files = list(z.files)
            arrays = {}
            for n in names:
                for key in (n, "input_" + n):
                    if key in files:
                        arrays[n] = z[key]
                        break
                else:
                    if len(names) == 1 and len(files) == 1:
                        arrays[n] = z[files[0]]
                    else:
                        fail("%s has no array '%s' or 'input_%s' (arrays: %s)" % (path, n, n, files))
    else:
        if len(names) != 1:
            fail("the model has %d inputs %s; give them in an .npz named by input" % (len(names), names))
        arrays = {names[0]: np.load(path, allow_pickle=False)}
    for n, a in arrays.items():
        if not np.issubdtype(a.dtype, np.number):
            fail("input '%s' in %s has dtype %s, expected numbers" % (n, path, a.dtype))
        arrays[n] = np.ascontiguousarray(a, dtype=np.float32)
    drawn = {"kind": "file", "file": os.path.basename(path), "sha256": sha256(path),
             "shapes": {n: list(a.shape) for n, a in arrays.items()}}
    return arrays, drawn


def write_vector(path, inputs, outputs, metadata):
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        for prefix, arrays in (("input_", inputs), ("output_", outputs)):
            for name, a in arrays.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(a, dtype=np.float32), allow_pickle=False)
                z.writestr(prefix + name + ".npy", buf.getvalue())
        z.writestr("metadata.json", json.dumps(metadata, indent=1, sort_keys=False))
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="See the module docstring (tools/record_test_vector.py) for details.")
    p.add_argument("model", help=".h5, .keras, or .json (with --weights)")
    p.add_argument("--weights", help="weights file for a .json model")
    p.add_argument("--custom-objects", action="append", default=[], metavar="FILE.py",
                   help="Python file whose Layer subclasses are registered by class name (repeatable)")
    p.add_argument("--inputs", help="inputs: .npy (single input) or .npz (one array per input name)")
    p.add_argument("--batch", type=int, default=4, help="batch size of drawn inputs (default 4)")
    p.add_argument("--seq-len", type=int, default=None, help="length of None axes other than batch (default 100)")
    p.add_argument("--seed", type=int, default=0, help="seed of drawn inputs (default 0)")
    p.add_argument("--scale", type=float, default=1.0, help="standard deviation of drawn inputs (default 1.0)")
    p.add_argument("--keras", choices=["auto", "2", "3"], default="auto",
                   help="framework: 2 = tf-keras, 3 = Keras 3; auto detects it from the file")
    p.add_argument("--tf-threads", type=int, default=1,
                   help="TensorFlow intra/inter-op threads (default 1, for reproducible sums)")
    p.add_argument("--out", help="output .npz (default: MODEL.vectors.npz next to the model)")
    args = p.parse_args(argv)
    args.seq_len_given = args.seq_len is not None
    if args.seq_len is None:
        args.seq_len = 100
    if args.batch <= 0 or args.seq_len <= 0:
        fail("--batch and --seq-len must be positive")
    for f in [args.model, args.weights, args.inputs] + args.custom_objects:
        if f and not os.path.isfile(f):
            fail(f + ": no such file")
    if args.model.lower().endswith(".json") and not args.weights:
        fail("a .json model needs --weights")

    keras_major = detect_keras(args.model) if args.keras == "auto" else int(args.keras)
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.tf_threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.tf_threads)
    model, k, custom = load_model(args, keras_major)

    names = input_names(model)
    if args.inputs:
        inputs, drawn = read_inputs(args.inputs, names)
    else:
        inputs, drawn = draw_inputs(model, names, args)
    for n, t in zip(names, model.inputs):
        want = tuple(t.shape)
        have = inputs[n].shape
        if len(want) != len(have) or any(w is not None and w != h for w, h in zip(want, have)):
            fail("input '%s': shape %s does not match the model's input shape %s" % (n, have, want))
    xs = [inputs[n] for n in names]
    y = model(xs[0] if len(xs) == 1 else xs, training=False)
    ys = list(y.values()) if isinstance(y, dict) else list(y) if isinstance(y, (list, tuple)) else [y]
    ys = [np.asarray(v, dtype=np.float32) for v in ys]
    onames = output_names(model, len(ys))
    outputs = dict(zip(onames, ys))

    versions = {"python": platform.python_version(), "numpy": np.__version__, "tensorflow": tf.__version__}
    versions["tf_keras" if keras_major == 2 else "keras"] = k.__version__
    metadata = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "inputs": names,
        "outputs": onames,
        "input_shapes": {n: list(inputs[n].shape) for n in names},
        "output_shapes": {n: list(a.shape) for n, a in outputs.items()},
        "versions": versions,
        "framework": "tf_keras" if keras_major == 2 else "keras",
        "inputs_drawn": drawn,
        "model": {
            "file": os.path.basename(args.model),
            "sha256": sha256(args.model),
            "weights": os.path.basename(args.weights) if args.weights else None,
            "weights_sha256": sha256(args.weights) if args.weights else None,
            "custom_objects": sorted(custom),
        },
        "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tool": "tools/record_test_vector.py",
    }
    out = args.out or (args.model + ".vectors.npz")
    write_vector(out, inputs, outputs, metadata)
    print("wrote %s: inputs %s, outputs %s (%s %s, TensorFlow %s)" % (
        out, {n: list(a.shape) for n, a in inputs.items()}, {n: list(a.shape) for n, a in outputs.items()},
        metadata["framework"], k.__version__, tf.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
