#!/usr/bin/env python3
"""Generate TensorFlow/Keras ground-truth fixtures for the image layers that are not convolutions.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_image_fixtures.py [--out DIR] [--only a,b] [--sections s,t]

Default output directory: compat-tests/src/test/resources/fixtures_image (resolved relative to this
script). The layout and manifest schema are those of generate_semantics_fixtures.py, whose per-model
pipeline (build in tf-keras and Keras 3, seeded weights, every format each writes, reload check) this
script reuses; each case also names its layer family ("suite": pooling, reshaping, normalization,
preprocessing, app_layers), which the compat report groups by.

Covers, in channels_last and channels_first, with defaults and with options:
  pooling        MaxPooling1D/2D/3D, AveragePooling1D/2D/3D (valid/same, strides), GlobalAverage/
                 GlobalMaxPooling1D/2D/3D (keepdims), Keras 3's AdaptiveAverage/AdaptiveMaxPooling1D/2D/3D
                 (output sizes that do not divide the input, or exceed it)
  reshaping      ZeroPadding1D/2D/3D, Cropping2D/3D, UpSampling2D (nearest, bilinear)/3D, Flatten and
                 Reshape on 4-D, TimeDistributed over pooling/flatten/dense/Conv2D on 5-D video-shaped
                 inputs and over 1-D layers on 4-D inputs
  normalization  BatchNormalization and LayerNormalization on 4-D inputs on any axis
  preprocessing  Rescaling (scalars, per-channel lists, numpy arrays), Normalization (adapted state as
                 weights; mean/variance given in the config; axis; invert), Resizing (bilinear/nearest,
                 crop_to_aspect_ratio, Keras 3's pad_to_aspect_ratio), CenterCrop (crop and the
                 smart_resize fallback)
  app_layers     LayerScale (keras.applications.convnext) and CustomScaleLayer
                 (keras.applications.inception_resnet_v2), imported from each Keras' own module
  image_augmentation  RandomFlip, RandomRotation, ... (every Keras 3 and tf-keras augmentation layer), inside
                 small CNNs as keras.io and Hands-On ML ch. 14 use them, and RandomCrop (tf-keras resizes
                 at inference, Keras 3 does not crop)
  spatial_dropout SpatialDropout2D / 3D in both data formats
  squeeze_excite Multiply / Add broadcasting a (batch, 1, 1, channels) gate over the image, as
                 keras.applications' squeeze-excite blocks do (Dense and 1x1 Conv2D gates, channels_first)
at batch 1 and 3 on small shapes. Expected outputs are model(x, training=False) in eager mode; where
TensorFlow's eager CPU kernels refuse a channels_first layout the call is compiled with XLA
(tf.function(jit_compile=True)), and models.<name>.expected_via says so.
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_fixtures as gf  # noqa: E402
import generate_semantics_fixtures as gs  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from generate_fixtures import FW, GLOBAL_SEED, WEIGHT_SEED_BASE  # noqa: E402
from generate_semantics_fixtures import process, sequential, log, clean, err_text  # noqa: E402

from keras.src.applications.convnext import LayerScale as K3LayerScale  # noqa: E402
from keras.src.applications.inception_resnet_v2 import CustomScaleLayer as K3CustomScaleLayer  # noqa: E402
from tf_keras.src.applications.convnext import LayerScale as K2LayerScale  # noqa: E402
from tf_keras.src.applications.inception_resnet_v2 import CustomScaleLayer as K2CustomScaleLayer  # noqa: E402

import types  # noqa: E402
import tf_keras  # noqa: E402
import tf_keras.src.layers.normalization.spectral_normalization as _k2_spectral  # noqa: E402


class _TfWithLegacyKeras(types.ModuleType):
    """tf-keras' SpectralNormalization builds its input spec with tf.keras.layers.InputSpec, which in this
    process (Keras 3 installed, TF_USE_LEGACY_KERAS unset so that both Kerases load) is Keras 3's and
    tf-keras refuses it. A tf-keras user has TF_USE_LEGACY_KERAS=1, where tf.keras is tf_keras: this
    module gives the layer exactly that view, and changes nothing else."""

    def __getattr__(self, name):
        return tf_keras if name == "keras" else getattr(tf, name)


_k2_spectral.tf = _TfWithLegacyKeras("tf")

SCRIPT_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures_image"

APP_LAYERS = {"k2": (K2LayerScale, K2CustomScaleLayer), "k3": (K3LayerScale, K3CustomScaleLayer)}
# Reloading a file that holds them needs the classes, as for a keras.applications model itself.
for _fw, (_ls, _cs) in APP_LAYERS.items():
    gf.CUSTOM[_fw].update({"LayerScale": _ls, "CustomScaleLayer": _cs})
# tf-keras saves SpectralNormalization but its loader does not know the class by name.
gf.CUSTOM["k2"]["SpectralNormalization"] = tf_keras.layers.SpectralNormalization
K3_ONLY = {"why_not_k2": "tf-keras has no such option or layer"}
CF = "channels_first"


def sets(I, shape, pixels=False):
    """Batch 1 and 3 at scale 0.5 and batch 3 at scale 5 of one per-sample shape; with pixels, also
    batch 3 of whole numbers in [0, 255] as images come."""
    tag = "x".join(map(str, shape))
    r = {
        "b1": {"input_0": I.normal(f"x{tag}_b1", (1,) + tuple(shape), 0.5)},
        "b3": {"input_0": I.normal(f"x{tag}_b3", (3,) + tuple(shape), 0.5)},
        "b3_large": {"input_0": I.normal(f"x{tag}_b3_large", (3,) + tuple(shape), 5.0)},
    }
    if pixels:
        key = f"px{tag}_b3"
        if key not in I.arrays:
            I.add(key, I.rng_for(key).integers(0, 256, size=(3,) + tuple(shape)).astype(np.float32),
                  note="whole numbers in [0, 255] as float32, like an image's pixels")
        r["b3_pixels"] = {"input_0": key}
    return r


class Runner:
    """Runs eagerly; where TensorFlow's eager CPU kernels refuse the layout, runs it under XLA."""

    def __init__(self):
        self.via = {}

    def __call__(self, model, fw, arrays):
        try:
            ys = gs.run(model, fw, arrays)
            self.via.setdefault(fw, "eager")
            return ys
        except (tf.errors.UnimplementedError, tf.errors.InvalidArgumentError) as e:
            msg = clean(err_text(e))
            if "NHWC" not in msg and "NDHWC" not in msg:
                raise
            first = [ln for ln in msg.splitlines() if "NHWC" in ln][0].strip()
            self.via[fw] = "xla (eager refused: " + first[:300] + ")"
            xs = gs.feed(model, fw, arrays)
            f = tf.function(lambda t: model(t, training=False), jit_compile=True)
            return gs.to_list(f(xs))


