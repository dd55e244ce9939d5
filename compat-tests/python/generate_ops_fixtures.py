#!/usr/bin/env python3
"""Generate TensorFlow ground-truth fixtures for operations recorded in Functional graphs.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_ops_fixtures.py [--out DIR] [--only a,b]

Default output directory: compat-tests/src/test/resources/fixtures_ops.

Keras 3 saves `keras.ops` calls on symbolic tensors (`x + y`, `ops.mean(x, axis=1)`, `x[:, -1]`)
as op nodes; tf-keras saves TensorFlow calls as `TFOpLambda` layers and slicing as
`SlicingOpLambda`. Each model here is written once per API, computing the same thing the way a user
of that API writes it (`keras.ops` / `keras.activations` in Keras 3, `tf.*` / `tf_keras.activations`
in tf-keras), and saved in every format each Keras writes. The merge-layer models check Keras'
broadcasting in `Add`, `Multiply`, … (squeeze-excite blocks). `mnv3_ops` and `convnext_ops` use
exactly the op patterns of keras.applications' MobileNetV3 (hard sigmoid as `ReLU(6.)(x + 3.0) *
(1/6)`, squeeze-excite `Multiply`) and ConvNeXt (nested `Sequential`, residual `inputs + x`) in both
Keras versions, on Dense layers instead of convolutions. Every expected value is TensorFlow's
`model(x, training=False)`.

The per-model pipeline (weights, formats, reload checks, manifest) is
generate_semantics_fixtures.process.
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
import tf_keras  # noqa: E402
import keras  # noqa: E402
from keras import ops  # noqa: E402

SCRIPT_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures_ops"

B = 3


def log(*a):
    print(*a, flush=True)


def two_inputs(I, shape, prefix, scales=(("small", 0.7), ("large", 4.0))):
    sets = {}
    for label, scale in scales:
        sets[label] = {"x": I.normal(f"{prefix}_x_{label}", (B,) + shape, scale),
                       "y": I.normal(f"{prefix}_y_{label}", (B,) + shape, scale)}
    sets["batch1"] = {"x": I.normal(f"{prefix}_x_b1", (1,) + shape, 1.0),
                      "y": I.normal(f"{prefix}_y_b1", (1,) + shape, 1.0)}
    return sets


def one_input(I, shape, prefix, scales=(("small", 0.7), ("large", 4.0))):
    sets = {label: {"x": I.normal(f"{prefix}_{label}", (B,) + shape, scale)} for label, scale in scales}
    sets["batch1"] = {"x": I.normal(f"{prefix}_b1", (1,) + shape, 1.0)}
    return sets


def functional(fw, shapes, body):
    """Inputs named x (and y), Dense(3) on each so that the model has weights, then body(fw, a, b)."""
    K = FW[fw]
    ins = [K.Input(shape=s, name=n) for n, s in zip(("x", "y"), shapes)]
    feats = [K.layers.Dense(s[-1], name=f"dense_{n}")(t) for n, s, t in zip(("x", "y"), shapes, ins)]
    outs = body(fw, *feats)
    return K.Model(ins, outs)


FW = gf.FW
BIAS = np.array([0.5, -1.0, 2.0], dtype=np.float32)


def elementwise(fw, a, b):
    if fw == "k3":
        return [
            a + b, a * 2.0, 1.0 - a, a / (ops.abs(b) + 1.0), a ** 2, -a, ops.sqrt(ops.abs(a)), ops.square(a),
            ops.exp(a), ops.log(ops.abs(a) + 1.0), ops.maximum(a, b), ops.minimum(a, 0.5),
            ops.clip(a, -0.5, 0.5), ops.where(a > 0, a, b), ops.cast(a > b, "float32"),
            ops.cast(ops.logical_and(a > 0, b < 0), "float32"), a + BIAS,
            a * ops.mean(a, axis=-1, keepdims=True), a // 0.5, a % 0.7, ops.tanh(a), ops.sign(a),
            ops.floor(a), ops.round(a * 3.0), ops.not_equal(a, b), ops.cast(a, "int32"),
        ]
    return [
        a + b, a * 2.0, 1.0 - a, a / (tf.abs(b) + 1.0), a ** 2, -a, tf.sqrt(tf.abs(a)), tf.square(a),
        tf.exp(a), tf.math.log(tf.abs(a) + 1.0), tf.maximum(a, b), tf.minimum(a, 0.5),
        tf.clip_by_value(a, -0.5, 0.5), tf.where(a > 0, a, b), tf.cast(a > b, tf.float32),
        tf.cast(tf.logical_and(a > 0, b < 0), tf.float32), a + BIAS,
        a * tf.reduce_mean(a, axis=-1, keepdims=True), a // 0.5, a % 0.7, tf.tanh(a), tf.sign(a),
        tf.floor(a), tf.round(a * 3.0), tf.cast(tf.not_equal(a, b), tf.float32), tf.cast(a, tf.int32),
    ]


def reductions(fw, a, b):
    if fw == "k3":
        return [
            ops.mean(a, axis=1), ops.sum(a, axis=-1, keepdims=True), ops.max(a, axis=(1, 2), keepdims=True),
            ops.min(a, axis=1), ops.prod(a, axis=-1), ops.cast(ops.any(a > 1.0, axis=1), "float32"),
            ops.cast(ops.all(a > -1.0, axis=-1), "float32"), ops.var(a, axis=1), ops.std(a, axis=-1),
            ops.logsumexp(a, axis=-1), ops.cast(ops.argmax(a, axis=-1), "float32"), ops.mean(a),
        ]
    return [
        tf.reduce_mean(a, axis=1), tf.reduce_sum(a, axis=-1, keepdims=True),
        tf.reduce_max(a, axis=[1, 2], keepdims=True), tf.reduce_min(a, axis=1), tf.reduce_prod(a, axis=-1),
        tf.cast(tf.reduce_any(a > 1.0, axis=1), tf.float32), tf.cast(tf.reduce_all(a > -1.0, axis=-1), tf.float32),
        tf.math.reduce_variance(a, axis=1), tf.math.reduce_std(a, axis=-1), tf.reduce_logsumexp(a, axis=-1),
        tf.cast(tf.argmax(a, axis=-1), tf.float32), tf.reduce_mean(a),
    ]


def shapes(fw, a, b):
    if fw == "k3":
        e = ops.expand_dims(a, -1)
        return [
            ops.transpose(a, (0, 2, 1)), ops.reshape(a, (-1, 12)), e, ops.squeeze(e, -1), a[:, -1], a[..., :2],
            a[:, None, 1:3, ::2], a[:, ::-1], a[0], a[:, -3:-1, 1],
            ops.concatenate([a[:, -1], b[:, 0]], axis=-1), ops.stack([a, b], axis=1), ops.swapaxes(a, 1, 2),
        ]
    e = tf.expand_dims(a, -1)
    return [
        tf.transpose(a, (0, 2, 1)), tf.reshape(a, (-1, 12)), e, tf.squeeze(e, -1), a[:, -1], a[..., :2],
        a[:, tf.newaxis, 1:3, ::2], a[:, ::-1], a[0], a[:, -3:-1, 1],
        tf.concat([a[:, -1], b[:, 0]], axis=-1), tf.stack([a, b], axis=1), tf.transpose(a, (0, 2, 1)),
    ]


def products(fw, a, b):
    if fw == "k3":
        return [
            ops.matmul(a, ops.transpose(b, (0, 2, 1))), ops.einsum("bij,bkj->bik", a, b),
            ops.matmul(a, b[:, 0, :, None]), ops.einsum("bij->bj", a), ops.einsum("bij,bik->bjk", a, b),
        ]
    # tf-keras does not record tf.einsum's operands (tf-keras cannot reload it): matmul flags instead.
    return [
        tf.matmul(a, tf.transpose(b, (0, 2, 1))), tf.matmul(a, b, transpose_b=True),
        tf.matmul(a, b[:, 0, :, tf.newaxis]), tf.reduce_sum(a, axis=1), tf.matmul(a, b, transpose_a=True),
    ]


def activations(fw, a, b):
    if fw == "k3":
        A = keras.activations
        return [
            A.relu(a), A.sigmoid(a), A.tanh(a), A.softmax(a, axis=-1), A.softmax(a, axis=1), A.log_softmax(a),
            # keras.activations.hard_silu and mish run backend code directly and refuse symbolic tensors.
            A.gelu(a), A.gelu(a, approximate=True), A.silu(a), A.hard_sigmoid(a), ops.hard_silu(a), A.elu(a),
            A.selu(a), A.softplus(a), A.softsign(a), A.leaky_relu(a), A.relu6(a), a * ops.tanh(ops.softplus(a)),
            ops.leaky_relu(a, negative_slope=0.1), ops.elu(a, alpha=0.5),
        ]
    A = tf_keras.activations
    return [
        A.relu(a), A.sigmoid(a), A.tanh(a), A.softmax(a, axis=-1), A.softmax(a, axis=1), tf.nn.log_softmax(a),
        A.gelu(a), A.gelu(a, approximate=True), A.swish(a), A.hard_sigmoid(a), tf.nn.relu6(a + 3.0) / 6.0 * a,
        A.elu(a), A.selu(a), A.softplus(a), A.softsign(a), tf.nn.leaky_relu(a), A.relu(a, max_value=6.0),
        A.mish(a), tf.nn.leaky_relu(a, alpha=0.1), tf.nn.elu(a),
    ]


def fills_and_slices(fw, a, b):
    """Shape-like and slicing ops Transformer code writes: ones/zeros/full_like, flips, explicit slices,
    averages, a cast's dtype on a fill."""
    if fw == "k3":
        return [
            ops.ones_like(a), ops.zeros_like(b), ops.full_like(a, 2.5), ops.convert_to_tensor(b) * a,
            ops.flip(a, axis=1), ops.flip(a), ops.slice(a, (0, 1, 0), (1, 2, 3)), ops.average(a, axis=1),
            ops.cast(ops.full_like(a, 2.7, dtype="int32"), "float32"), ops.stop_gradient(a) * b,
        ]
    return [
        tf.ones_like(a), tf.zeros_like(b), tf.ones_like(a) * 2.5, tf.math.multiply_no_nan(a, tf.nn.relu(b)),
        tf.reverse(a, [1]), tf.reverse(a, [0, 1, 2]), tf.slice(a, [0, 1, 0], [1, 2, 3]), tf.reduce_mean(a, axis=1),
        tf.cast(tf.ones_like(a, dtype=tf.int32) * 2, tf.float32), tf.stop_gradient(a) * b,
    ]


