#!/usr/bin/env python3
"""Generate TensorFlow/Keras ground-truth fixtures for the convolution layers.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_conv_fixtures.py [--out DIR] [--only a,b]

Default output directory: compat-tests/src/test/resources/fixtures_conv (resolved relative to this
script). The layout and manifest schema are those of generate_semantics_fixtures.py, whose
per-model pipeline (build in tf-keras and Keras 3, seeded weights, every format each writes, reload
check) this script reuses.

Covers Conv1D/Conv2D/Conv3D (padding valid/same, even kernels, strides, dilation, groups, 1x1, use_bias,
activations, LoRA), DepthwiseConv1D/2D (depth_multiplier), SeparableConv1D/2D, Conv1DTranspose/
Conv2DTranspose/Conv3DTranspose (strides, output_padding, dilation), channels_first for each, and a small chain of
them, at batch 1 and 3 on small images.

Expected outputs are model(x, training=False) in eager mode. TensorFlow's eager CPU kernels refuse
some convolutions: channels_first ("The Conv2D op currently only supports the NHWC tensor format on
the CPU", "Conv2DCustomBackpropInputOp only supports NHWC", depthwise likewise), depthwise with
unequal strides ("Current implementation only supports equal length strides in the row and column
dimensions") and transposed with dilation ("Current CPU implementations do not yet support dilation
rates larger than 1"; tf-keras' Conv2DTranspose works around it with atrous_conv2d_transpose, its
Conv1DTranspose and Keras 3 do not). model.predict fails the same way in both Keras versions. For
those models the same call is compiled with XLA (tf.function(jit_compile=True)), TensorFlow's other
CPU backend, which is also how Keras 3 itself runs the convolutions TensorFlow's CPU kernels cannot
(grouped, channels_first 3-D). models.<name>.expected_via records "eager" or "xla (eager refused:
...)" per framework.
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

from generate_fixtures import GLOBAL_SEED, WEIGHT_SEED_BASE  # noqa: E402
from generate_semantics_fixtures import process, S, log, clean, err_text  # noqa: E402

SCRIPT_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures_conv"


def image_sets(I, shape):
    """Batch 1 and 3 at scale 0.5, and batch 3 at scale 5, of one per-sample shape."""
    tag = "x".join(map(str, shape))
    return {
        "b1": {"input_0": I.normal(f"img{tag}_b1", (1,) + tuple(shape), 0.5)},
        "b3": {"input_0": I.normal(f"img{tag}_b3", (3,) + tuple(shape), 0.5)},
        "b3_large": {"input_0": I.normal(f"img{tag}_b3_large", (3,) + tuple(shape), 5.0)},
    }


# What TensorFlow's eager CPU kernels refuse (the op is defined, and XLA or a GPU computes it).
CPU_KERNEL_REFUSALS = (
    "NHWC",  # channels_first Conv2D / Conv2DBackpropInput / DepthwiseConv2dNative
    "NDHWC",  # channels_first Conv3D
    "only supports equal length strides",  # DepthwiseConv2dNative with strides (1, 2)
    "do not yet support dilation rates larger than 1",  # Conv2DBackpropInput with dilation
    "does not yet support dilation rates larger than 1",  # Conv3DBackpropInputV2 with dilation
)


class Runner:
    """Runs eagerly; where TensorFlow's eager CPU kernels refuse the model, runs it under XLA."""

    def __init__(self):
        self.via = {}

    def __call__(self, model, fw, arrays):
        try:
            ys = gs.run(model, fw, arrays)
            self.via.setdefault(fw, "eager")
            return ys
        except (tf.errors.UnimplementedError, tf.errors.InvalidArgumentError) as e:
            msg = clean(err_text(e))
            refusals = [ln for ln in msg.splitlines() if any(r in ln for r in CPU_KERNEL_REFUSALS)]
            if not refusals:
                raise
            first = refusals[0].strip()
            self.via[fw] = "xla (eager refused: " + first[:300] + ")"
            xs = gs.feed(model, fw, arrays)
            f = tf.function(lambda t: model(t, training=False), jit_compile=True)
            return gs.to_list(f(xs))


def conv_process(ctx, name, input_shape, layers_fn, producers=("k2", "k3"), notes="", extra=None):
    runner = Runner()
    models = process(ctx, name, S(input_shape, layers_fn), image_sets(ctx.I, input_shape), producers=producers,
                     notes=notes, extra=extra, summary=False, runner=runner)
    if models is not None and name in ctx.manifest["models"]:
        ctx.manifest["models"][name]["expected_via"] = runner.via
        if any(v != "eager" for v in runner.via.values()):
            log(f"  [{name}] expected via {runner.via}")