def model(ctx, name, shape, layers_fn, notes, producers=("k2", "k3"), extra=None, pixels=False, builder=None):
    """One model: Input(shape) followed by layers_fn(L, fw) (or builder(fw)), at batch 1 and 3."""
    runner = Runner()
    build = builder or (lambda fw: sequential(fw, shape, layers_fn))
    models = process(ctx, name, build, sets(ctx.I, shape, pixels), producers=producers, notes=notes,
                     extra=extra, summary=False, runner=runner)
    if models is not None and name in ctx.manifest["models"]:
        ctx.manifest["models"][name]["expected_via"] = runner.via
        if any(v != "eager" for v in runner.via.values()):
            log(f"  [{name}] expected via {runner.via}")


def one(f):
    return lambda L, fw: [f(L)]


# ---------------------------------------------------------------------------
def section_pooling(ctx):
    img = (7, 6, 3)
    img_cf = (3, 7, 6)
    for name, f, shape, notes in [
        ("maxpool2d_default", lambda L: L.MaxPooling2D(), img, "MaxPooling2D(): pool 2, strides = pool, valid"),
        ("maxpool2d_same_s2_k3", lambda L: L.MaxPooling2D(3, strides=2, padding="same"), img,
         "MaxPooling2D(3, strides=2, padding='same'): the extra padded row/column is at the end"),
        ("maxpool2d_same_s1", lambda L: L.MaxPooling2D(3, strides=1, padding="same"), img,
         "MaxPooling2D(3, strides=1, padding='same'): every edge window is partial"),
        ("maxpool2d_k32_s21", lambda L: L.MaxPooling2D((3, 2), strides=(2, 1)), img,
         "MaxPooling2D((3, 2), strides=(2, 1)): different sizes per axis"),
        ("maxpool2d_cf", lambda L: L.MaxPooling2D(3, strides=2, padding="same", data_format=CF), img_cf,
         "MaxPooling2D(3, strides=2, padding='same', data_format='channels_first')"),
        ("avgpool2d_pool2", lambda L: L.AveragePooling2D(2), img,
         "AveragePooling2D(2): strides = pool, valid (Keras 3 has no default pool_size here; tf-keras' is 2)"),
        ("avgpool2d_same_s2_k3", lambda L: L.AveragePooling2D(3, strides=2, padding="same"), img,
         "AveragePooling2D(3, strides=2, padding='same'): edge windows divide by their real pixels only"),
        ("avgpool2d_same_s1", lambda L: L.AveragePooling2D(3, strides=1, padding="same"), img,
         "AveragePooling2D(3, strides=1, padding='same')"),
        ("avgpool2d_k23_s12", lambda L: L.AveragePooling2D((2, 3), strides=(1, 2)), img,
         "AveragePooling2D((2, 3), strides=(1, 2))"),
        ("avgpool2d_cf", lambda L: L.AveragePooling2D(3, strides=2, padding="same", data_format=CF), img_cf,
         "AveragePooling2D(3, strides=2, padding='same', data_format='channels_first')"),
        ("gap2d_default", lambda L: L.GlobalAveragePooling2D(), img, "GlobalAveragePooling2D()"),
        ("gap2d_keepdims", lambda L: L.GlobalAveragePooling2D(keepdims=True), img,
         "GlobalAveragePooling2D(keepdims=True): (batch, 1, 1, channels)"),
        ("gap2d_cf", lambda L: L.GlobalAveragePooling2D(data_format=CF), img_cf,
         "GlobalAveragePooling2D(data_format='channels_first')"),
        ("gap2d_cf_keepdims", lambda L: L.GlobalAveragePooling2D(data_format=CF, keepdims=True), img_cf,
         "GlobalAveragePooling2D(data_format='channels_first', keepdims=True): (batch, channels, 1, 1)"),
        ("gap2d_large", lambda L: L.GlobalAveragePooling2D(), (48, 40, 5),
         "GlobalAveragePooling2D() over 1920 pixels: the float32 sum's accuracy matters"),
        ("gmp2d_default", lambda L: L.GlobalMaxPooling2D(), img, "GlobalMaxPooling2D()"),
        ("gmp2d_keepdims", lambda L: L.GlobalMaxPooling2D(keepdims=True), img, "GlobalMaxPooling2D(keepdims=True)"),
        ("gmp2d_cf", lambda L: L.GlobalMaxPooling2D(data_format=CF), img_cf,
         "GlobalMaxPooling2D(data_format='channels_first')"),
        ("maxpool1d_cf", lambda L: L.MaxPooling1D(3, strides=2, padding="same", data_format=CF), (3, 7),
         "MaxPooling1D(3, strides=2, padding='same', data_format='channels_first') on (batch, 3, 7)"),
        ("avgpool1d_cf", lambda L: L.AveragePooling1D(2, data_format=CF), (3, 7),
         "AveragePooling1D(2, data_format='channels_first')"),
        ("gap1d_cf", lambda L: L.GlobalAveragePooling1D(data_format=CF), (3, 7),
         "GlobalAveragePooling1D(data_format='channels_first')"),
        ("gmp1d_cf_keepdims", lambda L: L.GlobalMaxPooling1D(data_format=CF, keepdims=True), (3, 7),
         "GlobalMaxPooling1D(data_format='channels_first', keepdims=True)"),
        ("maxpool3d_default", lambda L: L.MaxPooling3D(), (4, 5, 6, 2), "MaxPooling3D()"),
        ("avgpool3d_same", lambda L: L.AveragePooling3D(3, strides=2, padding="same"), (4, 5, 6, 2),
         "AveragePooling3D(3, strides=2, padding='same')"),
        ("maxpool3d_cf", lambda L: L.MaxPooling3D((2, 3, 2), padding="same", data_format=CF), (2, 4, 5, 6),
         "MaxPooling3D((2, 3, 2), padding='same', data_format='channels_first')"),
        ("gap3d_default", lambda L: L.GlobalAveragePooling3D(), (4, 5, 6, 2), "GlobalAveragePooling3D()"),
        ("gmp3d_cf_keepdims", lambda L: L.GlobalMaxPooling3D(data_format=CF, keepdims=True), (2, 4, 5, 6),
         "GlobalMaxPooling3D(data_format='channels_first', keepdims=True)"),
    ]:
        model(ctx, name, shape, one(f), notes)
    # Keras 3's adaptive pooling: output sizes that do not divide the input (7 -> 3, 7 -> 4, 5 -> 2),
    # larger than it (6 -> 9, 3 -> 5), both data formats. Keras' TensorFlow backend cannot pool into 1.
    for name, f, shape, notes in [
        ("adaptive_avgpool2d_default", lambda L: L.AdaptiveAveragePooling2D(3), img,
         "AdaptiveAveragePooling2D(3) on 7x6: windows [0,3) [2,5) [4,7) and [0,2) [2,4) [4,6)"),
        ("adaptive_maxpool2d_default", lambda L: L.AdaptiveMaxPooling2D(3), img, "AdaptiveMaxPooling2D(3) on 7x6"),
        ("adaptive_avgpool2d_cf_up", lambda L: L.AdaptiveAveragePooling2D((4, 9), data_format=CF), img_cf,
         "AdaptiveAveragePooling2D((4, 9), data_format='channels_first'): 7 -> 4, 6 -> 9 (more outputs than inputs)"),
        ("adaptive_maxpool2d_cf", lambda L: L.AdaptiveMaxPooling2D((5, 4), data_format=CF), img_cf,
         "AdaptiveMaxPooling2D((5, 4), data_format='channels_first')"),
        ("adaptive_avgpool1d", lambda L: L.AdaptiveAveragePooling1D(4), (7, 3), "AdaptiveAveragePooling1D(4) on 7 steps"),
        ("adaptive_maxpool1d_up", lambda L: L.AdaptiveMaxPooling1D(5), (3, 4), "AdaptiveMaxPooling1D(5) on 3 steps"),
        ("adaptive_avgpool1d_cf", lambda L: L.AdaptiveAveragePooling1D(5, data_format=CF), (3, 7),
         "AdaptiveAveragePooling1D(5, data_format='channels_first') on (batch, 3, 7)"),
        ("adaptive_maxpool1d_cf", lambda L: L.AdaptiveMaxPooling1D((2,), data_format=CF), (3, 5),
         "AdaptiveMaxPooling1D((2,), data_format='channels_first') on (batch, 3, 5)"),
        ("adaptive_avgpool3d", lambda L: L.AdaptiveAveragePooling3D((2, 3, 4)), (4, 5, 6, 2),
         "AdaptiveAveragePooling3D((2, 3, 4)) on 4x5x6: depth, then height, then width"),
        ("adaptive_maxpool3d", lambda L: L.AdaptiveMaxPooling3D(2), (4, 5, 6, 2), "AdaptiveMaxPooling3D(2)"),
        ("adaptive_avgpool3d_cf", lambda L: L.AdaptiveAveragePooling3D((3, 2, 5), data_format=CF), (2, 4, 5, 6),
         "AdaptiveAveragePooling3D((3, 2, 5), data_format='channels_first')"),
        ("adaptive_maxpool3d_cf", lambda L: L.AdaptiveMaxPooling3D((3, 7, 4), data_format=CF), (2, 4, 5, 6),
         "AdaptiveMaxPooling3D((3, 7, 4), data_format='channels_first'): 5 -> 7"),
    ]:
        model(ctx, name, shape, one(f), notes, producers=("k3",), extra=K3_ONLY)