def tiles_scans_bands(fw, a, b):
    """Ops of attention and embedding code: tile/repeat, running sums and products, causal bands
    (triu/tril; tf-keras: band_part), one_hot of an argmax, L2 normalization."""
    if fw == "k3":
        return [
            ops.tile(a, (1, 2, 1)), ops.tile(a, (2,)), ops.repeat(a, 2, axis=1), ops.repeat(b, 3, axis=-1),
            ops.cumsum(a, axis=1), ops.cumprod(a, axis=-1), ops.cumsum(b, axis=-1), ops.triu(a), ops.tril(a, -1),
            ops.triu(b, 1), ops.one_hot(ops.argmax(a, axis=-1), 3), ops.normalize(a), ops.normalize(a, axis=1),
        ]
    return [
        tf.tile(a, [1, 2, 1]), tf.tile(a, [1, 1, 2]), tf.repeat(a, 2, axis=1), tf.repeat(b, 3, axis=-1),
        tf.math.cumsum(a, axis=1), tf.math.cumprod(a, axis=-1), tf.math.cumsum(b, axis=-1, exclusive=True, reverse=True),
        tf.linalg.band_part(a, 0, -1), tf.linalg.band_part(a, 1, 0), tf.linalg.band_part(b, -1, 1),
        tf.one_hot(tf.argmax(a, axis=-1), 3), tf.math.l2_normalize(a, axis=-1), tf.math.l2_normalize(a, axis=1),
    ]