def one(f):
    return lambda L, fw: [f(L)]


KERAS3_CF_BIAS = ("Keras 3.15.1 on TensorFlow adds a channels_first bias along the width when the output width "
                  "equals the channel count (ops.add -> tf.nn.bias_add with data_format guessed NHWC); tf-keras "
                  "and kerasj add it per channel, so only tf-keras' outputs are the reference here")
K3_ONLY = {"why_not_k2": "tf-keras refuses this configuration when it builds the layer"}
K2_ONLY = {"why_not_k3": "Keras 3 refuses this configuration when it builds the layer"}


def section_conv2d(ctx):
    img = (7, 6, 3)
    for name, f, shape in [
        ("conv2d_default", lambda L: L.Conv2D(4, 3), img),
        ("conv2d_same_k4x2", lambda L: L.Conv2D(4, (4, 2), padding="same"), img),
        ("conv2d_s2_same", lambda L: L.Conv2D(4, 3, strides=2, padding="same"), img),
        ("conv2d_s21_valid", lambda L: L.Conv2D(5, (3, 2), strides=(2, 1)), img),
        ("conv2d_s3_same_k2", lambda L: L.Conv2D(3, 2, strides=3, padding="same"), img),
        ("conv2d_dil2_same", lambda L: L.Conv2D(4, 3, dilation_rate=2, padding="same"), img),
        ("conv2d_dil12_valid", lambda L: L.Conv2D(4, (2, 3), dilation_rate=(1, 2)), img),
        ("conv2d_groups3", lambda L: L.Conv2D(6, 3, groups=3, padding="same"), (7, 6, 6)),
        ("conv2d_relu_nobias", lambda L: L.Conv2D(4, 3, activation="relu", use_bias=False), img),
        ("conv2d_1x1", lambda L: L.Conv2D(5, 1), img),
        ("conv2d_1x1_s2", lambda L: L.Conv2D(5, 1, strides=2), img),
        ("conv2d_softmax", lambda L: L.Conv2D(4, 3, padding="same", activation="softmax"), img),
        ("conv2d_wide", lambda L: L.Conv2D(40, 3, padding="same", activation="relu6"), (9, 8, 5)),
        ("conv2d_1x1_wide", lambda L: L.Conv2D(70, 1), (5, 4, 9)),
        ("conv2d_cf", lambda L: L.Conv2D(4, 3, strides=2, padding="same", data_format="channels_first"), (3, 7, 6)),
        ("conv2d_cf_groups_softmax", lambda L: L.Conv2D(4, 3, groups=2, data_format="channels_first",
                                                        activation="softmax"), (4, 7, 7)),
        ("conv1d_cf", lambda L: L.Conv1D(4, 3, data_format="channels_first"), (3, 9)),
        ("conv1d_cf_s2_same", lambda L: L.Conv1D(4, 4, strides=2, padding="same", data_format="channels_first"),
         (3, 9)),
    ]:
        conv_process(ctx, name, shape, one(f), notes=f"Sequential(Input(shape={shape}), one layer).")
    # Keras 3's TensorFlow backend turns a bias add into tf.nn.bias_add and guesses its data format
    # from the shapes (keras/src/backend/tensorflow/numpy.py: add): when a channels_first output's
    # width equals its channel count, it adds the bias along the width. tf-keras (and Keras 3 on its
    # other backends) add it per channel, as kerasj does; the other channels_first fixtures keep the
    # width and the channel count apart.
    conv_process(ctx, "conv2d_cf_width_eq_filters", (3, 6, 6),
                 one(lambda L: L.Conv2D(4, 3, data_format="channels_first")), producers=("k2",),
                 extra={"why_not_k3": KERAS3_CF_BIAS},
                 notes="channels_first output (4, 4, 4): width == filters. " + KERAS3_CF_BIAS)
    conv_process(ctx, "conv2d_lora", img, one(lambda L: L.Conv2D(4, 3, lora_rank=2, lora_alpha=4)),
                 producers=("k3",), extra={"why_not_k2": "LoRA is a Keras 3 feature"},
                 notes="Keras 3 only: Conv2D(4, 3, lora_rank=2, lora_alpha=4); delta scaled by alpha/rank = 2.")

    # Unknown spatial size: the same model at two image sizes.
    I = ctx.I
    sets = {"b1_7x6": {"input_0": I.normal("img7x6x3_b1", (1, 7, 6, 3), 0.5)},
            "b3_9x5": {"input_0": I.normal("img9x5x3_b3", (3, 9, 5, 3), 0.5)}}
    runner = Runner()
    process(ctx, "conv2d_dynamic", S((None, None, 3), lambda L, fw: [
        L.Conv2D(4, 3, padding="same", activation="relu"), L.Conv2D(2, 3, strides=2)]), sets, summary=False,
        runner=runner, notes="Input(shape=(None, None, 3)) -> Conv2D(4, 3, same, relu) -> Conv2D(2, 3, strides=2); "
                             "fed 7x6 and 9x5 images.")
    if "conv2d_dynamic" in ctx.manifest["models"]:
        ctx.manifest["models"]["conv2d_dynamic"]["expected_via"] = runner.via