def section_reshaping(ctx):
    img = (7, 6, 3)
    img_cf = (3, 7, 6)
    for name, f, shape, notes, producers in [
        ("zeropad2d_default", lambda L: L.ZeroPadding2D(), img, "ZeroPadding2D(): one zero on every side", None),
        ("zeropad2d_sym", lambda L: L.ZeroPadding2D((2, 1)), img, "ZeroPadding2D((2, 1))", None),
        ("zeropad2d_asym", lambda L: L.ZeroPadding2D(((1, 2), (0, 3))), img, "ZeroPadding2D(((1, 2), (0, 3)))", None),
        ("zeropad2d_cf", lambda L: L.ZeroPadding2D(((0, 1), (2, 1)), data_format=CF), img_cf,
         "ZeroPadding2D(((0, 1), (2, 1)), data_format='channels_first')", None),
        ("zeropad1d_cf", lambda L: L.ZeroPadding1D((1, 2), data_format=CF), (3, 7),
         "Keras 3 only: ZeroPadding1D((1, 2), data_format='channels_first')", ("k3",)),
        ("zeropad3d", lambda L: L.ZeroPadding3D(((1, 0), (0, 2), (1, 1))), (3, 4, 5, 2),
         "ZeroPadding3D(((1, 0), (0, 2), (1, 1)))", None),
        ("cropping2d_default", lambda L: L.Cropping2D(), img, "Cropping2D(): crops nothing", None),
        ("cropping2d_sym", lambda L: L.Cropping2D((2, 1)), img, "Cropping2D((2, 1))", None),
        ("cropping2d_asym", lambda L: L.Cropping2D(((1, 2), (0, 3))), img, "Cropping2D(((1, 2), (0, 3)))", None),
        ("cropping2d_cf", lambda L: L.Cropping2D(((2, 0), (1, 1)), data_format=CF), img_cf,
         "Cropping2D(((2, 0), (1, 1)), data_format='channels_first')", None),
        ("cropping3d", lambda L: L.Cropping3D(((1, 0), (0, 2), (1, 1))), (3, 4, 5, 2),
         "Cropping3D(((1, 0), (0, 2), (1, 1)))", None),
        ("upsampling2d_default", lambda L: L.UpSampling2D(), img, "UpSampling2D(): nearest, 2x2", None),
        ("upsampling2d_32", lambda L: L.UpSampling2D((3, 2)), img, "UpSampling2D((3, 2))", None),
        ("upsampling2d_cf", lambda L: L.UpSampling2D((2, 3), data_format=CF), img_cf,
         "UpSampling2D((2, 3), data_format='channels_first')", None),
        ("upsampling2d_bilinear", lambda L: L.UpSampling2D((2, 3), interpolation="bilinear"), img,
         "UpSampling2D((2, 3), interpolation='bilinear'): tf.image.resize, half-pixel centres", None),
        ("upsampling2d_bilinear_cf", lambda L: L.UpSampling2D(3, data_format=CF, interpolation="bilinear"), img_cf,
         "UpSampling2D(3, data_format='channels_first', interpolation='bilinear')", None),
        ("upsampling3d", lambda L: L.UpSampling3D((2, 1, 3)), (3, 4, 5, 2), "UpSampling3D((2, 1, 3))", None),
        ("upsampling3d_cf", lambda L: L.UpSampling3D(data_format=CF), (2, 3, 4, 5),
         "UpSampling3D(data_format='channels_first')", None),
        ("flatten_4d", lambda L: L.Flatten(), img, "Flatten() on (batch, 7, 6, 3)", None),
        ("flatten_4d_cf", lambda L: L.Flatten(data_format=CF), img_cf,
         "Flatten(data_format='channels_first') on (batch, 3, 7, 6): Keras moves the channels last first", None),
        ("flatten_3d_cf", lambda L: L.Flatten(data_format=CF), (3, 7),
         "Flatten(data_format='channels_first') on (batch, 3, 7)", None),
        ("reshape_4d", lambda L: L.Reshape((21, 6)), img, "Reshape((21, 6)) of (batch, 7, 6, 3)", None),
        ("reshape_to_4d", lambda L: L.Reshape((3, -1, 2)), (42, 3), "Reshape((3, -1, 2)) of (batch, 42, 3)", None),
        ("reshape_4d_to_4d", lambda L: L.Reshape((14, 3, 3)), img, "Reshape((14, 3, 3)) of (batch, 7, 6, 3)", None),
        ("reshape_4d_neg1", lambda L: L.Reshape((-1, 3)), img, "Reshape((-1, 3)) of (batch, 7, 6, 3): (batch, 42, 3)",
         None),
    ]:
        model(ctx, name, shape, one(f), notes, producers=producers or ("k2", "k3"),
              extra=K3_ONLY if producers == ("k3",) else None)

    # TimeDistributed over image layers on video-shaped (batch, time, height, width, channels) inputs.
    video = (3, 6, 5, 2)
    for name, f, notes in [
        ("td_maxpool2d", lambda L: L.TimeDistributed(L.MaxPooling2D()), "TimeDistributed(MaxPooling2D())"),
        ("td_gap2d", lambda L: L.TimeDistributed(L.GlobalAveragePooling2D()),
         "TimeDistributed(GlobalAveragePooling2D()): (batch, time, channels)"),
        ("td_flatten", lambda L: L.TimeDistributed(L.Flatten()), "TimeDistributed(Flatten()): (batch, time, 60)"),
        ("td_dense", lambda L: L.TimeDistributed(L.Dense(4)), "TimeDistributed(Dense(4)) on 5-D"),
        ("td_upsampling2d", lambda L: L.TimeDistributed(L.UpSampling2D(interpolation="bilinear")),
         "TimeDistributed(UpSampling2D(interpolation='bilinear'))"),
        ("td_bn", lambda L: L.TimeDistributed(L.BatchNormalization()), "TimeDistributed(BatchNormalization())"),
        ("td_cropping2d", lambda L: L.TimeDistributed(L.Cropping2D(((1, 0), (2, 1)))),
         "TimeDistributed(Cropping2D(((1, 0), (2, 1))))"),
    ]:
        model(ctx, name, video, one(f), notes)
    # Video models: a 2-D convolution applied to every frame.
    for name, f, notes in [
        ("td_conv2d", lambda L: L.TimeDistributed(L.Conv2D(4, 3, padding="same", activation="relu")),
         "TimeDistributed(Conv2D(4, 3, padding='same', activation='relu')) on (batch, 3, 6, 5, 2)"),
        ("td_conv2d_strided", lambda L: L.TimeDistributed(L.Conv2D(3, 2, strides=2)),
         "TimeDistributed(Conv2D(3, 2, strides=2)): (batch, 3, 3, 2, 3)"),
    ]:
        model(ctx, name, video, one(f), notes)
    model(ctx, "td_rescaling", video, one(lambda L: L.TimeDistributed(L.Rescaling(1.0 / 127.5, offset=-1.0))),
          "TimeDistributed(Rescaling(1/127.5, offset=-1)) on video frames", pixels=True)

    # ... and over 4-D (batch, time, steps, features) inputs: one sequence per time step.
    seq = (3, 6, 2)
    for name, f, notes in [
        ("td_maxpool1d_4d", lambda L: L.TimeDistributed(L.MaxPooling1D()), "TimeDistributed(MaxPooling1D()) on 4-D"),
        ("td_gap1d_4d", lambda L: L.TimeDistributed(L.GlobalAveragePooling1D()),
         "TimeDistributed(GlobalAveragePooling1D()) on 4-D: (batch, time, features)"),
        ("td_ln_4d", lambda L: L.TimeDistributed(L.LayerNormalization()), "TimeDistributed(LayerNormalization()) on 4-D"),
        ("td_td_dense_4d", lambda L: L.TimeDistributed(L.TimeDistributed(L.Dense(3))),
         "TimeDistributed(TimeDistributed(Dense(3))) on 4-D"),
    ]:
        model(ctx, name, seq, one(f), notes)