def gathers_and_pads(fw, a, b):
    """Selection by constant indices (take / tf.gather; Keras 3 wraps negative indices) and constant
    padding (pad / tf.pad), the batch axis included."""
    if fw == "k3":
        return [
            ops.take(a, [0, 2], axis=1), ops.take(b, [[2, -1], [1, 1]], axis=-1), ops.pad(a, ((0, 0), (1, 2), (0, 1))),
            ops.pad(b, ((1, 0), (0, 0), (2, 2)), constant_values=1.5),
        ]
    return [
        tf.gather(a, [0, 2], axis=1), tf.gather(b, [[2, 2], [1, 1]], axis=-1), tf.pad(a, [[0, 0], [1, 2], [0, 1]]),
        tf.pad(b, [[1, 0], [0, 0], [2, 2]], constant_values=1.5),
    ]


def several_outputs(fw, a, b):
    """Ops with several outputs, later nodes reading output i (Keras 3: keras_history [op, 0, i]; tf-keras:
    inbound [op, 0, i]): split into sections / at indices / sizes with -1, array_split, hsplit, vsplit,
    dsplit, unstack, moments (tf-keras: tf.nn.moments, which records its reduce_mean /
    squared_difference parts), top_k values and indices (ties in rounded values)."""
    if fw == "k3":
        s = ops.split(a, 3, axis=-1)
        c = ops.split(a, [1, 3], axis=1)
        u = ops.unstack(a, axis=1)
        m, v = ops.moments(a, axes=[-1], keepdims=True)
        m2, v2 = ops.moments(b, axes=[0, 1])
        tv, ti = ops.top_k(a, 2)
        rv, ri = ops.top_k(ops.round(b), 4)
        q = ops.array_split(a, 4, axis=-1)
        h = ops.hsplit(a, 2)
        d = ops.dsplit(ops.reshape(b, (-1, 4, 2, 3)), [1])
        return [
            s[0] + s[2], s[1], c[0], c[1], c[2], u[3] * u[0], m, v, m2, v2, tv, ops.cast(ti, "float32"),
            rv, ops.cast(ri, "float32"), q[0], q[3], h[1], ops.vsplit(a, 1)[0], d[0], d[1],
        ]
    s = tf.split(a, 3, axis=-1)
    c = tf.split(a, [1, -1, 1], axis=1)
    u = tf.unstack(a, axis=1)
    m, v = tf.nn.moments(a, axes=[-1], keepdims=True)
    m2, v2 = tf.nn.moments(b, axes=[0, 1])
    t = tf.math.top_k(a, 2)
    r = tf.math.top_k(tf.round(b), k=4)
    q = tf.split(a, [2, 2, 1, 1], axis=-1)
    h = tf.split(a, 2, axis=1)
    d = tf.split(tf.reshape(b, (-1, 4, 2, 3)), [1, 1], axis=2)
    return [
        s[0] + s[2], s[1], c[0], c[1], c[2], u[3] * u[0], m, v, m2, v2, t.values, tf.cast(t.indices, tf.float32),
        r.values, tf.cast(r.indices, tf.float32), q[0], q[3], h[1], tf.unstack(a, num=4, axis=1)[2], d[0], d[1],
    ]


