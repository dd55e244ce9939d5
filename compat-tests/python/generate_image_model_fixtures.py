#!/usr/bin/env python3
"""Generate TensorFlow ground-truth fixtures for kerasj's image models.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_image_model_fixtures.py ch14 [--out DIR]
    $VENV/bin/python compat-tests/python/generate_image_model_fixtures.py applications [--out DIR]
        [--models ResNet50,VGG16] [--sizes default,small]

Two families:

``ch14`` (committed, default output compat-tests/src/test/resources/fixtures_image_models): the Hands-On
Machine Learning (3rd ed.) image models, written as the book writes them: chapter 14's Sequential
CNN for Fashion MNIST (Conv2D, MaxPooling2D, Flatten, Dense, Dropout), chapter 14's ResNet-34 made
of the custom layer ``ResidualUnit`` (a Layer subclass built from built-in layers, without
get_config, as in the book), at one eighth of the book's width so that the fixture stays small
(the book's full width is in the ``applications`` family), and chapter 17's convolutional
autoencoder (nested Sequential encoder and decoder, Conv2DTranspose).

``applications`` (not committed: 10–550 MB of weights per file; made by .ci/applications,
default output compat-tests/target/fixtures_applications): every keras.applications (Keras 3)
and tf_keras.applications (Keras 2) architecture of issue 12, ``weights=None`` so nothing is
downloaded, plus the book's full-width ResNet-34.

Every model is saved in every format its Keras writes (tf-keras: full .h5, to_json + .h5 weights;
Keras 3: .keras, legacy .h5, to_json + .weights.h5); a format Keras cannot save, or cannot reload,
is recorded under ``unavailable`` / ``reload_error`` with Keras' own message. Each saved file is
reloaded in the Keras that wrote it and run again; the largest difference is recorded (it must be
0). A file Keras writes but cannot reload still gets its cases, against the model that wrote it
(a json Keras cannot reload gets no 96×96 or logits variant: those are made by reloading it). Expected outputs are ``model(x, training=False)`` in TensorFlow, float32. numpy only draws the
seeded weights and pixels.

Weights: Keras' own initializers under a fixed seed, then (seeded) biases, BatchNormalization and
LayerNormalization gamma/beta and ConvNeXt's LayerScale gamma are drawn so that every weight
matters, the BatchNormalization moving statistics are set to the statistics of a calibration
batch (one ``training=True`` call with momentum 0, so activations stay of order 1 through a deep
net) and then perturbed (mean shifted by 0.2 standard deviations, variance scaled by 0.6–1.6), so
that a reader that ignores them, or swaps them, fails. The weights are copied to the other Keras
layer by layer (get_weights / set_weights) when both have the same layers, so both Kerases compute
the same function (``k2_vs_k3_max_abs_diff``).

Inputs: ``inputs/raw_<S>.npy`` are (3, S, S, 3) integer-valued pixels in [0, 255] (RGB), shared by
every model of that size. A model that preprocesses inside itself (EfficientNet, EfficientNetV2,
MobileNetV3, ConvNeXt: Rescaling / Normalization layers) takes them as they are; the others take
``<model>/input_<S>.npy``, the output of that application's own ``preprocess_input`` (caffe, torch
or tf mode, recorded in the manifest). Batch 1 is the first image, run on its own.

Outputs: the softmax (the model as saved), and the logits: the same model with the classifier's
softmax replaced by a linear activation (what ``classifier_activation=None`` builds), saved as its
own ``to_json`` (``k2_logits.json`` / ``k3_logits.json``) next to the same weights file, run in
TensorFlow. The manifest records TensorFlow's top-5 classes per sample, and the gap between the
5th and 6th logit.

Sizes: each architecture at its default size (224, or 299 for InceptionV3, InceptionResNetV2 and
Xception) in every format, and at 96×96 (which every one of them accepts with include_top) as
to_json of the 96×96 model + the same weights file (the weights do not depend on the input size,
except VGG16's first Dense layer, which gets its own weights files).
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
import time  # noqa: E402
import zlib  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_fixtures as gf  # noqa: E402  (sets env, imports tf / tf_keras / keras, one TF thread)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402

SCRIPT_DIR = Path(__file__).resolve().parent
CH14_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures_image_models"
APPS_OUT = SCRIPT_DIR.parent / "target" / "fixtures_applications"

PIXEL_SEED = 20261212
CALIB_SEED = 20261213
SEED_BASE = 9090

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_VAR = [0.229 ** 2, 0.224 ** 2, 0.225 ** 2]


def log(*a):
    print(*a, flush=True)


def model_seed(name):
    return SEED_BASE + zlib.crc32(name.encode()) % 100000


# ---------------------------------------------------------------------------
# Hands-On ML chapter 14 / 17 models, as the book writes them (tf.keras = tf_keras here)
# ---------------------------------------------------------------------------
def make_residual_unit(K):
    """The book's ResidualUnit (chapter 14), for one Keras. No get_config, no registration: the
    file records the constructor's arguments through Keras' automatic config capture, and loading
    needs custom_objects (Python) or a registered factory (Java)."""
    DefaultConv2D = partial(K.layers.Conv2D, kernel_size=3, strides=1, padding="same",
                            kernel_initializer="he_normal", use_bias=False)

    class ResidualUnit(K.layers.Layer):
        def __init__(self, filters, strides=1, activation="relu", **kwargs):
            super().__init__(**kwargs)
            self.activation = K.activations.get(activation)
            self.main_layers = [
                DefaultConv2D(filters, strides=strides),
                K.layers.BatchNormalization(),
                self.activation,
                DefaultConv2D(filters),
                K.layers.BatchNormalization()
            ]
            self.skip_layers = []
            if strides > 1:
                self.skip_layers = [
                    DefaultConv2D(filters, kernel_size=1, strides=strides),
                    K.layers.BatchNormalization()
                ]

        def call(self, inputs):
            Z = inputs
            for layer in self.main_layers:
                Z = layer(Z)
            skip_Z = inputs
            for layer in self.skip_layers:
                skip_Z = layer(skip_Z)
            return self.activation(Z + skip_Z)

    if K is keras:
        # Keras 3 builds a layer's weights in build(); without one its sublayers are built on the
        # first call, which Keras 3 does not do for a Sequential's symbolic build. This build()
        # only calls the sublayers on the input shape, as the book's call would.
        def build(self, input_shape):
            shape = input_shape
            for layer in self.main_layers:
                if isinstance(layer, K.layers.Layer):
                    layer.build(shape)
                    shape = layer.compute_output_shape(shape)
            skip = input_shape
            for layer in self.skip_layers:
                layer.build(skip)
                skip = layer.compute_output_shape(skip)
            self.built = True

        ResidualUnit.build = build
    return ResidualUnit


RESIDUAL_UNIT = {"k2": make_residual_unit(tf_keras), "k3": make_residual_unit(keras)}
for _fw in RESIDUAL_UNIT:
    gf.CUSTOM[_fw]["ResidualUnit"] = RESIDUAL_UNIT[_fw]


def first_layer(fw, factory, input_shape):
    """The book passes input_shape= to the first layer (tf-keras); Keras 3 wants an Input."""
    K = gf.FW[fw]
    if fw == "k2":
        return [factory(input_shape=input_shape)]
    return [K.Input(shape=tuple(input_shape)), factory()]


def build_cnn(fw):
    K = gf.FW[fw]
    DefaultConv2D = partial(K.layers.Conv2D, kernel_size=3, padding="same", activation="relu",
                            kernel_initializer="he_normal")
    return K.Sequential(first_layer(fw, lambda **kw: DefaultConv2D(filters=64, kernel_size=7, **kw), [28, 28, 1]) + [
        K.layers.MaxPool2D(),
        DefaultConv2D(filters=128),
        DefaultConv2D(filters=128),
        K.layers.MaxPool2D(),
        DefaultConv2D(filters=256),
        DefaultConv2D(filters=256),
        K.layers.MaxPool2D(),
        K.layers.Flatten(),
        K.layers.Dense(units=128, activation="relu", kernel_initializer="he_normal"),
        K.layers.Dropout(0.5),
        K.layers.Dense(units=64, activation="relu", kernel_initializer="he_normal"),
        K.layers.Dropout(0.5),
        K.layers.Dense(units=10, activation="softmax")
    ])


def build_resnet34(fw, width=1, size=224):
    """The book's ResNet-34; width divides every filter count (1 = the book)."""
    K = gf.FW[fw]
    RU = RESIDUAL_UNIT[fw]
    DefaultConv2D = partial(K.layers.Conv2D, kernel_size=3, strides=1, padding="same",
                            kernel_initializer="he_normal", use_bias=False)
    layers = first_layer(fw, lambda **kw: DefaultConv2D(64 // width, kernel_size=7, strides=2, **kw),
                         [size, size, 3])
    layers += [
        K.layers.BatchNormalization(),
        K.layers.Activation("relu"),
        K.layers.MaxPool2D(pool_size=3, strides=2, padding="same"),
    ]
    prev_filters = 64
    for filters in [64] * 3 + [128] * 4 + [256] * 6 + [512] * 3:
        strides = 1 if filters == prev_filters else 2
        layers.append(RU(filters // width, strides=strides))
        prev_filters = filters
    layers += [
        K.layers.GlobalAvgPool2D(),
        K.layers.Flatten(),
        K.layers.Dense(10, activation="softmax"),
    ]
    return K.Sequential(layers)


def build_conv_ae(fw):
    """Chapter 17's stacked convolutional autoencoder for Fashion MNIST."""
    K = gf.FW[fw]
    L = K.layers
    enc = first_layer(fw, lambda **kw: L.Reshape([28, 28, 1], **kw), [28, 28])
    conv_encoder = K.Sequential(enc + [
        L.Conv2D(16, 3, padding="same", activation="relu"),
        L.MaxPool2D(pool_size=2),  # output: 14 × 14 x 16
        L.Conv2D(32, 3, padding="same", activation="relu"),
        L.MaxPool2D(pool_size=2),  # output: 7 × 7 x 32
        L.Conv2D(64, 3, padding="same", activation="relu"),
        L.MaxPool2D(pool_size=2),  # output: 3 × 3 x 64
        L.Conv2D(30, 3, padding="same", activation="relu"),
        L.GlobalAvgPool2D()  # output: 30
    ])
    dec = first_layer(fw, lambda **kw: L.Dense(3 * 3 * 16, **kw), [30])
    conv_decoder = K.Sequential(dec + [
        L.Reshape((3, 3, 16)),
        L.Conv2DTranspose(32, 3, strides=2, activation="relu"),
        L.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
        L.Conv2DTranspose(1, 3, strides=2, padding="same"),
        L.Reshape([28, 28])
    ])
    return K.Sequential(([K.Input(shape=(28, 28))] if fw == "k3" else []) + [conv_encoder, conv_decoder])


# name -> (builder(fw), input shape without batch, description)
CH14 = {
    "ch14_cnn": (build_cnn, (28, 28, 1),
                 "chapter 14 Sequential CNN for Fashion MNIST: Conv2D(64, 7) MaxPool2D Conv2D(128)x2 MaxPool2D "
                 "Conv2D(256)x2 MaxPool2D Flatten Dense(128) Dropout Dense(64) Dropout Dense(10, softmax)"),
    "ch14_resnet34_w8": (lambda fw: build_resnet34(fw, width=8), (224, 224, 3),
                         "chapter 14 ResNet-34 of custom ResidualUnit layers, every filter count / 8 "
                         "(8, 16, 32, 64 instead of 64, 128, 256, 512), 224x224x3, Dense(10, softmax)"),
    "ch17_conv_ae": (build_conv_ae, (28, 28),
                     "chapter 17 convolutional autoencoder: Sequential(encoder: Reshape Conv2D MaxPool2D ... "
                     "GlobalAvgPool2D; decoder: Dense Reshape Conv2DTranspose x3 Reshape)"),
}


# ---------------------------------------------------------------------------
# keras.applications
# ---------------------------------------------------------------------------
# name -> (module, default size, preprocessing the caller applies: none = inside the model)
APPS = {
    "MobileNet": ("mobilenet", 224, "tf"),
    "MobileNetV2": ("mobilenet_v2", 224, "tf"),
    "MobileNetV3Small": ("mobilenet_v3", 224, "none"),
    "MobileNetV3Large": ("mobilenet_v3", 224, "none"),
    "ResNet50": ("resnet", 224, "caffe"),
    "ResNet50V2": ("resnet_v2", 224, "tf"),
    "DenseNet121": ("densenet", 224, "torch"),
    "EfficientNetB0": ("efficientnet", 224, "none"),
    "EfficientNetV2B0": ("efficientnet_v2", 224, "none"),
    "InceptionV3": ("inception_v3", 299, "tf"),
    "InceptionResNetV2": ("inception_resnet_v2", 299, "tf"),
    "Xception": ("xception", 299, "tf"),
    "NASNetMobile": ("nasnet", 224, "tf"),
    "VGG16": ("vgg16", 224, "caffe"),
    "ConvNeXtTiny": ("convnext", 224, "none"),
}
SMALL = 96


def build_app(name, fw, size):
    K = gf.FW[fw]
    if name == "ResNet34":
        return build_resnet34(fw, size=size)
    fn = getattr(K.applications, name)
    default = APPS[name][1]
    return fn(weights=None) if size == default else fn(weights=None, input_shape=(size, size, 3))


def preprocess(name, fw, raw):
    if name == "ResNet34" or APPS[name][2] == "none":
        return raw
    mod = getattr(gf.FW[fw].applications, APPS[name][0])
    return np.asarray(mod.preprocess_input(raw.copy())).astype(np.float32)


# ---------------------------------------------------------------------------
# Weights
# ---------------------------------------------------------------------------
def sublayers(layer):
    subs = getattr(layer, "layers", None)
    if subs is None:
        subs = layer._flatten_layers(include_self=False, recursive=False)
    return list(subs)


def walk_layers(model):
    """Every layer, nested models and the sublayers of custom layers included."""
    seen = set()
    out = []

    def visit(layer):
        if id(layer) in seen:
            return
        seen.add(id(layer))
        out.append(layer)
        for s in sublayers(layer):
            visit(s)

    for layer in model.layers:
        visit(layer)
    return out


def kind(layer):
    return layer.__class__.__name__


def leaf(v):
    return (getattr(v, "path", None) or v.name).split("/")[-1].split(":")[0]


def prepare_weights(model, seed, calib):
    """Draws the weights that Keras initialises to constants, calibrates and perturbs BN statistics."""
    rng = np.random.default_rng(seed)
    bns = []
    for layer in walk_layers(model):
        k = kind(layer)
        # Leaf layers only: a model's or a custom layer's weights are its sublayers'.
        for v in layer.weights if not sublayers(layer) else []:
            n = leaf(v)
            shape = tuple(int(s) for s in v.shape)
            if k == "Normalization" and n in ("mean", "variance"):
                v.assign(np.asarray(IMAGENET_MEAN if n == "mean" else IMAGENET_VAR, np.float32).reshape(shape))
            elif n == "bias":
                v.assign(rng.normal(0.0, 0.05, size=shape).astype(np.float32))
            elif n == "gamma" and k == "LayerScale":
                v.assign(rng.uniform(0.1, 0.5, size=shape).astype(np.float32))
            elif n == "gamma":
                v.assign((1.0 + rng.normal(0.0, 0.1, size=shape)).astype(np.float32))
            elif n == "beta":
                v.assign(rng.normal(0.0, 0.1, size=shape).astype(np.float32))
        if k == "Normalization" and hasattr(layer, "finalize_state"):
            layer.finalize_state()
        if k == "BatchNormalization":
            bns.append(layer)
    if bns:
        momenta = [b.momentum for b in bns]
        for b in bns:
            b.momentum = 0.0
        model(tf.constant(calib), training=True)
        for b, m in zip(bns, momenta):
            b.momentum = m
        for b in bns:
            mean, var = b.moving_mean, b.moving_variance
            m, s = np.asarray(mean), np.asarray(var)
            mean.assign((m + 0.2 * np.sqrt(s) * rng.standard_normal(m.shape)).astype(np.float32))
            var.assign((s * rng.uniform(0.6, 1.6, size=s.shape)).astype(np.float32))
    return len(bns)


def set_all_weights(dst, src_weights):
    dst.set_weights(src_weights)
    finalize(dst)


def leaf_weights(model):
    """(class, weight shapes, layer) of every leaf layer with weights, in the order the layers were made."""
    return [(kind(layer), [tuple(w.shape) for w in layer.weights], layer)
            for layer in walk_layers(model) if not sublayers(layer) and layer.weights]


def copy_leafwise(src, dst):
    """Copies src's weights into dst layer by layer, when both have the same leaf layers; returns
    whether it did. (Model-level weight lists order a custom layer's weights differently in the two
    Kerases: trainable first in one, by sublayer in the other.)"""
    a, b = leaf_weights(src), leaf_weights(dst)
    if [x[:2] for x in a] != [x[:2] for x in b]:
        return False
    for (_, _, la), (_, _, lb) in zip(a, b):
        lb.set_weights(la.get_weights())
    finalize(dst)
    return True


def same_shapes(a, b):
    return [tuple(w.shape) for w in a.get_weights()] == [tuple(w.shape) for w in b.get_weights()]


# ---------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------
def logits_config(model_json):
    """The model's to_json with the classifier's softmax made linear (classifier_activation=None)."""
    cfg = json.loads(model_json)
    c = cfg["config"]
    if cfg["class_name"] == "Sequential":
        target = c["layers"][-1]
    else:
        outs = c["output_layers"]  # Keras 3 writes one output as [name, 0, 0], tf-keras as [[name, 0, 0]]
        out_name = outs[0] if isinstance(outs[0], str) else outs[0][0]
        target = next(layer for layer in c["layers"] if layer["config"]["name"] == out_name)
    act = target["config"].get("activation")
    if act != "softmax":
        return None
    target["config"]["activation"] = "linear"
    return json.dumps(cfg)


def from_json(fw, text):
    return gf.FW[fw].models.model_from_json(text, custom_objects=gf.CUSTOM[fw])


def top5(y):
    order = np.argsort(-y, axis=-1, kind="stable")
    return order[:, :5].tolist()


def gap56(y):
    s = -np.sort(-y, axis=-1)
    return [float(s[i, 4] - s[i, 5]) for i in range(s.shape[0])] if s.shape[-1] > 5 else None


def maxdiff(a, b):
    return float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))




def finalize(model):
    """Normalization computes its mean and variance tensors from its weights once, in finalize_state."""
    for layer in walk_layers(model):
        if kind(layer) == "Normalization" and hasattr(layer, "finalize_state"):
            layer.finalize_state()


def expected_entry(m, x, rel, logits_model):
    e = {"y": gf.run(m, x), "x": x, "input_file": rel}
    assert np.all(np.isfinite(e["y"]))
    if logits_model is not None:
        e["logits"] = gf.run(logits_model, x)
    return e


def logits_model(fw, lj, weights=None, weights_file=None):
    if lj is None:
        return None
    lm = from_json(fw, lj)
    if weights_file is not None:
        lm.load_weights(weights_file)
    else:
        lm.set_weights(weights)
        finalize(lm)
    return lm


def save_expected(d, fw, exp):
    for key, e in exp.items():
        np.save(d / f"expected_{fw}_{key}.npy", e["y"])
        if "logits" in e:
            np.save(d / f"logits_{fw}_{key}.npy", e["logits"])


def run_inputs(m, fw, inputs, lm):
    """inputs: label -> {fw: (x of batch 3, file)}; batch 1 is the first item on its own."""
    exp = {}
    for label, per_fw in inputs.items():
        x, rel = per_fw[fw]
        exp[f"{label}_b3"] = expected_entry(m, x, rel, lm)
        exp[f"{label}_b1"] = expected_entry(m, x[:1], rel, lm)
    return exp


def output_stats(exp):
    stats = {}
    for k, e in exp.items():
        st = {"output_abs_max": float(np.max(np.abs(e["y"])))}
        if "logits" in e:
            st.update(logits_std=float(np.std(e["logits"])), softmax_max=float(np.max(e["y"])),
                      top5=top5(e["logits"]), gap_5th_6th_logit=gap56(e["logits"]))
        stats[k] = st
    return stats


def add_cases(manifest, name, fmt, fw, files, exp, which):
    for key, e in exp.items():
        logits = which == "logits"
        y = e["logits"] if logits else e["y"]
        case = {"model": name, "format": fmt, "files": files, "input": e["input_file"],
                "batch": int(e["x"].shape[0]), "label": key,
                "expected": f"{name}/{'logits' if logits else 'expected'}_{fw}_{key}.npy",
                "output_shape": list(y.shape),
                "output": "logits" if logits else ("softmax" if "logits" in e else "output")}
        if "logits" in e:
            case["top5"] = top5(e["logits"])
            case["gap_5th_6th_logit"] = gap56(e["logits"])
        manifest["cases"].append(case)


def process(name, builders, inputs, calib, out, manifest, family, formats, extra=None, small=None):
    """One model in both Kerases: weights, expected outputs, every format, reload checks, cases.

    builders: fw -> () -> model. inputs: label -> {fw: (x, file)}. calib: fw -> calibration batch.
    small: (label, builders, inputs) for the small size (json formats only), or None.
    """
    d = out / name
    d.mkdir(parents=True, exist_ok=True)
    seed = model_seed(name)
    info = {"family": family, "weight_seed": seed, "formats": {}, "unavailable": {}, "timings_s": {}}
    info.update(extra or {})
    t0 = time.time()
    models = {}
    first = None
    for fw in ("k3", "k2") if family == "applications" else ("k2", "k3"):
        gf.reset(seed)
        models[fw] = builders[fw]()
        if first is not None and copy_leafwise(models[first], models[fw]):
            info[f"{fw}_weights"] = f"copied from {first}, layer by layer"
        else:
            info[f"{fw}_batch_norm_layers"] = prepare_weights(models[fw], seed, calib[fw])
            info[f"{fw}_weights"] = "drawn (see the generator's docstring)"
            first = first or fw
        info[f"{fw}_params"] = int(models[fw].count_params())
        info[f"{fw}_layers"] = len(models[fw].layers)
    info["timings_s"]["build"] = round(time.time() - t0, 1)

    t0 = time.time()
    expected, ljson = {}, {}
    for fw, m in models.items():
        ljson[fw] = logits_config(m.to_json())
        try:
            lm = logits_model(fw, ljson[fw], weights=m.get_weights())
        except Exception as e:  # noqa: BLE001
            # The Keras that wrote the json cannot read it back (then neither can it read k*_json).
            info[f"{fw}_logits_error"] = gf.err_text(e)
            log(f"  [{name}] {fw} logits model from json: FAILED: {gf.err_text(e)}")
            lm = ljson[fw] = None
        expected[fw] = run_inputs(m, fw, inputs, lm)
        save_expected(d, fw, expected[fw])
    info["timings_s"]["run"] = round(time.time() - t0, 1)
    if len(models) == 2:
        info["k2_vs_k3_max_abs_diff"] = {k: maxdiff(expected["k2"][k]["y"], expected["k3"][k]["y"])
                                         for k in expected["k3"]}
    info["outputs"] = {f"{fw}_{k}": v for fw in models for k, v in output_stats(expected[fw]).items()}

    t0 = time.time()
    for fw, m in models.items():
        for fmt in formats[fw]:
            t1 = time.time()
            try:
                files = gf.save_format(fmt, m, d)
            except Exception as e:  # noqa: BLE001
                info["unavailable"][fmt] = gf.err_text(e)
                log(f"  [{name}] {fmt}: SAVE FAILED: {gf.err_text(e)}")
                continue
            rel = [f"{name}/{f}" for f in files]
            entry = {"files": rel, "bytes": sum((d / f).stat().st_size for f in files)}
            try:
                m2 = gf.load_format(fmt, d)
                entry["reload_max_abs_diff"] = max(maxdiff(gf.run(m2, e["x"]), e["y"]) for e in expected[fw].values())
                del m2
            except Exception as e:  # noqa: BLE001
                entry["reload_error"] = gf.err_text(e)
                log(f"  [{name}] {fmt}: RELOAD FAILED: {gf.err_text(e)}")
            entry["seconds"] = round(time.time() - t1, 1)
            info["formats"][fmt] = entry
            # A file Keras cannot reload is still a file Keras writes: checked against the model that
            # wrote it (e.g. Keras 3's legacy .h5 of a model with CustomScaleLayer or LayerScale).
            add_cases(manifest, name, fmt, fw, rel, expected[fw], None)
        if ljson[fw] is not None and "reload_error" not in info["formats"].get(f"{fw}_json", {"reload_error": 1}):
            lfile = f"{fw}_logits.json"
            (d / lfile).write_text(ljson[fw])
            wfile = info["formats"][f"{fw}_json"]["files"][1]
            lm = logits_model(fw, ljson[fw], weights_file=str(out / wfile))
            rel = [f"{name}/{lfile}", wfile]
            info["formats"][f"{fw}_logits"] = {
                "files": rel,
                "reload_max_abs_diff": max(maxdiff(gf.run(lm, e["x"]), e["logits"]) for e in expected[fw].values())}
            add_cases(manifest, name, f"{fw}_logits", fw, rel, expected[fw], "logits")
    info["timings_s"]["save_reload"] = round(time.time() - t0, 1)

    if small is not None:
        t0 = time.time()
        process_small(name, small, models, info, d, out, manifest)
        info["timings_s"]["small"] = round(time.time() - t0, 1)
    if not info["unavailable"]:
        del info["unavailable"]
    manifest["models"][name] = info
    log(f"  [{name}] {info['timings_s']}")


def process_small(name, small, models, info, d, out, manifest):
    """The same weights at the small size: to_json of the small model + a weights file."""
    label, builders, inputs = small
    for fw in models:
        if "reload_error" in info["formats"].get(f"{fw}_json", {"reload_error": 1}):
            continue  # Keras cannot read its own to_json + weights back for this model
        gf.reset(model_seed(name))
        m = builders[fw]()
        if same_shapes(models[fw], m):
            set_all_weights(m, models[fw].get_weights())
            wfile = info["formats"][f"{fw}_json"]["files"][1]
        else:
            # VGG16: its first Dense layer's input is the flattened feature map. Every other weight
            # is the default-size model's; that layer's kernel is drawn.
            rng = np.random.default_rng(model_seed(name + "/" + label))
            ws = []
            for a, b in zip(models[fw].get_weights(), m.get_weights()):
                lim = np.sqrt(6.0 / (b.shape[0] + b.shape[-1]))
                ws.append(a if a.shape == b.shape else rng.uniform(-lim, lim, size=b.shape).astype(np.float32))
            set_all_weights(m, ws)
            wname = {"k2": f"k2_weights_{label}.h5", "k3": f"k3_{label}.weights.h5"}[fw]
            m.save_weights(str(d / wname), **({"save_format": "h5"} if fw == "k2" else {}))
            wfile = f"{name}/{wname}"
        mfile = f"{fw}_model_{label}.json"
        (d / mfile).write_text(m.to_json())
        lj = logits_config(m.to_json())
        exp = run_inputs(m, fw, inputs, logits_model(fw, lj, weights_file=str(out / wfile)))
        save_expected(d, fw, exp)
        # Reload the pair the way users would, in the Keras that wrote it.
        m2 = from_json(fw, (d / mfile).read_text())
        m2.load_weights(str(out / wfile))
        rel = [f"{name}/{mfile}", wfile]
        info["formats"][f"{fw}_json_{label}"] = {
            "files": rel, "reload_max_abs_diff": max(maxdiff(gf.run(m2, e["x"]), e["y"]) for e in exp.values())}
        add_cases(manifest, name, f"{fw}_json", fw, rel, exp, None)
        if lj is not None:
            lfile = f"{fw}_logits_{label}.json"
            (d / lfile).write_text(lj)
            rel = [f"{name}/{lfile}", wfile]
            info["formats"][f"{fw}_logits_{label}"] = {"files": rel}
            add_cases(manifest, name, f"{fw}_logits", fw, rel, exp, "logits")
        info["outputs"].update({f"{fw}_{k}": v for k, v in output_stats(exp).items()})


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------
def pixels(shape, seed):
    """Integer-valued RGB pixels in [0, 255], as an 8-bit image decodes to."""
    return np.random.default_rng(seed).integers(0, 256, size=shape).astype(np.float32)


def new_manifest(family):
    return {
        "generator": "compat-tests/python/generate_image_model_fixtures.py " + family,
        "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": gf.versions(),
        "family": family,
        "models": {},
        "inputs": {},
        "cases": [],
    }


ALL_FORMATS = {"k2": gf.K2_FORMATS, "k3": gf.K3_FORMATS}


def run_ch14(out, only):
    manifest = new_manifest("ch14")
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    for name, (builder, shape, desc) in CH14.items():
        if only and name not in only:
            continue
        log(f"model {name}")
        rng = np.random.default_rng(model_seed(name + "/input"))
        x = rng.random((3,) + shape).astype(np.float32)
        calib = rng.random((4,) + shape).astype(np.float32)
        rel = f"inputs/{name}.npy"
        np.save(out / rel, x)
        manifest["inputs"][name] = {"file": rel, "shape": list(x.shape), "values": "uniform [0, 1)"}
        process(name, {fw: (lambda fw=fw, b=builder: b(fw)) for fw in ("k2", "k3")},
                {"x": {"k2": (x, rel), "k3": (x, rel)}}, {"k2": calib, "k3": calib}, out, manifest, "ch14",
                ALL_FORMATS, {"description": desc})
    return manifest


def app_inputs(name, size, out, manifest):
    """The raw pixels of this size (shared) and, for caller-preprocessed models, preprocess_input's output."""
    rel = f"inputs/raw_{size}.npy"
    raw = pixels((3, size, size, 3), PIXEL_SEED + size)
    if not (out / rel).exists():
        np.save(out / rel, raw)
        manifest["inputs"][f"raw_{size}"] = {"file": rel, "shape": list(raw.shape),
                                             "values": "integers in [0, 255], RGB"}
    calib = pixels((4, size, size, 3), CALIB_SEED + size)
    per_fw, cal = {}, {}
    for fw in ("k2", "k3"):
        x = preprocess(name, fw, raw)
        cal[fw] = preprocess(name, fw, calib)
        if x is raw:
            per_fw[fw] = (raw, rel)
        else:
            prel = f"{name}/input_{fw}_{size}.npy"
            (out / name).mkdir(parents=True, exist_ok=True)
            np.save(out / prel, x)
            per_fw[fw] = (x, prel)
    return per_fw, cal


def run_applications(out, only, sizes, formats):
    manifest = new_manifest("applications")
    manifest["preprocessing"] = {n: v[2] for n, v in APPS.items()}
    manifest["preprocessing"]["ResNet34"] = "none"
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    names = list(APPS) + ["ResNet34"]
    for name in names:
        if only and name not in only:
            continue
        size = APPS[name][1] if name in APPS else 224
        log(f"model {name} ({size})")
        t0, c0 = time.time(), time.process_time()
        per_fw, cal = app_inputs(name, size, out, manifest)
        small = None
        if "small" in sizes:
            sp, _ = app_inputs(name, SMALL, out, manifest)
            small = (str(SMALL), {fw: (lambda fw=fw: build_app(name, fw, SMALL)) for fw in ("k2", "k3")},
                     {str(SMALL): sp})
        fmts = formats.get(name, ALL_FORMATS)
        extra = {"size": size, "preprocessing": manifest["preprocessing"][name]}
        if name == "ResNet34":
            extra["description"] = "Hands-On ML chapter 14 ResNet-34 of custom ResidualUnit layers, full width"
        process(name, {fw: (lambda fw=fw: build_app(name, fw, size)) for fw in ("k2", "k3")},
                {str(size): per_fw}, cal, out, manifest, "applications", fmts, extra, small)
        manifest["models"][name]["timings_s"]["total"] = round(time.time() - t0, 1)
        # CPU seconds: what the step costs on an idle machine (TensorFlow runs on one thread here).
        manifest["models"][name]["timings_s"]["total_cpu"] = round(time.process_time() - c0, 1)
        log(f"  [{name}] total {time.time() - t0:.0f} s, cpu {time.process_time() - c0:.0f} s")
        gf.reset()
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("family", choices=["ch14", "applications"])
    ap.add_argument("--out", help="output directory (default: fixtures_image_models for ch14, "
                                  "compat-tests/target/fixtures_applications for applications)")
    ap.add_argument("--models", help="comma-separated subset of the family's models")
    ap.add_argument("--sizes", default="default,small", help="applications: default, small or both")
    args = ap.parse_args()
    out = Path(args.out or (CH14_OUT if args.family == "ch14" else APPS_OUT)).resolve()
    only = set(args.models.split(",")) if args.models else None
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    t0 = time.time()
    if args.family == "ch14":
        manifest = run_ch14(out, only)
    else:
        manifest = run_applications(out, only, set(args.sizes.split(",")), {})
    manifest["generation_seconds"] = round(time.time() - t0, 1)
    manifest["generation_cpu_seconds"] = round(time.process_time(), 1)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    log(f"wrote {len(manifest['cases'])} cases to {out}: {size / 1e6:.1f} MB in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