def section_normalization(ctx):
    img = (5, 4, 3)
    for name, f, shape, notes in [
        ("bn_image", lambda L: L.BatchNormalization(), img,
         "BatchNormalization() on (batch, 5, 4, 3): per channel of the last axis"),
        ("bn_image_cf", lambda L: L.BatchNormalization(axis=1), (3, 5, 4),
         "BatchNormalization(axis=1) on (batch, 3, 5, 4), the channels_first convention"),
        ("bn_image_axis3", lambda L: L.BatchNormalization(axis=3), img,
         "BatchNormalization(axis=3): the last axis, written as a positive index"),
        ("bn_image_axis2", lambda L: L.BatchNormalization(axis=2, epsilon=1e-5), img,
         "BatchNormalization(axis=2, epsilon=1e-5): per column"),
        ("ln_image_cf", lambda L: L.LayerNormalization(axis=1), (3, 5, 4),
         "LayerNormalization(axis=1) on (batch, 3, 5, 4)"),
        ("ln_image_chw", lambda L: L.LayerNormalization(axis=[1, 2, 3]), img,
         "LayerNormalization(axis=[1, 2, 3]): one mean per sample over the whole image; gamma (5, 4, 3)"),
        ("ln_image_eps", lambda L: L.LayerNormalization(epsilon=1e-6), img,
         "LayerNormalization(epsilon=1e-6) on a 4-D input, as ConvNeXt uses it"),
        ("bn_image_axis_neg3", lambda L: L.BatchNormalization(axis=-3), img,
         "BatchNormalization(axis=-3): per row (Keras 3 writes -3, tf-keras [1])"),
        ("bn_image_cf_plain", lambda L: L.BatchNormalization(axis=1, center=False, scale=False), (3, 5, 4),
         "BatchNormalization(axis=1, center=False, scale=False): moving statistics only"),
        ("ln_image_axis2", lambda L: L.LayerNormalization(axis=2), img,
         "LayerNormalization(axis=2) on (batch, 5, 4, 3): per (row, channel) over the columns"),
        ("ln_image_hw", lambda L: L.LayerNormalization(axis=[1, 2]), img,
         "LayerNormalization(axis=[1, 2]): over the pixels of each channel; gamma (5, 4)"),
        ("ln_image_unsorted", lambda L: L.LayerNormalization(axis=[-1, 1]), img,
         "LayerNormalization(axis=[-1, 1]): axes written out of order (Keras 3 sorts them to create gamma)"),
        ("ln_image_cf_plain", lambda L: L.LayerNormalization(axis=1, center=False, scale=False), (3, 5, 4),
         "LayerNormalization(axis=1, center=False, scale=False) on (batch, 3, 5, 4)"),
    ]:
        model(ctx, name, shape, one(f), notes)
    model(ctx, "bn_image_two_axes", img, one(lambda L: L.BatchNormalization(axis=[1, 3])),
          "tf-keras only: BatchNormalization(axis=[1, 3]): statistics per (row, channel), weights (1, 5, 1, 3)",
          producers=("k2",), extra={"why_not_k3": "Keras 3 BatchNormalization takes one int axis"})
    model(ctx, "ln_image_rms", img, one(lambda L: L.LayerNormalization(rms_scaling=True)),
          "Keras 3 only: LayerNormalization(rms_scaling=True) on a 4-D input", producers=("k3",), extra=K3_ONLY)