LARGE_NEG = np.float32(3.38953e38 * -0.7)
ATT_BIAS = np.linspace(-1.0, 1.0, 16, dtype=np.float32).reshape(1, 1, 4, 4)
ATT_MASK = np.array([[0, 0, 0, 0], [1, 1, 0, 0], [1, 0, 1, 1], [1, 1, 1, 1]], dtype=bool)  # row 0 fully masked
CAUSAL = np.tril(np.ones((4, 4), dtype=bool))


def k2_attention(q, k, v, bias=None, mask=None, scale=None, groups=1):
    """Keras 3's TensorFlow dot_product_attention written with the tf functions tf-keras records."""
    if groups > 1:
        k = tf.repeat(k, groups, axis=2)
        v = tf.repeat(v, groups, axis=2)
    qt, kt, vt = (tf.transpose(t, (0, 2, 1, 3)) for t in (q, k, v))
    scale = scale if scale is not None else float(1.0 / np.sqrt(np.float32(q.shape[-1])))
    logits = tf.matmul(qt, kt, transpose_b=True) * scale
    if bias is not None:
        logits = logits + bias
    if mask is not None:
        logits = tf.where(mask, logits, LARGE_NEG)
    return tf.transpose(tf.matmul(tf.nn.softmax(logits, axis=-1), vt), (0, 2, 1, 3))


def attention(fw, a, b):
    """ops.nn.dot_product_attention as the TensorFlow backend computes it (tf-keras: the same math in tf
    functions): plain, causal, a constant bias with a scale, a constant (T, S) mask with a fully masked row,
    a mask computed by the graph, grouped key/value heads (4 query heads on 2)."""
    if fw == "k3":
        q = ops.reshape(a, (-1, 4, 2, 4))
        k = ops.reshape(b, (-1, 4, 2, 4))
        v = ops.reshape(ops.tanh(b), (-1, 4, 2, 4))
        m = ops.expand_dims(b[..., :4] > 0.0, 1)
        q4 = ops.reshape(a, (-1, 4, 4, 2))
        k2 = ops.reshape(b[..., :4], (-1, 4, 2, 2))
        v2 = ops.reshape(a[..., 4:], (-1, 4, 2, 2))
        dpa = ops.dot_product_attention
        return [
            dpa(q, k, v), dpa(q, k, v, is_causal=True), dpa(q, k, v, bias=ATT_BIAS, scale=0.3),
            dpa(q, k, v, mask=ATT_MASK), dpa(q, k, v, mask=m), dpa(q4, k2, v2),
            dpa(q, k, v, bias=ATT_BIAS, mask=ATT_MASK, is_causal=True),
        ]
    q = tf.reshape(a, (-1, 4, 2, 4))
    k = tf.reshape(b, (-1, 4, 2, 4))
    v = tf.reshape(tf.tanh(b), (-1, 4, 2, 4))
    m = tf.expand_dims(b[..., :4] > 0.0, 1)
    q4 = tf.reshape(a, (-1, 4, 4, 2))
    k2 = tf.reshape(b[..., :4], (-1, 4, 2, 2))
    v2 = tf.reshape(a[..., 4:], (-1, 4, 2, 2))
    return [
        k2_attention(q, k, v), k2_attention(q, k, v, mask=CAUSAL), k2_attention(q, k, v, bias=ATT_BIAS, scale=0.3),
        k2_attention(q, k, v, mask=ATT_MASK), k2_attention(q, k, v, mask=m), k2_attention(q4, k2, v2, groups=2),
        k2_attention(q, k, v, bias=ATT_BIAS, mask=ATT_MASK & CAUSAL),
    ]


G6 = np.linspace(0.5, 1.5, 6, dtype=np.float32)
B6 = np.linspace(-0.3, 0.3, 6, dtype=np.float32)
G46 = np.linspace(0.2, 2.0, 24, dtype=np.float32).reshape(4, 6)