def section_depthwise(ctx):
    img = (7, 6, 3)
    seq = (9, 3)
    for name, f, shape, producers in [
        ("dw2d_default", lambda L: L.DepthwiseConv2D(3), img, None),
        ("dw2d_mult2_s2_same", lambda L: L.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2), img, None),
        ("dw2d_dil2_same", lambda L: L.DepthwiseConv2D(3, dilation_rate=2, padding="same"), img, None),
        ("dw2d_k2x4_s12", lambda L: L.DepthwiseConv2D((2, 4), strides=(1, 2)), img, None),
        ("dw2d_relu6_nobias", lambda L: L.DepthwiseConv2D(3, padding="same", activation="relu6", use_bias=False),
         img, None),
        ("dw2d_cf_mult2", lambda L: L.DepthwiseConv2D(3, padding="same", depth_multiplier=2,
                                                      data_format="channels_first"), (3, 7, 5), None),
        ("dw2d_s2_dil2", lambda L: L.DepthwiseConv2D(3, strides=2, dilation_rate=2, padding="same"), (9, 8, 3),
         ("k3",)),
        ("dw1d_default", lambda L: L.DepthwiseConv1D(3), seq, None),
        ("dw1d_mult2_s2_same", lambda L: L.DepthwiseConv1D(3, strides=2, padding="same", depth_multiplier=2), seq,
         None),
        ("dw1d_dil2_same", lambda L: L.DepthwiseConv1D(3, dilation_rate=2, padding="same"), seq, None),
        ("dw1d_cf", lambda L: L.DepthwiseConv1D(3, depth_multiplier=2, data_format="channels_first"), (3, 9), None),
        ("sep2d_default", lambda L: L.SeparableConv2D(4, 3), img, None),
        ("sep2d_mult2_s2_same", lambda L: L.SeparableConv2D(5, 3, strides=2, padding="same", depth_multiplier=2),
         img, None),
        ("sep2d_dil2_same_relu", lambda L: L.SeparableConv2D(4, 3, dilation_rate=2, padding="same",
                                                             activation="relu"), img, None),
        ("sep2d_nobias", lambda L: L.SeparableConv2D(4, (2, 3), use_bias=False), img, None),
        ("sep2d_cf", lambda L: L.SeparableConv2D(4, 3, padding="same", data_format="channels_first"), (3, 7, 6),
         None),
        ("sep2d_s2_dil2", lambda L: L.SeparableConv2D(4, 3, strides=2, dilation_rate=2, padding="same"),
         (9, 8, 3), ("k3",)),
        ("sep1d_default", lambda L: L.SeparableConv1D(4, 3), seq, None),
        ("sep1d_mult2_s2_same", lambda L: L.SeparableConv1D(5, 3, strides=2, padding="same", depth_multiplier=2),
         seq, None),
        ("sep1d_dil2", lambda L: L.SeparableConv1D(4, 2, dilation_rate=2), seq, None),
        ("sep1d_cf", lambda L: L.SeparableConv1D(4, 3, data_format="channels_first"), (3, 9), None),
        ("sep1d_causal", lambda L: L.SeparableConv1D(4, 3, padding="causal", dilation_rate=2), seq, ("k2",)),
    ]:
        extra = K3_ONLY if producers == ("k3",) else K2_ONLY if producers == ("k2",) else None
        conv_process(ctx, name, shape, one(f), producers=producers or ("k2", "k3"), extra=extra,
                     notes=f"Sequential(Input(shape={shape}), one layer).")