def section_preprocessing(ctx):
    img = (7, 6, 3)
    img_cf = (3, 7, 6)
    k3 = ("k3",)
    for name, f, shape, notes, producers in [
        ("rescaling_scalar", lambda L: L.Rescaling(1.0 / 255), img, "Rescaling(1/255)", None),
        ("rescaling_offset", lambda L: L.Rescaling(1.0 / 127.5, offset=-1.0), img,
         "Rescaling(1/127.5, offset=-1): MobileNet's [-1, 1]", None),
        ("rescaling_per_channel", lambda L: L.Rescaling([0.5, 2.0, -1.5], offset=[0.25, 0.0, -3.0]), img,
         "Rescaling([0.5, 2, -1.5], offset=[0.25, 0, -3]): per channel (lists)", None),
        ("rescaling_numpy", lambda L: L.Rescaling(np.array([1 / 58.395, 1 / 57.12, 1 / 57.375], np.float32),
                                                  offset=np.float32(0.5)), img,
         "Rescaling(numpy array, offset=numpy float32): written as {class_name: __numpy__}", None),
        ("rescaling_hw", lambda L: L.Rescaling(np.linspace(0.5, 2.0, 42, dtype=np.float32).reshape(7, 6, 1)), img,
         "Rescaling(scale of shape (7, 6, 1)): broadcast over the channels", None),
        ("normalization_adapted", lambda L: L.Normalization(), img,
         "Normalization() with adapted state: mean, variance (3,) and the int64 count as weights", None),
        ("normalization_axis_none", lambda L: L.Normalization(axis=None), img,
         "Normalization(axis=None): one scalar mean and variance", None),
        ("normalization_axis_hw", lambda L: L.Normalization(axis=(1, 2)), img,
         "Normalization(axis=(1, 2)): statistics of shape (7, 6)", None),
        ("normalization_cf", lambda L: L.Normalization(axis=1), img_cf,
         "Normalization(axis=1) on (batch, 3, 7, 6)", None),
        ("normalization_given", lambda L: L.Normalization(mean=[0.485, 0.456, 0.406],
                                                          variance=[0.229 ** 2, 0.224 ** 2, 0.225 ** 2]), img,
         "Normalization(mean=[...], variance=[...]) as EfficientNetV2 builds it: no weights", None),
        ("normalization_given_scalar", lambda L: L.Normalization(mean=3.0, variance=4.0), img,
         "Normalization(mean=3, variance=4): scalars broadcast over the channels", None),
        ("normalization_given_zero_var", lambda L: L.Normalization(mean=[0.1, 0.2, 0.3], variance=[0.0, 1e-16, 4.0]),
         img, "Normalization with variances 0 and 1e-16: the standard deviation is floored at 1e-7", None),
        ("normalization_invert", lambda L: L.Normalization(mean=[1.0, -2.0, 0.5], variance=[4.0, 0.25, 1.0],
                                                           invert=True), img,
         "Normalization(mean, variance, invert=True): mean + x * sqrt(variance)", None),
        ("normalization_invert_adapted", lambda L: L.Normalization(axis=-1, invert=True), img,
         "Normalization(invert=True) with adapted state", None),
        ("normalization_axis_neg3", lambda L: L.Normalization(axis=-3), img,
         "Normalization(axis=-3): statistics per row, shape (7,)", None),
        ("normalization_axis_list", lambda L: L.Normalization(axis=[1, -1]), img,
         "Normalization(axis=[1, -1]): statistics of shape (7, 3)", None),
        ("normalization_invert_axis_none", lambda L: L.Normalization(axis=None, invert=True), img,
         "Normalization(axis=None, invert=True) with adapted state: one scalar mean and variance", None),
        ("normalization_invert_hw", lambda L: L.Normalization(axis=(1, 2), invert=True), img,
         "Normalization(axis=(1, 2), invert=True) with adapted state of shape (7, 6)", None),
        ("normalization_invert_cf", lambda L: L.Normalization(axis=1, invert=True, mean=[0.5, -1.0, 2.0],
                                                              variance=[0.25, 4.0, 1.0]), img_cf,
         "Normalization(axis=1, mean, variance, invert=True) on (batch, 3, 7, 6)", None),
        ("resizing_bilinear_up", lambda L: L.Resizing(10, 9), img, "Resizing(10, 9): bilinear up", None),
        ("resizing_bilinear_down", lambda L: L.Resizing(4, 3), img, "Resizing(4, 3): bilinear down", None),
        ("resizing_bilinear_mixed", lambda L: L.Resizing(3, 11), img, "Resizing(3, 11)", None),
        ("resizing_same", lambda L: L.Resizing(7, 6), img, "Resizing to the input's size: returned as is", None),
        ("resizing_nearest_up", lambda L: L.Resizing(11, 13, interpolation="nearest"), img,
         "Resizing(11, 13, interpolation='nearest')", None),
        ("resizing_nearest_down", lambda L: L.Resizing(3, 4, interpolation="nearest"), img,
         "Resizing(3, 4, interpolation='nearest')", None),
        ("resizing_crop", lambda L: L.Resizing(5, 5, crop_to_aspect_ratio=True), img,
         "Resizing(5, 5, crop_to_aspect_ratio=True): the centred 6x6 box, then resized", None),
        ("resizing_crop_wide", lambda L: L.Resizing(4, 9, crop_to_aspect_ratio=True), img,
         "Resizing(4, 9, crop_to_aspect_ratio=True): a 2x6 box... int(6*4/9) = 2 rows from row 2", None),
        ("resizing_pad", lambda L: L.Resizing(8, 10, pad_to_aspect_ratio=True, fill_value=0.5), img,
         "Keras 3 only: Resizing(8, 10, pad_to_aspect_ratio=True, fill_value=0.5)", k3),
        ("resizing_pad_tall", lambda L: L.Resizing(9, 4, pad_to_aspect_ratio=True), img,
         "Keras 3 only: Resizing(9, 4, pad_to_aspect_ratio=True): rows added above and below", k3),
        ("resizing_cf", lambda L: L.Resizing(5, 8, data_format=CF), img_cf,
         "Keras 3 only: Resizing(5, 8, data_format='channels_first')", k3),
        ("resizing_nearest_cf_crop", lambda L: L.Resizing(4, 4, interpolation="nearest", crop_to_aspect_ratio=True,
                                                          data_format=CF), img_cf,
         "Keras 3 only: Resizing(4, 4, nearest, crop_to_aspect_ratio=True, channels_first)", k3),
        ("centercrop", lambda L: L.CenterCrop(4, 3), img, "CenterCrop(4, 3): rows 1..4, columns 1..3", None),
        ("centercrop_same", lambda L: L.CenterCrop(7, 6), img, "CenterCrop to the input's size", None),
        ("centercrop_up", lambda L: L.CenterCrop(9, 4), img,
         "CenterCrop(9, 4) of a 7x6 image: taller than the input, so smart_resize (crop to 9:4, resize)", None),
        ("centercrop_cf", lambda L: L.CenterCrop(5, 2, data_format=CF), img_cf,
         "Keras 3 only: CenterCrop(5, 2, data_format='channels_first')", k3),
    ]:
        model(ctx, name, shape, one(f), notes, producers=producers or ("k2", "k3"),
              extra=K3_ONLY if producers == k3 else None, pixels=True)