def norms_and_space(fw, a, b):
    """layer_normalization / rms_normalization ops (default epsilon, constant gamma/beta/scale, several axes
    with gamma laid over them, a gamma tensor; tf-keras: the same math in tf functions), depth_to_space /
    space_to_depth (channels_last; Keras 3 channels_first; tf-keras: tf.nn, transposed), multi_hot of int
    ids of rank 2 and 3 (ids beyond num_classes give no class)."""
    if fw == "k3":
        ids = ops.cast(ops.floor(ops.abs(a) * 2.0), "int32")
        return [
            ops.layer_normalization(a), ops.layer_normalization(a, gamma=G6, beta=B6, epsilon=1e-5),
            ops.layer_normalization(a, gamma=G46, axis=[1, 2]), ops.layer_normalization(a, gamma=b),
            ops.rms_normalization(a), ops.rms_normalization(a, scale=G6, epsilon=1e-5),
            ops.rms_normalization(a, axis=[1, 2]),
            ops.depth_to_space(ops.reshape(a, (-1, 2, 3, 4)), 2),
            ops.space_to_depth(ops.reshape(b, (-1, 4, 6, 1)), 2),
            ops.depth_to_space(ops.reshape(a, (-1, 4, 2, 3)), 2, data_format="channels_first"),
            ops.multi_hot(ids, 5), ops.multi_hot(ids[:, 0], 5),
        ]

    def ln(x, axes, eps):
        m, v = tf.nn.moments(x, axes, keepdims=True)
        return (x - m) * tf.math.rsqrt(v + eps)

    def rms(x, axes, eps):
        return x * tf.math.rsqrt(tf.reduce_mean(tf.square(x), axis=axes, keepdims=True) + eps)

    ids = tf.cast(tf.floor(tf.abs(a) * 2.0), tf.int32)
    return [
        ln(a, [-1], 1e-7), ln(a, [-1], 1e-5) * G6 + B6, ln(a, [1, 2], 1e-7) * G46, ln(a, [-1], 1e-7) * b,
        rms(a, [-1], 1e-7), rms(a, [-1], 1e-5) * G6, rms(a, [1, 2], 1e-7),
        tf.nn.depth_to_space(tf.reshape(a, (-1, 2, 3, 4)), 2),
        tf.nn.space_to_depth(tf.reshape(b, (-1, 4, 6, 1)), 2),
        tf.transpose(tf.nn.depth_to_space(tf.transpose(tf.reshape(a, (-1, 4, 2, 3)), (0, 2, 3, 1)), 2), (0, 3, 1, 2)),
        tf.reduce_max(tf.one_hot(ids, 5), axis=1), tf.reduce_max(tf.one_hot(ids[:, 0], 5), axis=1),
    ]


def numpy_math(fw, a, b):
    """NumPy-style element-wise functions as Keras' TensorFlow backend computes them (tf-keras: tf.math's
    counterparts where TensorFlow has one, the same math in tf functions otherwise): inverse and
    hyperbolic trigonometry, exp2, cbrt, hypot, logaddexp, heaviside (at 0 too), deg2rad/rad2deg, signbit
    (-0.0 from rounding), sinc (at 0 too), nan_to_num of NaN and -inf (defaults and given values), fmod."""
    if fw == "k3":
        r = ops.round(a)
        return [
            ops.arccos(ops.tanh(a) * 0.9), ops.arccosh(ops.abs(a) + 1.0), ops.arcsin(ops.tanh(a) * 0.9), ops.arcsinh(a),
            ops.arctan(a), ops.arctan2(a, b), ops.arctanh(ops.tanh(a) * 0.9), ops.cosh(a), ops.sinh(a),
            ops.exp2(a), ops.cbrt(a), ops.hypot(a, b), ops.logaddexp(a, b), ops.heaviside(r, b),
            ops.heaviside(a, ops.ones_like(a) * 0.5), ops.deg2rad(a), ops.rad2deg(a), ops.cast(ops.signbit(r * 0.5), "float32"),
            ops.sinc(ops.round(a * 2.0) / 2.0), ops.nan_to_num(ops.log(ops.relu(a))),
            ops.nan_to_num(ops.log(a), nan=1.5, posinf=2.0, neginf=-3.0), ops.fmod(a, 0.7), ops.fmod(a, b),
        ]
    r = tf.round(a)
    big = np.float32(3.4028235e38)
    lr = tf.math.log(tf.nn.relu(a))
    la = tf.math.log(a)
    return [
        tf.math.acos(tf.tanh(a) * 0.9), tf.math.acosh(tf.abs(a) + 1.0), tf.math.asin(tf.tanh(a) * 0.9), tf.math.asinh(a),
        tf.math.atan(a), tf.math.atan2(a, b), tf.math.atanh(tf.tanh(a) * 0.9), tf.math.cosh(a), tf.math.sinh(a),
        tf.pow(2.0, a), tf.sign(a) * tf.pow(tf.abs(a), 1.0 / 3.0), tf.sqrt(a * a + b * b),
        tf.reduce_logsumexp(tf.stack([a, b], axis=0), axis=0), tf.where(r < 0, 0.0, tf.where(r > 0, 1.0, b)),
        tf.where(a < 0, 0.0, tf.where(a > 0, 1.0, 0.5)), a * np.float32(np.pi / 180), a * np.float32(180 / np.pi),
        tf.cast(r * 0.5 < 0, tf.float32), tf.sin(a) * 0.0 + 1.0,
        tf.where(tf.math.is_nan(lr), 0.0, tf.where(tf.math.is_inf(lr), tf.sign(lr) * big, lr)),
        tf.where(tf.math.is_nan(la), 1.5, tf.where(tf.math.is_inf(la), tf.where(la > 0, 2.0, -3.0), la)),
        tf.truncatemod(a, 0.7), tf.truncatemod(a, b),
    ]