def section_transposed(ctx):
    img = (4, 5, 3)
    seq = (6, 3)
    for name, f, shape in [
        ("t2d_default", lambda L: L.Conv2DTranspose(4, 3), img),
        ("t2d_s2_same", lambda L: L.Conv2DTranspose(4, 3, strides=2, padding="same"), img),
        ("t2d_s2_valid", lambda L: L.Conv2DTranspose(4, 3, strides=2), img),
        ("t2d_s2_same_op1", lambda L: L.Conv2DTranspose(4, 3, strides=2, padding="same", output_padding=1), img),
        ("t2d_s2_valid_op1", lambda L: L.Conv2DTranspose(4, 3, strides=2, output_padding=1), img),
        ("t2d_s3_k2_valid", lambda L: L.Conv2DTranspose(3, 2, strides=3), img),
        ("t2d_k4_s2_same", lambda L: L.Conv2DTranspose(4, 4, strides=2, padding="same"), img),
        ("t2d_dil2_same", lambda L: L.Conv2DTranspose(4, 3, dilation_rate=2, padding="same"), img),
        ("t2d_s21_op10", lambda L: L.Conv2DTranspose(4, (3, 2), strides=(2, 1), output_padding=(1, 0)), img),
        ("t2d_relu_nobias", lambda L: L.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu",
                                                        use_bias=False), img),
        ("t2d_cf", lambda L: L.Conv2DTranspose(4, 3, strides=2, padding="same", data_format="channels_first"),
         (3, 4, 5)),
        ("t1d_default", lambda L: L.Conv1DTranspose(4, 3), seq),
        ("t1d_s2_same", lambda L: L.Conv1DTranspose(4, 3, strides=2, padding="same"), seq),
        ("t1d_s2_valid_op1", lambda L: L.Conv1DTranspose(4, 3, strides=2, output_padding=1), seq),
        ("t1d_dil2", lambda L: L.Conv1DTranspose(4, 3, dilation_rate=2), seq),
        ("t1d_cf", lambda L: L.Conv1DTranspose(4, 3, strides=2, padding="same", data_format="channels_first"),
         (3, 6)),
    ]:
        conv_process(ctx, name, shape, one(f), notes=f"Sequential(Input(shape={shape}), one layer).")


def section_conv3d(ctx):
    vol = (5, 6, 7, 3)  # depth, rows, cols, channels
    for name, f, shape, producers in [
        ("conv3d_default", lambda L: L.Conv3D(4, 3), vol, None),
        ("conv3d_same_k423", lambda L: L.Conv3D(4, (4, 2, 3), padding="same"), vol, None),
        ("conv3d_s2_same", lambda L: L.Conv3D(4, 3, strides=2, padding="same"), vol, None),
        ("conv3d_s212_valid", lambda L: L.Conv3D(5, (2, 3, 2), strides=(2, 1, 2)), vol, None),
        ("conv3d_s3_same_k2", lambda L: L.Conv3D(3, 2, strides=3, padding="same"), vol, None),
        ("conv3d_dil2_same", lambda L: L.Conv3D(4, 3, dilation_rate=2, padding="same"), vol, None),
        ("conv3d_dil121_valid", lambda L: L.Conv3D(4, (2, 3, 2), dilation_rate=(1, 2, 1)), vol, None),
        ("conv3d_groups3", lambda L: L.Conv3D(6, 3, groups=3, padding="same"), (5, 6, 7, 6), None),
        ("conv3d_relu_nobias", lambda L: L.Conv3D(4, 3, activation="relu", use_bias=False), vol, None),
        ("conv3d_1x1", lambda L: L.Conv3D(5, 1), vol, None),
        ("conv3d_1x1_s2", lambda L: L.Conv3D(5, 1, strides=2), vol, None),
        ("conv3d_softmax", lambda L: L.Conv3D(4, 3, padding="same", activation="softmax"), vol, None),
        ("conv3d_wide", lambda L: L.Conv3D(40, 3, padding="same", activation="relu6"), (4, 6, 5, 5), None),
        # Output (5, 3, 3, 4): width 4 differs from the 5 filters (see KERAS3_CF_BIAS).
        ("conv3d_cf", lambda L: L.Conv3D(5, 3, strides=2, padding="same", data_format="channels_first"),
         (3, 5, 6, 7), None),
        ("conv3d_cf_groups_relu", lambda L: L.Conv3D(4, (3, 2, 3), groups=2, data_format="channels_first",
                                                     activation="relu"), (4, 5, 6, 7), None),
        ("conv3d_lora", lambda L: L.Conv3D(4, 3, lora_rank=2, lora_alpha=4), vol, ("k3",)),
    ]:
        extra = {"why_not_k2": "LoRA is a Keras 3 feature"} if producers == ("k3",) else None
        conv_process(ctx, name, shape, one(f), producers=producers or ("k2", "k3"), extra=extra,
                     notes=f"Sequential(Input(shape={shape}), one layer).")
    # Conv3D -> BatchNormalization -> ReLU runs as one fused node in kerasj.
    conv_process(ctx, "conv3d_bn_relu", vol, lambda L, fw: [
        L.Conv3D(6, 3, padding="same", use_bias=False), L.BatchNormalization(), L.ReLU(),
        L.Conv3D(4, 2, strides=2), L.BatchNormalization(), L.Activation("tanh"),
    ], notes="Conv3D(6, 3, same, no bias) -> BatchNormalization -> ReLU -> Conv3D(4, 2, s2) -> BatchNormalization "
             "-> tanh.")
    # keras.io's "3D image classification from CT scans" (get_model) at a small size: three of its
    # four Conv3D -> MaxPool3D -> BatchNormalization stages (a fourth needs inputs of at least 46 per
    # axis) with narrower filters.
    conv_process(ctx, "conv3d_ct_scan_small", (24, 24, 22, 1), lambda L, fw: [
        L.Conv3D(16, 3, activation="relu"), L.MaxPool3D(2), L.BatchNormalization(),
        L.Conv3D(16, 3, activation="relu"), L.MaxPool3D(2), L.BatchNormalization(),
        L.Conv3D(32, 3, activation="relu"), L.MaxPool3D(2), L.BatchNormalization(),
        L.GlobalAveragePooling3D(), L.Dense(64, activation="relu"), L.Dropout(0.3),
        L.Dense(1, activation="sigmoid"),
    ], notes="keras.io 3D image classification from CT scans (get_model) at (24, 24, 22, 1): [Conv3D(f, 3, relu) "
             "-> MaxPool3D(2) -> BatchNormalization] for f = 16, 16, 32 -> GlobalAveragePooling3D -> Dense(64, relu) "
             "-> Dropout(0.3) -> Dense(1, sigmoid).")