def section_app_layers(ctx):
    def layer_scale(fw):
        K = FW[fw]
        x = K.Input((5, 4, 3), name="input_0")
        y = APP_LAYERS[fw][0](1e-6, 3)(x)
        return K.Model(x, y)

    def custom_scale(fw):
        K = FW[fw]
        x = K.Input((5, 4, 3), name="input_0")
        r = K.layers.Dense(3)(x)
        y = APP_LAYERS[fw][1](0.17)([x, r])
        return K.Model(x, y)

    model(ctx, "layer_scale", (5, 4, 3), None, "keras.applications.convnext.LayerScale(1e-6, 3): x * gamma",
          builder=layer_scale)
    model(ctx, "custom_scale_layer", (5, 4, 3), None,
          "keras.applications.inception_resnet_v2.CustomScaleLayer(0.17)([x, Dense(3)(x)]): x + 0.17 * r",
          builder=custom_scale)


def section_squeeze_excite(ctx):
    """Squeeze-excite blocks as keras.applications writes them: a per-channel gate computed from the
    image's mean, broadcast back over the pixels by Multiply (or added by Add)."""
    img = (6, 5, 8)

    def gate(K, t):
        # The classic gate: Dense reduce (relu) and expand (sigmoid) of the per-channel means.
        t = K.layers.Dense(2, activation="relu", name="se_reduce")(t)
        return K.layers.Dense(8, activation="sigmoid", name="se_expand")(t)

    def se_dense(fw):
        K = FW[fw]
        x = K.Input(img, name="input_0")
        s = K.layers.GlobalAveragePooling2D(name="se_squeeze")(x)
        s = K.layers.Reshape((1, 1, 8), name="se_reshape")(gate(K, s))
        return K.Model(x, K.layers.Multiply(name="se_excite")([x, s]))

    def se_keepdims_first(fw):
        # The gate first: Multiply([gate, x]) broadcasts the first input; the Dense layers act on
        # the (batch, 1, 1, c) keepdims mean.
        K = FW[fw]
        x = K.Input(img, name="input_0")
        s = K.layers.GlobalAveragePooling2D(keepdims=True, name="se_squeeze")(x)
        return K.Model(x, K.layers.Multiply(name="se_excite")([gate(K, s), x]))

    def se_cf(fw):
        K = FW[fw]
        x = K.Input((8, 6, 5), name="input_0")
        s = K.layers.GlobalAveragePooling2D(data_format=CF, name="se_squeeze")(x)
        s = K.layers.Reshape((8, 1, 1), name="se_reshape")(gate(K, s))
        return K.Model(x, K.layers.Multiply(name="se_excite")([x, s]))

    def add_mean(fw):
        K = FW[fw]
        x = K.Input(img, name="input_0")
        m = K.layers.GlobalAveragePooling2D(keepdims=True, name="mean")(x)
        m = K.layers.Dense(8, name="shift")(m)
        return K.Model(x, K.layers.Add(name="add")([x, m]))

    def se_conv(fw):
        # Exactly EfficientNet's block: 1x1 convolutions on the (batch, 1, 1, c) mean, then a
        # residual Add of the gated image.
        K = FW[fw]
        x = K.Input(img, name="input_0")
        s = K.layers.GlobalAveragePooling2D(name="se_squeeze")(x)
        s = K.layers.Reshape((1, 1, 8), name="se_reshape")(s)
        s = K.layers.Conv2D(2, 1, padding="same", activation="swish", name="se_reduce")(s)
        s = K.layers.Conv2D(8, 1, padding="same", activation="sigmoid", name="se_expand")(s)
        y = K.layers.Multiply(name="se_excite")([x, s])
        return K.Model(x, K.layers.Add(name="residual")([y, x]))

    for name, builder, shape, notes in [
        ("se_dense", se_dense, img, "squeeze-excite: GlobalAveragePooling2D, Dense reduce/expand, Reshape((1, 1, 8)), "
         "Multiply([x, gate]): (b, 6, 5, 8) * (b, 1, 1, 8)"),
        ("se_keepdims_first", se_keepdims_first, img, "squeeze-excite on GlobalAveragePooling2D(keepdims=True), "
         "Multiply([gate, x]): the first input broadcast"),
        ("se_cf", se_cf, (8, 6, 5), "squeeze-excite in channels_first: Reshape((8, 1, 1)), (b, 8, 6, 5) * (b, 8, 1, 1)"),
        ("add_broadcast_mean", add_mean, img, "Add([x, Dense(GlobalAveragePooling2D(keepdims=True)(x))]): "
         "(b, 6, 5, 8) + (b, 1, 1, 8)"),
        ("se_conv", se_conv, img, "EfficientNet's squeeze-excite: 1x1 Conv2D reduce (swish) / expand (sigmoid) on "
         "the reshaped mean, Multiply, residual Add"),
    ]:
        model(ctx, name, shape, None, notes, builder=builder)