def numpy_shape(fw, a, b):
    """NumPy-style structural ops: sort / argsort (ties among rounded values; tf-keras: descending too),
    roll (one axis, the flattened tensor with the batch axis, several axes), moveaxis, ravel, hstack /
    vstack / dstack (rank 2 and 3), append, diff (n = 1, 2), count_nonzero, broadcast_to, diagonal, trace, outer, vdot, isclose, take_along_axis (indices from the graph, broadcast, negative), dot / inner / tensordot of
    graph tensors (the second without the batch axis) (tf-keras: sort, argsort, roll, broadcast_to, count_nonzero, linalg.trace,
    linalg.diag_part, tensordot)."""
    if fw == "k3":
        f32 = "float32"
        return [
            ops.sort(a), ops.sort(a, axis=1), ops.cast(ops.argsort(ops.round(a)), f32),
            ops.cast(ops.argsort(a, axis=1), f32), ops.roll(a, 1, axis=1), ops.roll(a, -2),
            ops.roll(a, (1, 2), axis=(1, 2)), ops.moveaxis(a, 1, -1),
            ops.moveaxis(ops.expand_dims(a, -1), [1, 2], [3, 1]), ops.ravel(a), ops.hstack([a, b]),
            ops.vstack([a, b]), ops.dstack([a[:, 0], b[:, 1]]), ops.dstack([a, b]), ops.append(a, b, axis=1),
            ops.diff(a), ops.diff(a, n=2, axis=1), ops.cast(ops.count_nonzero(ops.relu(a), axis=1), f32),
            ops.cast(ops.count_nonzero(ops.relu(b)), f32), ops.dot(a, ops.transpose(b[0])),
            ops.inner(a, b[0]), ops.tensordot(a, b[0], axes=[[1, 2], [0, 1]]), ops.tensordot(a, b[0], axes=2),
            ops.tensordot(a, b[0], axes=[[2], [1]]),
            ops.dot(a, b[0, 0]), ops.broadcast_to(a[0, :, :1], (2, 4, 3)), ops.broadcast_to(b[0, 0], (4, 3)),
            ops.diagonal(a), ops.diagonal(a, offset=1, axis1=1, axis2=2), ops.diagonal(a, offset=-1, axis1=2, axis2=1),
            ops.trace(a, axis1=1, axis2=2), ops.trace(a, offset=-2, axis1=-1, axis2=-2), ops.outer(a[0, 0], b),
            ops.vdot(a, b), ops.cast(ops.isclose(a, ops.round(a * 4.0) / 4.0, atol=0.05), "float32"),
            ops.cast(ops.isclose(a, b, rtol=0.5, atol=0.1), "float32"),
            ops.cast(ops.isclose(ops.log(a), ops.log(a), equal_nan=True), "float32"),
            ops.take_along_axis(a, ops.argsort(b, axis=1), axis=1),
            ops.take_along_axis(a, ops.expand_dims(ops.argmax(b, axis=-1), -1), axis=-1),
            ops.take_along_axis(a, np.array([[[2], [-1], [0], [1]]]), axis=2),
        ]
    f32 = tf.float32
    return [
        tf.sort(a), tf.sort(a, axis=1), tf.cast(tf.argsort(tf.round(a)), f32), tf.cast(tf.argsort(a, axis=1), f32),
        tf.roll(a, 1, axis=1), tf.roll(a, -2, axis=0), tf.roll(a, [1, 2], axis=[1, 2]),
        tf.sort(a, direction="DESCENDING"), tf.cast(tf.argsort(tf.round(a), direction="DESCENDING", stable=True), f32),
        tf.roll(a, shift=[1, -3], axis=[1, 1]), tf.broadcast_to(b[0, 0], (4, 3)), tf.cast(tf.math.count_nonzero(tf.nn.relu(a), axis=1), tf.float32),
        tf.cast(tf.math.count_nonzero(tf.nn.relu(b), axis=-1, keepdims=True), tf.float32), tf.linalg.trace(a),
        tf.linalg.diag_part(a), tf.linalg.diag_part(a, k=1), tf.linalg.diag_part(a, k=-2),
        tf.tensordot(a, b[0], axes=[[1, 2], [0, 1]]), tf.tensordot(a, b[0], axes=2),
        tf.tensordot(a, b[0], axes=[[2], [1]]),
    ]


def merge_broadcast(fw):
    """Merge layers on inputs of different shapes, as Keras broadcasts them (base_merge.py)."""
    K = FW[fw]
    L = K.layers
    x = K.Input(shape=(4, 4, 6), name="x")
    s = K.Input(shape=(6,), name="s")
    h = L.Dense(6, name="dense_x")(x)
    g = L.Dense(6, name="dense_s")(s)
    t = L.Reshape((1, 1, 6))(g)
    u = L.Reshape((4, 1, 1))(L.Dense(4, name="dense_u")(s))
    return K.Model([x, s], [
        L.Multiply()([h, t]),           # squeeze-excite: (b, h, w, c) * (b, 1, 1, c)
        L.Multiply()([h, g]),           # lower rank: Keras inserts axes after the batch axis
        L.Add()([h, u]),
        L.Subtract()([h, t]),
        L.Average()([h, t, h]),
        L.Maximum()([h, t]),
        L.Minimum()([t, h]),
        L.Add()([t, u]),                # (b, 1, 1, c) + (b, h, 1, 1) -> (b, h, 1, c)
    ])