def section_conv3d_transpose(ctx):
    vol = (3, 4, 5, 3)  # depth, rows, cols, channels
    for name, f, shape, producers in [
        ("t3d_default", lambda L: L.Conv3DTranspose(4, 3), vol, None),
        ("t3d_s2_same", lambda L: L.Conv3DTranspose(4, 3, strides=2, padding="same"), vol, None),
        ("t3d_s2_valid", lambda L: L.Conv3DTranspose(4, 3, strides=2), vol, None),
        ("t3d_s2_same_op1", lambda L: L.Conv3DTranspose(4, 3, strides=2, padding="same", output_padding=1), vol,
         None),
        ("t3d_s212_valid_op101", lambda L: L.Conv3DTranspose(3, (3, 2, 3), strides=(2, 1, 2),
                                                             output_padding=(1, 0, 1)), vol, None),
        ("t3d_s3_k2_valid", lambda L: L.Conv3DTranspose(3, 2, strides=3), vol, None),
        ("t3d_k4_s2_same", lambda L: L.Conv3DTranspose(4, 4, strides=2, padding="same"), vol, None),
        # tf-keras' Conv3DTranspose ignores dilation_rate and drops it from its config.
        ("t3d_dil2_same", lambda L: L.Conv3DTranspose(4, 3, dilation_rate=2, padding="same"), vol, ("k3",)),
        ("t3d_relu_nobias", lambda L: L.Conv3DTranspose(4, 3, strides=2, padding="same", activation="relu",
                                                        use_bias=False), vol, None),
        ("t3d_wide", lambda L: L.Conv3DTranspose(24, 3, strides=2, padding="same"), (6, 5, 4, 5), None),
        # Planes of 20x16 = 320 input pixels: a band multiplies them in two chunks of rows.
        ("t3d_big_plane", lambda L: L.Conv3DTranspose(3, 3, strides=2, padding="same"), (2, 20, 16, 2), None),
        # Output (5, 6, 8, 10): width 10 differs from the 5 filters (see KERAS3_CF_BIAS).
        ("t3d_cf", lambda L: L.Conv3DTranspose(5, 3, strides=2, padding="same", data_format="channels_first"),
         (3, 3, 4, 5), None),
    ]:
        extra = {"why_not_k2": "tf-keras' Conv3DTranspose ignores dilation_rate (and does not save it)"} \
            if producers == ("k3",) else None
        conv_process(ctx, name, shape, one(f), producers=producers or ("k2", "k3"), extra=extra,
                     notes=f"Sequential(Input(shape={shape}), one layer).")
    conv_process(ctx, "conv3d_autoencoder", (8, 8, 8, 2), lambda L, fw: [
        L.Conv3D(8, 3, strides=2, padding="same", activation="relu"),
        L.Conv3D(16, 3, strides=2, padding="same", activation="relu"),
        L.Conv3DTranspose(8, 3, strides=2, padding="same", activation="relu"),
        L.Conv3DTranspose(2, 3, strides=2, padding="same", activation="sigmoid"),
    ], notes="Conv3D(8, 3, s2, same, relu) -> Conv3D(16, 3, s2, same, relu) -> Conv3DTranspose(8, 3, s2, same, relu) "
             "-> Conv3DTranspose(2, 3, s2, same, sigmoid) on (8, 8, 8, 2).")