def section_image_augmentation(ctx):
    """Augmentation inside the model, as keras.io's "Image classification from scratch" and Hands-On ML
    ch. 14 build it: identities at inference in both Kerases, except tf-keras' RandomCrop (smart_resize to
    (height, width)) and Keras 3's RandomCrop (the images returned uncropped, whatever the declared shape)."""
    img = (8, 7, 3)
    k2, k3 = ("k2",), ("k3",)
    K2_ONLY = {"why_not_k3": "Keras 3 has no such layer"}
    for name, fn, shape, notes, producers in [
        ("aug_keras_io", lambda L, fw: [L.RandomFlip("horizontal"), L.RandomRotation(0.1), L.Rescaling(1.0 / 255),
                                        L.Conv2D(4, 3, activation="relu"), L.MaxPooling2D(), L.Flatten(), L.Dense(3)],
         img, "keras.io image classification from scratch: RandomFlip('horizontal'), RandomRotation(0.1) first, "
         "then Rescaling and a small CNN", None),
        ("aug_defaults_cnn", lambda L, fw: [L.RandomFlip(), L.RandomRotation(0.2), L.RandomZoom(0.2),
                                            L.RandomTranslation(0.1, 0.2), L.RandomContrast(0.3),
                                            L.RandomBrightness(0.2), L.Conv2D(4, 3), L.GlobalAveragePooling2D(),
                                            L.Dense(2)],
         img, "RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, RandomBrightness with their "
         "defaults, then Conv2D, GlobalAveragePooling2D, Dense", None),
        ("aug_options_cnn", lambda L, fw: [
            L.RandomFlip("vertical", seed=7),
            L.RandomRotation((-0.3, 0.2), fill_mode="nearest", interpolation="nearest", seed=1, fill_value=0.5),
            L.RandomZoom((-0.3, -0.1), (0.1, 0.2), fill_mode="constant", fill_value=1.0),
            L.RandomTranslation((-0.2, 0.2), 0.3, fill_mode="wrap", interpolation="nearest"),
            L.RandomBrightness((-0.1, 0.3), value_range=(0, 1), seed=3), L.RandomContrast((0.1, 0.5), seed=4),
            L.Conv2D(3, 3, padding="same"), L.Flatten(), L.Dense(2)],
         img, "the same layers with seeds, fill modes, nearest interpolation, value_range, factor ranges", None),
        ("aug_height_width", lambda L, fw: [L.RandomHeight(0.2), L.RandomWidth((-0.1, 0.3), interpolation="nearest"),
                                            L.Conv2D(4, 3), L.GlobalMaxPooling2D()],
         img, "tf-keras only: RandomHeight(0.2), RandomWidth((-0.1, 0.3), nearest): identities at inference "
         "(declared height / width None)", k2),
        ("aug_k3_color", lambda L, fw: [
            L.RandomGrayscale(0.5), L.RandomHue(0.2), L.RandomSaturation(0.3), L.RandomSharpness(0.2),
            L.RandomColorJitter(brightness_factor=0.2, contrast_factor=0.2, saturation_factor=(0.4, 0.6),
                                hue_factor=0.1),
            L.RandomColorDegeneration(0.3), L.RandomPosterization(4), L.RandomInvert(),
            L.Solarization(addition_factor=0.2, threshold_factor=0.3),
            L.Conv2D(3, 3), L.Flatten(), L.Dense(2)],
         img, "Keras 3 only: the colour layers (RandomGrayscale ... Solarization), identities at inference. "
         "Equalization is not here: its compute_output_spec returns its input tensor, so Keras 3 cannot build "
         "it into a model ('part of a cycle')", k3),
        ("aug_k3_geometric", lambda L, fw: [
            L.RandomShear(0.2, 0.3), L.RandomErasing(), L.RandomGaussianBlur(), L.RandomElasticTransform(),
            L.RandomPerspective(), L.Conv2D(3, 3), L.Flatten(), L.Dense(2)],
         img, "Keras 3 only: RandomShear, RandomErasing, RandomGaussianBlur, RandomElasticTransform, "
         "RandomPerspective", k3),
        ("aug_k3_mixing", lambda L, fw: [L.MixUp(), L.CutMix(), L.AugMix(), L.RandAugment(num_ops=3),
                                         L.MaxNumBoundingBoxes(4), L.Conv2D(3, 3), L.Flatten(), L.Dense(2)],
         img, "Keras 3 only: MixUp, CutMix, AugMix, RandAugment(num_ops=3), MaxNumBoundingBoxes(4)", k3),
        ("aug_k3_cf", lambda L, fw: [L.RandomFlip(data_format=CF), L.RandomRotation(0.1, data_format=CF),
                                     L.RandomGrayscale(1.0, data_format=CF), L.RandomHue(0.5, data_format=CF),
                                     L.RandomCrop(8, 7, data_format=CF), L.Flatten(), L.Dense(2)],
         (3, 8, 7), "Keras 3 only: channels_first RandomFlip, RandomRotation, RandomGrayscale, RandomHue, "
         "RandomCrop(8, 7)",
         k3),
        ("randomcrop_down", lambda L, fw: [L.RandomCrop(5, 4)], img,
         "RandomCrop(5, 4) of 8x7 images: tf-keras smart_resize (crop 8x7 to 5:4, resize); Keras 3 returns "
         "the 8x7 images", None),
        ("randomcrop_cnn", lambda L, fw: [L.RandomCrop(6, 6), L.Conv2D(3, 3), L.GlobalAveragePooling2D()], img,
         "RandomCrop(6, 6), Conv2D, GlobalAveragePooling2D: Keras 3 convolves the uncropped image", None),
        ("randomcrop_up", lambda L, fw: [L.RandomCrop(10, 9)], img,
         "RandomCrop(10, 9) of 8x7 images: larger than the input (tf-keras resizes)", None),
        ("randomcrop_same", lambda L, fw: [L.RandomCrop(8, 7)], img, "RandomCrop to the input's size", None),
        ("randomcrop_wide", lambda L, fw: [L.RandomCrop(4, 9, seed=5)], img,
         "RandomCrop(4, 9, seed=5): tf-keras crops a 3x7 box from row 2, then resizes", None),
    ]:
        model(ctx, name, shape, fn, notes, producers=producers or ("k2", "k3"),
              extra=K3_ONLY if producers == k3 else K2_ONLY if producers == k2 else None, pixels=True)

    # Keras 3's AutoContrast acts at inference too. Besides the usual inputs, images with constant
    # channels (7 and 0 everywhere): 255 / (high - low) is inf there, the result NaN, and Keras keeps
    # the input value.
    key = "px8x7x3_const_b2"
    if key not in ctx.I.arrays:
        a = ctx.I.rng_for(key).integers(0, 256, size=(2, 8, 7, 3)).astype(np.float32)
        a[0, :, :, 1] = 7.0
        a[1, :, :, 0] = 0.0
        a[1, :, :, 2] = -3.0
        ctx.I.add(key, a, note="whole numbers in [0, 255] with constant channels (7; 0 and -3)")
    for name, fn, shape, notes in [
        ("auto_contrast", lambda L, fw: [L.AutoContrast()], img, "Keras 3 only: AutoContrast() (value_range (0, 255))"),
        ("auto_contrast_unit", lambda L, fw: [L.AutoContrast(value_range=(1, 0))], img,
         "Keras 3 only: AutoContrast(value_range=(1, 0)): sorted to (0, 1), values mapped to [0, 255] and back"),
        ("auto_contrast_cf", lambda L, fw: [L.AutoContrast(value_range=(-1.0, 2.5), data_format=CF)], (3, 8, 7),
         "Keras 3 only: AutoContrast(value_range=(-1, 2.5), data_format='channels_first'): Keras still takes the "
         "low / high over axes 1 and 2"),
        ("auto_contrast_cnn", lambda L, fw: [L.AutoContrast(), L.Rescaling(1.0 / 255), L.Conv2D(3, 3),
                                             L.GlobalAveragePooling2D()], img,
         "Keras 3 only: AutoContrast, Rescaling, Conv2D, GlobalAveragePooling2D"),
    ]:
        runner = Runner()
        inputs = sets(ctx.I, shape, pixels=True)
        if shape == img:
            inputs["b2_const"] = {"input_0": key}
        process(ctx, name, lambda fw, fn=fn, shape=shape: sequential(fw, shape, fn), inputs, producers=k3,
                notes=notes, extra=K3_ONLY, summary=False, runner=runner)


def section_spatial_dropout(ctx):
    for name, fn, shape, notes in [
        ("spatial_dropout2d", lambda L, fw: [L.Conv2D(4, 3), L.SpatialDropout2D(0.3), L.Flatten(), L.Dense(2)],
         (7, 6, 3), "Conv2D, SpatialDropout2D(0.3), Flatten, Dense: the identity at inference"),
        ("spatial_dropout2d_cf", lambda L, fw: [L.SpatialDropout2D(0.5, data_format=CF), L.Flatten(), L.Dense(2)],
         (3, 7, 6), "SpatialDropout2D(0.5, data_format='channels_first')"),
        ("spatial_dropout3d", lambda L, fw: [L.SpatialDropout3D(0.4), L.Dense(3)], (4, 5, 6, 2),
         "SpatialDropout3D(0.4), Dense(3) on (batch, 4, 5, 6, 2)"),
        ("spatial_dropout3d_cf", lambda L, fw: [L.SpatialDropout3D(0.2, data_format=CF), L.Flatten(), L.Dense(2)],
         (2, 4, 5, 3), "SpatialDropout3D(0.2, data_format='channels_first')"),
    ]:
        model(ctx, name, shape, fn, notes)