def mnv3_ops(fw):
    """MobileNetV3's op patterns: hard_sigmoid = ReLU(6.)(x + 3.0) * (1/6), hard_swish (Keras 3: the
    Activation layer; tf-keras: Multiply()([x, hard_sigmoid(x)])) and the squeeze-excite Multiply, on Dense
    layers in place of the convolutions and GlobalAveragePooling1D in place of the 2-D pooling."""
    K = FW[fw]
    L = K.layers

    def hard_sigmoid(v):
        return L.ReLU(6.0)(v + 3.0) * (1.0 / 6.0)

    def hard_swish(v):
        return L.Activation("hard_swish")(v) if fw == "k3" else L.Multiply()([v, hard_sigmoid(v)])

    x = K.Input(shape=(4, 4, 3), name="x")
    h = L.Dense(8, name="expand")(x)
    h = L.BatchNormalization(name="expand_bn")(h)
    h = hard_swish(h)
    s = L.Reshape((16, 8))(h)
    s = L.GlobalAveragePooling1D(keepdims=True)(s)
    s = L.Reshape((1, 1, 8))(s)
    s = L.Dense(4, name="se_reduce")(s)
    s = L.ReLU(name="se_relu")(s)
    s = L.Dense(8, name="se_expand")(s)
    s = hard_sigmoid(s)
    h = L.Multiply(name="se_mul")([h, s])
    h = L.Dense(8, name="project")(h)
    return K.Model(x, hard_swish(h))


def convnext_ops(fw):
    """ConvNeXt's pattern: a nested Sequential stem, a block ending in Activation('linear') and the
    residual op `inputs + x` (Keras 3: op node Add; tf-keras: TFOpLambda __operators__.add)."""
    K = FW[fw]
    L = K.layers
    x = K.Input(shape=(4, 4, 3), name="x")
    stem = K.Sequential([L.Dense(8, name="stem_dense"), L.LayerNormalization(epsilon=1e-6, name="stem_ln")],
                        name="stem")
    h = stem(x)
    y = L.Dense(16, name="pw1")(L.LayerNormalization(epsilon=1e-6, name="block_ln")(h))
    y = L.Activation("gelu", name="gelu")(y)
    y = L.Dense(8, name="pw2")(y)
    y = L.Activation("linear", name="identity")(y)
    h = h + y
    down = K.Sequential([L.LayerNormalization(epsilon=1e-6, name="down_ln"), L.Dense(4, name="down_dense")],
                        name="downsample")
    return K.Model(x, down(h))