def section_chain(ctx):
    conv_process(ctx, "conv_chain", (12, 10, 3), lambda L, fw: [
        L.Conv2D(8, 3, padding="same", activation="relu"),
        L.DepthwiseConv2D(3, strides=2, padding="same", activation="relu6"),
        L.SeparableConv2D(6, 3, padding="same"),
        L.Conv2D(6, 1, activation="tanh"),
        L.Conv2DTranspose(3, 3, strides=2, padding="same", activation="sigmoid"),
    ], notes="Conv2D(8, 3, same, relu) -> DepthwiseConv2D(3, s2, same, relu6) -> SeparableConv2D(6, 3, same) -> "
             "Conv2D(6, 1, tanh) -> Conv2DTranspose(3, 3, s2, same, sigmoid).")


def section_convlstm(ctx):
    """ConvLSTM1D/2D/3D: the input convolution takes the layer's window, the recurrent one is 'same' with
    stride 1; return_state (Functional models with three outputs); written to its own directory
    (fixtures_convlstm) by --sections convlstm."""
    video = (4, 6, 5, 3)  # time, rows, cols, channels
    seq = (4, 7, 3)  # time, steps, channels
    for name, f, shape in [
        ("convlstm2d_default", lambda L: L.ConvLSTM2D(4, 3), video),
        ("convlstm2d_seq_same", lambda L: L.ConvLSTM2D(4, 3, padding="same", return_sequences=True), video),
        ("convlstm2d_s2_back", lambda L: L.ConvLSTM2D(3, (3, 2), strides=2, go_backwards=True,
                                                      return_sequences=True), video),
        ("convlstm2d_dil2_relu_nobias", lambda L: L.ConvLSTM2D(3, 3, dilation_rate=2, padding="same",
                                                               activation="relu", use_bias=False), (3, 7, 6, 2)),
        ("convlstm2d_cf", lambda L: L.ConvLSTM2D(4, 3, padding="same", data_format="channels_first",
                                                 return_sequences=True), (4, 3, 6, 5)),
        ("convlstm1d_default", lambda L: L.ConvLSTM1D(4, 3), seq),
        ("convlstm1d_seq_same_back", lambda L: L.ConvLSTM1D(4, 3, padding="same", return_sequences=True,
                                                            go_backwards=True), seq),
        ("convlstm1d_cf", lambda L: L.ConvLSTM1D(4, 3, data_format="channels_first", return_sequences=True),
         (4, 3, 7)),
    ]:
        conv_process(ctx, name, shape, one(f), notes=f"Sequential(Input(shape={shape}), one layer).")
    conv_process(ctx, "convlstm2d_chain", (3, 8, 8, 2), lambda L, fw: [
        L.ConvLSTM2D(4, 3, padding="same", return_sequences=True),
        L.ConvLSTM2D(2, 3, strides=2),
        L.Conv2D(3, 1, activation="softmax"),
    ], notes="ConvLSTM2D(4, 3, same, return_sequences) -> ConvLSTM2D(2, 3, strides=2) -> Conv2D(3, 1, softmax).")
    # ConvLSTM3D on (time, depth, rows, cols, channels) volumes.
    vol = (3, 4, 5, 4, 2)
    for name, f, shape in [
        ("convlstm3d_default", lambda L: L.ConvLSTM3D(3, 3), vol),
        ("convlstm3d_seq_same_back", lambda L: L.ConvLSTM3D(3, (2, 3, 2), padding="same", return_sequences=True,
                                                            go_backwards=True), vol),
        ("convlstm3d_s2_relu_nobias", lambda L: L.ConvLSTM3D(2, 3, strides=(1, 2, 2), padding="same",
                                                             activation="relu", use_bias=False,
                                                             return_sequences=True), vol),
        ("convlstm3d_dil2", lambda L: L.ConvLSTM3D(2, 2, dilation_rate=2, padding="same"), vol),
        ("convlstm3d_cf", lambda L: L.ConvLSTM3D(3, 3, padding="same", data_format="channels_first",
                                                 return_sequences=True), (3, 2, 4, 5, 4)),
    ]:
        conv_process(ctx, name, shape, one(f), notes=f"Sequential(Input(shape={shape}), one layer).")

    # return_state=True: three outputs, the output then the final h and c (a Functional model).
    def with_state(shape, make):
        def build(fw):
            K = gf.FW[fw]
            inp = K.Input(shape=shape, name="input_0")
            return K.Model(inp, make(K.layers)(inp))
        return build

    for name, make, shape, notes in [
        ("convlstm2d_state", lambda L: L.ConvLSTM2D(4, 3, return_state=True), video,
         "ConvLSTM2D(4, 3, return_state=True): [last h, h, c]"),
        ("convlstm2d_state_seq_back", lambda L: L.ConvLSTM2D(3, 3, padding="same", return_sequences=True,
                                                             return_state=True, go_backwards=True), video,
         "ConvLSTM2D(3, 3, same, return_sequences, return_state, go_backwards): [every h, final h, final c]"),
        ("convlstm2d_state_cf", lambda L: L.ConvLSTM2D(4, 3, padding="same", data_format="channels_first",
                                                       return_state=True), (4, 3, 6, 5),
         "ConvLSTM2D(4, 3, same, channels_first, return_state)"),
        ("convlstm1d_state_seq", lambda L: L.ConvLSTM1D(4, 3, return_sequences=True, return_state=True), seq,
         "ConvLSTM1D(4, 3, return_sequences, return_state)"),
        ("convlstm3d_state", lambda L: L.ConvLSTM3D(2, 3, padding="same", return_state=True), vol,
         "ConvLSTM3D(2, 3, same, return_state)"),
        ("convlstm3d_state_cf_seq", lambda L: L.ConvLSTM3D(2, 2, data_format="channels_first", return_sequences=True,
                                                           return_state=True), (3, 2, 4, 5, 4),
         "ConvLSTM3D(2, 2, channels_first, return_sequences, return_state)"),
    ]:
        runner = Runner()
        process(ctx, name, with_state(shape, make), image_sets(ctx.I, shape), notes=notes, summary=False,
                runner=runner)
        if name in ctx.manifest["models"]:
            ctx.manifest["models"][name]["expected_via"] = runner.via

    # Masks: Keras 3's TimeDistributed passes a Masking layer's (batch, time) mask on whatever it wraps, so
    # Masking -> TimeDistributed(Reshape) -> ConvLSTM gets it, and ConvLSTM (a Keras RNN) honours it: a
    # masked step keeps h and c and repeats the previous output (zeros with zero_output_for_mask).
    # tf-keras refuses a mask into TimeDistributed(Reshape), so these are Keras 3 only.
    def masked_sets(flat_shape):
        tag = "x".join(map(str, flat_shape))
        r = {}
        for label, batch, scale in [("b3_masked", 3, 0.5), ("b4_masked_large", 4, 5.0)]:
            key = f"masked{tag}_{label}"
            if key not in ctx.I.arrays:
                x = (ctx.I.rng_for(key).standard_normal((batch,) + tuple(flat_shape)) * scale).astype("float32")
                x[0, 2:] = 0.0  # trailing steps masked
                x[1, 1] = 0.0  # a middle step
                x[2, 0] = 0.0  # the first step
                if batch > 3:
                    x[3, -1] = 0.0  # the last step
                ctx.I.add(key, x, note="steps of all zeros (masked by Masking(0.0)): sample 0 from step 2 on, "
                                       "sample 1 step 1, sample 2 step 0, sample 3 the last step")
            r[label] = {"input_0": key}
        return r

    def masked(flat_shape, frame, make, masking=True):
        def build(fw):
            K = gf.FW[fw]
            inp = K.Input(shape=flat_shape, name="input_0")
            t = K.layers.Masking(0.0)(inp) if masking else inp
            t = K.layers.TimeDistributed(K.layers.Reshape(frame))(t)
            return K.Model(inp, make(K.layers)(t))
        return build

    for name, flat, frame, make, notes in [
        ("convlstm2d_masked_k3", (4, 50), (5, 5, 2),
         lambda L: L.ConvLSTM2D(3, 3, padding="same", return_sequences=True),
         "Masking -> TimeDistributed(Reshape((5, 5, 2))) -> ConvLSTM2D(3, 3, same, return_sequences)"),
        ("convlstm2d_masked_zero_back_state_k3", (4, 50), (5, 5, 2),
         lambda L: L.ConvLSTM2D(3, 3, padding="same", return_sequences=True, return_state=True, go_backwards=True,
                                zero_output_for_mask=True),
         "Masking -> TimeDistributed(Reshape) -> ConvLSTM2D(3, 3, same, return_sequences, return_state, "
         "go_backwards, zero_output_for_mask)"),
        ("convlstm1d_masked_last_zero_k3", (4, 21), (7, 3),
         lambda L: L.ConvLSTM1D(4, 3, zero_output_for_mask=True, return_state=True),
         "Masking -> TimeDistributed(Reshape((7, 3))) -> ConvLSTM1D(4, 3, zero_output_for_mask, return_state): the "
         "output is zero where the last step is masked, the states are not"),
        ("convlstm3d_masked_cf_k3", (4, 48), (2, 2, 3, 4),
         lambda L: L.ConvLSTM3D(2, 2, padding="same", data_format="channels_first", return_sequences=True),
         "Masking -> TimeDistributed(Reshape((2, 2, 3, 4))) -> ConvLSTM3D(2, 2, same, channels_first, "
         "return_sequences)"),
    ]:
        runner = Runner()
        sets = masked_sets(flat)
        models = process(ctx, name, masked(flat, frame, make), sets, producers=("k3",), notes=notes,
                         summary=False, runner=runner,
                         extra={"why_not_k2": "tf-keras refuses a mask into TimeDistributed(Reshape); no (batch, "
                                              "time) mask reaches its ConvLSTM"})
        if name in ctx.manifest["models"]:
            ctx.manifest["models"][name]["expected_via"] = runner.via
        if models and "k3" in models:
            # How far the outputs move without the Masking layer (same weights): masks that changed nothing
            # would make these fixtures prove nothing.
            plain = masked(flat, frame, make, masking=False)("k3")
            plain.set_weights(models["k3"].get_weights())
            diff = 0.0
            for label in sets.values():
                x = ctx.I.arrays[label["input_0"]]
                a = runner(models["k3"], "k3", {"input_0": x})
                b = runner(plain, "k3", {"input_0": x})
                diff = max(diff, max(float(np.max(np.abs(np.asarray(p) - np.asarray(q)))) for p, q in zip(a, b)))
            ctx.manifest["models"][name]["unmasked_max_abs_diff"] = diff
            log(f"  [{name}] unmasked max abs diff {diff:.3e}")