def section_spectral_normalization(ctx):
    """SpectralNormalization: inference uses the wrapped layer's stored kernel; vector_u (random here, as
    every weight) is training state. Seeded weights, so the kernel is not one Keras normalized."""
    SN = lambda L, layer, **kw: L.SpectralNormalization(layer, **kw)  # noqa: E731
    for name, fn, shape, notes, producers in [
        ("sn_dense", lambda L, fw: [SN(L, L.Dense(4))], (6,), "SpectralNormalization(Dense(4))", None),
        ("sn_dense_seq_pi3", lambda L, fw: [SN(L, L.Dense(5, activation="relu", use_bias=False), power_iterations=3)],
         (3, 6), "SpectralNormalization(Dense(5, relu, no bias), power_iterations=3) on (batch, 3, 6)", None),
        ("sn_conv2d", lambda L, fw: [SN(L, L.Conv2D(4, 3, padding="same"))], (7, 6, 3),
         "SpectralNormalization(Conv2D(4, 3, same))", None),
        ("sn_conv2d_cf", lambda L, fw: [SN(L, L.Conv2D(5, 3, strides=2, data_format=CF))], (3, 9, 8),
         "SpectralNormalization(Conv2D(5, 3, strides=2, channels_first)) (output width 3, not 5: see "
         "generate_conv_fixtures.KERAS3_CF_BIAS)", None),
        ("sn_conv1d", lambda L, fw: [SN(L, L.Conv1D(3, 2, activation="tanh"))], (7, 4),
         "SpectralNormalization(Conv1D(3, 2, tanh))", None),
        ("sn_conv2d_transpose", lambda L, fw: [SN(L, L.Conv2DTranspose(3, 3, strides=2, padding="same"))], (4, 5, 2),
         "SpectralNormalization(Conv2DTranspose(3, 3, s2, same)): vector_u has the kernel's last axis, the input "
         "channels", None),
        ("sn_gan_discriminator", lambda L, fw: [
            SN(L, L.Conv2D(8, 3, strides=2, padding="same")), L.LeakyReLU(0.2),
            SN(L, L.Conv2D(16, 3, strides=2, padding="same")), L.LeakyReLU(0.2),
            L.Flatten(), SN(L, L.Dense(1))], (12, 10, 3),
         "A GAN discriminator as SN-GAN writes it: SN(Conv2D) -> LeakyReLU(0.2) -> SN(Conv2D, s2) -> LeakyReLU -> "
         "Flatten -> SN(Dense(1))", None),
        ("sn_einsum_dense", lambda L, fw: [SN(L, L.EinsumDense("abc,cd->abd", output_shape=(None, 5), bias_axes="d"))],
         (3, 4), "SpectralNormalization(EinsumDense('abc,cd->abd', output_shape=(None, 5), bias_axes='d'))", None),
    ]:
        model(ctx, name, shape, fn, notes, producers=producers or ("k2", "k3"))
    # tf-keras' Embedding (Keras 3 casts the wrapper's output to the ids' dtype; kerasj refuses it there).
    _ids = "ids12_5"
    if _ids not in ctx.I.arrays:
        ctx.I.add(_ids, ctx.I.rng_for(_ids).integers(0, 12, size=(3, 5)).astype("float32"),
                  note="token ids in [0, 12) as float32")
    process(ctx, "sn_embedding_k2", lambda fw: sequential(fw, (5,), lambda L, fw: [SN(L, L.Embedding(12, 4)),
                                                                                    L.Flatten(), L.Dense(2)]),
            {"b3_ids": {"input_0": _ids}}, producers=("k2",),
            notes="tf-keras SpectralNormalization(Embedding(12, 4)) -> Flatten -> Dense(2) on ids",
            extra={"why_not_k3": "Keras 3 casts the wrapper's output to the ids' dtype; kerasj refuses it there"},
            summary=False)
    # Weight files with one weight of the wrong shape, for the refusal tests (ImageBadInputTest): a copy
    # of sn_dense's weights with the dataset at `path` replaced by zeros of `shape`.
    if ctx.only is None or "sn_dense" in ctx.only:
        import shutil
        import h5py
        d = ctx.out / "sn_dense"
        for src, dst, path, shape in [
            ("k2_weights.h5", "k2_weights_bad_vector_u.h5", "spectral_normalization/spectral_normalization/vector_u:0",
             (1, 3)),
            ("k3.weights.h5", "k3_bad_vector_u.weights.h5", "layers/spectral_normalization/vars/1", (1, 3)),
            ("k3.weights.h5", "k3_bad_kernel_copy.weights.h5", "layers/spectral_normalization/vars/0", (6, 3)),
        ]:
            shutil.copyfile(d / src, d / dst)
            with h5py.File(d / dst, "r+") as f:
                del f[path]
                f.create_dataset(path, data=np.zeros(shape, np.float32))
        ctx.manifest["models"]["sn_dense"]["bad_weight_files"] = {
            "k2_weights_bad_vector_u.h5": "vector_u (1, 3) instead of (1, 4)",
            "k3_bad_vector_u.weights.h5": "vars/1 (vector_u) (1, 3) instead of (1, 4)",
            "k3_bad_kernel_copy.weights.h5": "vars/0 (the wrapper's copy of the kernel) (6, 3) instead of (6, 4)",
        }


SECTIONS = {
    "pooling": section_pooling,
    "reshaping": section_reshaping,
    "normalization": section_normalization,
    "preprocessing": section_preprocessing,
    "app_layers": section_app_layers,
    "squeeze_excite": section_squeeze_excite,
    "image_augmentation": section_image_augmentation,
    "spatial_dropout": section_spatial_dropout,
    "spectral_normalization": section_spectral_normalization,
}


def main():
    gs.run_sections(__doc__, "generate_image_fixtures.py", DEFAULT_OUT, SECTIONS, {
        "seeds": {"global": GLOBAL_SEED, "inputs": gs.INPUT_SEED, "weights_base": WEIGHT_SEED_BASE,
                  "weights_per_model": "weights_base + crc32(model_name) % 100000"},
        "weight_init": "as generate_semantics_fixtures.py (random_value); Normalization's adapted mean "
                       "normal(0, 0.5), variance uniform(0.5, 2), count an int64 in [1, 1000)",
        "notes": [
            "Expected outputs: model(x, training=False) as float32 (expected_<fw>_<input_label>_0.npy); "
            "k2_* formats compare against expected_k2_*, k3_* against expected_k3_*.",
            "Each case's 'suite' is the layer family the compat report files it under.",
            "models.<name>.expected_via: 'eager', or 'xla (...)' where the eager CPU kernel refused the layout.",
        ],
    }, suite_per_section=True)


if __name__ == "__main__":
    main()