def section(ctx):
    I = ctx.I
    two = two_inputs(I, (4, 3), "v43")
    for name, body, notes in (
        ("ops_elementwise", elementwise, "x + y, x * 2.0, 1.0 - x, division, power, negation, abs, sqrt, square, "
                                         "exp, log, maximum/minimum, clip, where, comparisons and logical ops cast "
                                         "to float32, a NumPy constant, broadcasting against a keepdims mean, floor "
                                         "division, mod, tanh, sign, floor, round, not_equal, cast to int32"),
        ("ops_reduce", reductions, "mean/sum/max/min/prod/any/all/var/std/logsumexp/argmax over axes, keepdims, "
                                   "and a mean over every axis (batch included: a scalar)"),
        ("ops_shape", shapes, "transpose, reshape (batch axis included), expand_dims/squeeze, slicing x[:, -1], "
                              "x[..., :2], x[:, None, 1:3, ::2], x[:, ::-1], x[0] (the batch axis), x[:, -3:-1, 1], "
                              "concatenate, stack, swapaxes (tf-keras: transpose)"),
        ("ops_matmul", products, "matmul with a transposed operand, einsum (tf-keras: matmul transpose_b, since "
                                 "tf-keras does not save tf.einsum's operands), a matrix-vector matmul, einsum sums"),
        ("ops_fill_slice", fills_and_slices, "ones_like, zeros_like, full_like (tf-keras: ones_like * 2.5), "
                                             "convert_to_tensor (tf-keras: multiply_no_nan), flip / tf.reverse "
                                             "on one axis and on every axis (batch included), ops.slice / tf.slice "
                                             "(batch axis included), average (tf-keras: reduce_mean), a fill with "
                                             "an int dtype, stop_gradient"),
        ("ops_tile_scan", tiles_scans_bands, "tile, repeat, cumsum/cumprod (tf-keras: exclusive and reverse "
                                             "too), triu/tril (tf-keras: linalg.band_part), one_hot of an argmax, "
                                             "normalize (tf-keras: math.l2_normalize) over one axis"),
        ("ops_gather_pad", gathers_and_pads, "take / tf.gather with constant indices of rank 1 and 2 (Keras 3: a "
                                             "negative index), constant pad / tf.pad with a value, batch axis "
                                             "padded too"),
        ("ops_activation", activations, "keras.activations / tf_keras.activations on symbolic tensors (softmax "
                                        "along two axes, gelu exact and tanh, hard_sigmoid, mish…) and activation "
                                        "ops with non-default parameters"),
    ):
        gs.process(ctx, name, lambda fw, body=body: functional(fw, [(4, 3), (4, 3)], body), two, notes=notes,
                   summary=False)
    gs.process(ctx, "ops_multi_output", lambda fw: functional(fw, [(4, 6), (4, 6)], several_outputs),
               two_inputs(I, (4, 6), "v46"), summary=False,
               notes="ops with several outputs: split (sections, indices; tf-keras: sizes with -1), array_split, "
                     "hsplit, vsplit, dsplit, unstack, moments (tf-keras: tf.nn.moments' recorded parts), top_k "
                     "values and int indices cast to float32 (ties among rounded values)")
    gs.process(ctx, "ops_attention", lambda fw: functional(fw, [(4, 8), (4, 8)], attention),
               two_inputs(I, (4, 8), "v48"), summary=False,
               notes="ops.nn.dot_product_attention (tf-keras: the TensorFlow backend's math in tf functions): "
                     "plain, is_causal, constant bias and scale, constant mask with a fully masked row, a mask "
                     "tensor, grouped key/value heads, bias + mask + causal")
    gs.process(ctx, "ops_norm_space", lambda fw: functional(fw, [(4, 6), (4, 6)], norms_and_space),
               two_inputs(I, (4, 6), "v46"), summary=False,
               notes="layer_normalization / rms_normalization ops (tf-keras: moments and rsqrt), "
                     "depth_to_space / space_to_depth (tf-keras: tf.nn), multi_hot (tf-keras: reduce_max of "
                     "one_hot)")
    gs.process(ctx, "ops_numpy_math", lambda fw: functional(fw, [(4, 3), (4, 3)], numpy_math), two, summary=False,
               notes="NumPy-style element-wise ops (arccos … arctanh, cosh, sinh, exp2, cbrt, hypot, logaddexp, "
                     "heaviside, deg2rad, rad2deg, signbit, sinc, nan_to_num, fmod; tf-keras: tf.math.acos … "
                     "atan2, truncatemod and the same math in tf functions)")
    gs.process(ctx, "ops_numpy_shape", lambda fw: functional(fw, [(4, 3), (4, 3)], numpy_shape), two,
               summary=False,
               notes="sort / argsort (tf-keras: descending, stable), roll, moveaxis, ravel, hstack / vstack / "
                     "dstack, append, diff, count_nonzero, dot / inner / tensordot (Keras 3)")
    gs.process(ctx, "merge_broadcast", merge_broadcast, {
        label: {"x": I.normal(f"mb_x_{label}", (B, 4, 4, 6), scale), "s": I.normal(f"mb_s_{label}", (B, 6), scale)}
        for label, scale in (("small", 0.7), ("large", 4.0))},
        notes="Multiply/Add/Subtract/Average/Maximum/Minimum layers on inputs of different shapes and ranks "
              "(squeeze-excite (b,h,w,c)*(b,1,1,c); (b,h,w,c)*(b,c) with Keras' axis insertion after the batch "
              "axis)", summary=False)
    img = one_input(I, (4, 4, 3), "img443", scales=(("small", 1.0), ("large", 5.0)))
    gs.process(ctx, "mnv3_ops", mnv3_ops, img, summary=False,
               notes="keras.applications MobileNetV3's op patterns (x + 3.0, * (1/6) around ReLU(6.), "
                     "hard_swish, squeeze-excite Multiply) on Dense layers")
    gs.process(ctx, "convnext_ops", convnext_ops, img, summary=False,
               notes="keras.applications ConvNeXt's op patterns (nested Sequential stem and downsampling, "
                     "residual inputs + x after Activation('linear'))")


def main():
    gs.run_sections(__doc__, "generate_ops_fixtures.py", DEFAULT_OUT, {"ops": section}, {
        "seeds": {"global": gf.GLOBAL_SEED, "inputs": gs.INPUT_SEED, "weights_base": gf.WEIGHT_SEED_BASE,
                  "inputs_per_key": "numpy default_rng([inputs, crc32(input_key)])",
                  "weights_per_model": "weights_base + crc32(model_name) % 100000"},
        "notes": [
            "Expected outputs: model(x, training=False) as float32, one file per output "
            "(expected_<fw>_<input_label>_<i>.npy); k2_* formats compare against expected_k2_*, k3_* against "
            "expected_k3_*. Integer and bool outputs are cast to float32 in the model itself.",
            "Each model is built separately in each API (keras.ops in Keras 3, tf.* in tf-keras) with the same "
            "layers; tf-keras weights are copied to Keras 3, so k2_vs_k3_max_abs_diff shows where both compute "
            "the same thing.",
            "Keras 3 writes op nodes into its legacy .h5 without their module and cannot load that file back "
            "(models.<name>.formats.k3_legacy.reload_error); the expected values are the in-memory model's.",
        ],
    })


if __name__ == "__main__":
    main()