SECTIONS = {
    "conv2d": section_conv2d,
    "depthwise": section_depthwise,
    "transposed": section_transposed,
    "conv3d": section_conv3d,
    "conv3d_transpose": section_conv3d_transpose,
    "chain": section_chain,
    "convlstm": section_convlstm,
}


def expected_via_xla(manifest):
    return {"expected_via_xla": {n: m["expected_via"] for n, m in manifest["models"].items()
                                 if any(v != "eager" for v in m.get("expected_via", {}).values())}}


def main():
    gs.run_sections(__doc__, "generate_conv_fixtures.py", DEFAULT_OUT, SECTIONS, {
        "seeds": {
            "global": GLOBAL_SEED,
            "inputs": gs.INPUT_SEED,
            "inputs_per_key": "numpy default_rng([inputs, crc32(input_key)])",
            "weights_base": WEIGHT_SEED_BASE,
            "weights_per_model": "weights_base + crc32(model_name) % 100000 (models.<name>.weight_seed)",
        },
        "weight_init": {
            "kernel/depthwise_kernel/pointwise_kernel": "uniform(-sqrt(6/(fan_in+fan_out)), +...), fan_in = "
                                                        "prod(shape[:-2])*shape[-2], fan_out = prod(shape[:-2])*shape[-1]",
            "bias": "normal(0, 0.3)",
            "lora_*": "normal(0, 0.3)",
            "note": "weights set in tf-keras (numpy default_rng(weight_seed), in model.weights order) and copied "
                    "to Keras 3 with get_weights/set_weights; Keras-3-only models are randomised in Keras 3",
        },
        "notes": [
            "Expected outputs: model(x, training=False) as float32 (expected_<fw>_<input_label>_0.npy); k2_* "
            "formats compare against expected_k2_*, k3_* formats against expected_k3_*.",
            "Where TensorFlow's eager CPU kernels refuse a channels_first convolution (NHWC only), the expected "
            "output is the same call compiled by XLA: models.<name>.expected_via.",
            "Input labels: b1 = batch 1, b3 = batch 3 (normal * 0.5), b3_large = batch 3 (normal * 5).",
        ],
    }, default_sections=[s for s in SECTIONS if s != "convlstm"],
       sections_help="default: all but convlstm (which goes to fixtures_convlstm: --sections convlstm --out ...)",
       summary_extra=expected_via_xla)


if __name__ == "__main__":
    main()
