#!/usr/bin/env python3
"""Generate TensorFlow/Keras ground-truth fixtures for the attention family and its neighbours.

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_attention_fixtures.py [--out DIR] [--only a,b] [--sections s,t]

Default output directory: compat-tests/src/test/resources/fixtures_attention (resolved relative to
this script). Layout and manifest are those of generate_semantics_fixtures.py, whose per-model
pipeline this script reuses: each model is built in tf-keras and in Keras 3 (where the layer or option
exists), given the same seeded random weights, run with model(x, training=False) on every input set,
and saved in every format each framework writes (k2_full, k2_json, k3_json, k3_keras, k3_legacy).
Every expected value comes from running TensorFlow.

Sections: mha (MultiHeadAttention: defaults, options, masks from Embedding(mask_zero=True) and
Masking, attention_mask inputs, use_causal_mask, return_attention_scores, attention_axes), attention
(Attention, AdditiveAttention), einsum (EinsumDense), layers (Identity, UnitNormalization,
GroupNormalization, Softmax with a mask), preprocessing (CategoryEncoding, Discretization), blocks
(small Transformer-style blocks: the layers together, masks end to end), llm (Keras 3 only, tf-keras has
none of them: GroupedQueryAttention, RMSNormalization, ReversibleEmbedding and a small decoder-only
Transformer built from them).

Masked inputs use padding patterns with a fully padded position range per row and, in the label
"pad_row", a batch row that is padding only: Keras' output at padded positions (where every
attention score is masked) differs between Keras 3's fused path, its Softmax-layer path and
tf-keras, and the fixtures pin each down.
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_fixtures as gf  # noqa: E402
import generate_semantics_fixtures as gsf  # noqa: E402

import numpy as np  # noqa: E402

from generate_fixtures import FW, GLOBAL_SEED  # noqa: E402
from generate_semantics_fixtures import log, process  # noqa: E402

SCRIPT_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures_attention"

gsf.TREE_MODELS.update({"mha_self", "mha_cross_key", "attention_concat_scale", "einsum_bias_bd"})


def random_value(leaf, shape, rng):
    """Weights for the attention family: projections that keep unit variance (so that scores spread
    and the softmax is far from uniform), scalar scales around 1."""
    shape = tuple(int(s) for s in shape)
    if leaf == "kernel" and len(shape) >= 2:
        lim = np.sqrt(3.0 / shape[0])
        return rng.uniform(-lim, lim, size=shape).astype(np.float32)
    if leaf == "reverse_embeddings":  # ReversibleEmbedding(tie_weights=False): (output_dim, input_dim)
        return rng.normal(0.0, 0.5, size=shape).astype(np.float32)
    if leaf == "scale" and len(shape) >= 1 and ctx_rms[0]:
        # RMSNormalization's scale: around 1, so that a wrong axis or broadcast shows.
        return (1.0 + rng.normal(0.0, 0.3, size=shape)).astype(np.float32)
    if leaf in ("scale", "concat_score_weight"):
        if len(shape) == 0:
            return np.float32(rng.uniform(0.5, 1.5))
        return rng.normal(0.0, 0.7, size=shape).astype(np.float32)
    return gsf_random_value(leaf, shape, rng)


ctx_rms = [False]  # set in the llm section: its "scale" weights are RMSNormalization's
gsf_random_value = gsf.random_value
gsf.random_value = random_value

B3 = 3
T = 7


def seq_sets(I, prefix, feat, batches=(3, 1), lens=(7,), large=True, extra_len1=True):
    """{label: {name: key}} for one (B, T, feat) input called `name`... filled in by the caller."""
    sets = {}
    for b in batches:
        for t in lens:
            sets[f"b{b}_len{t}"] = I.normal(f"{prefix}_b{b}_len{t}", (b, t, feat), 1.0)
    if extra_len1:
        sets["b3_len1"] = I.normal(f"{prefix}_b3_len1", (3, 1, feat), 1.0)
    if large:
        sets["b3_large"] = I.normal(f"{prefix}_b3_large", (3, lens[0], feat), 2.0)
    return sets


def id_sets(I, prefix, vocab, t=T):
    """Token-id inputs (float32, 0 = padding): batch 3 with post- and pre-padding, a row of padding
    only, and batch 1."""
    rng = I.rng_for(prefix)
    ids = rng.integers(1, vocab, size=(3, t))
    out = {}
    x = ids.copy()
    x[1, 4:] = 0
    x[2, :3] = 0
    out["b3_padded"] = x
    x = ids.copy()
    x[1, :] = 0
    x[2, 5:] = 0
    out["b3_pad_row"] = x
    out["b3_unpadded"] = ids.copy()
    x = ids[:1].copy()
    x[0, 5:] = 0
    out["b1_padded"] = x
    note = "token ids as float32 (the Input's dtype); 0 = padding"
    return {lbl: I.add(f"{prefix}_{lbl}", v.astype(np.float32), note=note) for lbl, v in out.items()}


def masked_sets(I, prefix, feat, pad=0.0, t=T):
    """Float inputs with padded steps (all features == pad), as id_sets pads ids."""
    rng = I.rng_for(prefix)
    base = rng.standard_normal((3, t, feat)).astype(np.float32)
    base[base == pad] += 0.01
    out = {}
    x = base.copy()
    x[1, 4:] = pad
    x[2, :3] = pad
    out["b3_padded"] = x
    x = base.copy()
    x[1, :] = pad
    x[2, 5:] = pad
    out["b3_pad_row"] = x
    out["b3_unpadded"] = base.copy()
    x = base[:1].copy()
    x[0, 5:] = pad
    out["b1_padded"] = x
    return {lbl: I.add(f"{prefix}_{lbl}", v) for lbl, v in out.items()}


def named(sets, name):
    return {lbl: {name: k} for lbl, k in sets.items()}


def zipped(**named_sets):
    """{label: {name: key}} over the labels every named set has."""
    labels = None
    for s in named_sets.values():
        labels = list(s) if labels is None else [l for l in labels if l in s]
    return {lbl: {n: s[lbl] for n, s in named_sets.items()} for lbl in labels}


PAD_NOTES = ("Padding (id 0 / all features 0): b3_padded row1 t>=4, row2 t<3; b3_pad_row row1 all padding, row2 "
             "t>=5; b1_padded t>=5.")


# ---------------------------------------------------------------------------
# MultiHeadAttention
# ---------------------------------------------------------------------------
def section_mha(ctx):
    I = ctx.I
    x8 = seq_sets(I, "seq8", 8)
    q6 = seq_sets(I, "seq6q", 6, lens=(5,), extra_len1=False)
    v5 = seq_sets(I, "seq5v", 5, lens=(5,), extra_len1=False)
    k7 = seq_sets(I, "seq7k", 7, lens=(5,), extra_len1=False)

    def self_attention(**kw):
        call_kw = kw.pop("call", {})

        def build(fw):
            K = FW[fw]
            x = K.Input(shape=(None, 8), name="x")
            y = K.layers.MultiHeadAttention(**kw)(x, x, **call_kw)
            return K.Model(x, y)
        return build

    process(ctx, "mha_self", self_attention(num_heads=2, key_dim=4), named(x8, "x"),
            notes="Input x (None, 8) -> MultiHeadAttention(num_heads=2, key_dim=4)(x, x), defaults otherwise.")
    process(ctx, "mha_causal", self_attention(num_heads=2, key_dim=3, call={"use_causal_mask": True}),
            named(x8, "x"), notes="MultiHeadAttention(2, 3)(x, x, use_causal_mask=True): Keras 3's causal-only "
                                  "fused path.")
    process(ctx, "mha_scores", self_attention(num_heads=3, key_dim=4, call={"return_attention_scores": True}),
            named(x8, "x"), notes="MultiHeadAttention(3, 4)(x, x, return_attention_scores=True): two outputs "
                                  "(output, scores (B, heads, T, T)); Keras 3's einsum path.")
    process(ctx, "mha_causal_scores",
            self_attention(num_heads=2, key_dim=4, call={"use_causal_mask": True, "return_attention_scores": True}),
            named(x8, "x"), notes="use_causal_mask=True and return_attention_scores=True.")
    process(ctx, "mha_options",
            self_attention(num_heads=4, key_dim=3, value_dim=5, use_bias=False, output_shape=6, dropout=0.25),
            named(x8, "x"), notes="MultiHeadAttention(4, 3, value_dim=5, use_bias=False, output_shape=6, "
                                  "dropout=0.25) (dropout off at inference; it selects Keras 3's einsum path).")
    process(ctx, "mha_output_shape_2d", self_attention(num_heads=2, key_dim=4, output_shape=(2, 3)),
            named(x8, "x"), notes="output_shape=(2, 3): output (B, T, 2, 3).")

    def cross(fw):
        K = FW[fw]
        q = K.Input(shape=(5, 6), name="q")
        v = K.Input(shape=(None, 5), name="v")
        k = K.Input(shape=(None, 7), name="k")
        y = K.layers.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4)(q, v, key=k)
        return K.Model([q, v, k], y)
    process(ctx, "mha_cross_key", cross, zipped(q=q6, v=v5, k=k7),
            notes="Inputs q (5, 6), v (None, 5), k (None, 7) -> MultiHeadAttention(3, 2, value_dim=4)(q, v, key=k).")

    def explicit_mask(scores):
        def build(fw):
            K = FW[fw]
            q = K.Input(shape=(5, 6), name="q")
            v = K.Input(shape=(5, 5), name="v")
            m = K.Input(shape=(5, 5), name="m")
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=3)(q, v, attention_mask=m,
                                                                    return_attention_scores=scores)
            return K.Model([q, v, m], list(y) if scores else y)
        return build
    rng = I.rng_for("attmask")
    mk = {}
    for b in (3, 1):
        m = (rng.uniform(size=(b, 5, 5)) > 0.35).astype(np.float32)
        m[0, 2, :] = 0  # one query attends to nothing
        mk[f"b{b}_len5"] = I.add(f"attmask_b{b}", m, note="attention_mask: 1 = attend, 0 = masked; row 0 query 2 all 0")
    mk["b3_large"] = mk["b3_len5"]
    process(ctx, "mha_attention_mask", explicit_mask(False), zipped(q=q6, v=v5, m=mk),
            notes="MultiHeadAttention(2, 3)(q, v, attention_mask=m) with m an Input (B, 5, 5) of 0/1 floats; one "
                  "query of batch row 0 has every key masked.")
    process(ctx, "mha_attention_mask_scores", explicit_mask(True), zipped(q=q6, v=v5, m=mk),
            notes="mha_attention_mask with return_attention_scores=True (Keras 3's Softmax-layer path).")

    ids = id_sets(I, "mha_ids", 20)

    def embedded(causal=False, scores=False, dropout=0.0):
        def build(fw):
            K = FW[fw]
            t = K.Input(shape=(None,), name="tokens")
            x = K.layers.Embedding(20, 8, mask_zero=True)(t)
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=4, dropout=dropout)(
                x, x, use_causal_mask=causal, return_attention_scores=scores)
            return K.Model(t, list(y) if scores else y)
        return build
    process(ctx, "mha_embedding_mask", embedded(), named(ids, "tokens"),
            notes="Embedding(20, 8, mask_zero=True) -> MultiHeadAttention(2, 4)(x, x): query and value masks from "
                  "the embedding. " + PAD_NOTES)
    process(ctx, "mha_embedding_mask_causal", embedded(causal=True), named(ids, "tokens"),
            notes="mha_embedding_mask with use_causal_mask=True. " + PAD_NOTES)
    process(ctx, "mha_embedding_mask_scores", embedded(scores=True), named(ids, "tokens"),
            notes="mha_embedding_mask with return_attention_scores=True (Keras 3 zeroes masked probabilities). "
                  + PAD_NOTES)
    process(ctx, "mha_embedding_mask_dropout", embedded(dropout=0.1), named(ids, "tokens"),
            notes="mha_embedding_mask with dropout=0.1 (Keras 3's Softmax-layer path). " + PAD_NOTES)

    def robust(fw):
        K = FW[fw]
        t = K.Input(shape=(None,), name="tokens")
        x = K.layers.Embedding(20, 8, mask_zero=True)(t)
        y = K.layers.MultiHeadAttention(num_heads=2, key_dim=4, softmax_robust_masking=True)(x, x)
        return K.Model(t, y)
    process(ctx, "mha_robust_masking", robust, named(ids, "tokens"), producers=("k2",),
            extra={"why_not_k3": "softmax_robust_masking is a tf-keras option"},
            notes="tf-keras MultiHeadAttention(2, 4, softmax_robust_masking=True) on Embedding(mask_zero=True). "
                  + PAD_NOTES)

    mq = masked_sets(I, "mha_mq", 6)
    mv = masked_sets(I, "mha_mv", 5)

    def masking(fw):
        K = FW[fw]
        q = K.Input(shape=(None, 6), name="q")
        v = K.Input(shape=(None, 5), name="v")
        y = K.layers.MultiHeadAttention(num_heads=2, key_dim=3)(K.layers.Masking()(q), K.layers.Masking()(v))
        return K.Model([q, v], y)
    process(ctx, "mha_masking", masking, zipped(q=mq, v=mv),
            notes="Masking()(q), Masking()(v) -> MultiHeadAttention(2, 3)(q, v). " + PAD_NOTES)

    mk7 = masked_sets(I, "mha_mk", 7)

    def masking_key(fw):
        K = FW[fw]
        q = K.Input(shape=(None, 6), name="q")
        v = K.Input(shape=(None, 5), name="v")
        k = K.Input(shape=(None, 7), name="k")
        y = K.layers.MultiHeadAttention(num_heads=2, key_dim=3)(K.layers.Masking()(q), K.layers.Masking()(v),
                                                                key=K.layers.Masking()(k))
        return K.Model([q, v, k], y)
    process(ctx, "mha_masking_key", masking_key, zipped(q=mq, v=mv, k=mk7),
            notes="Masking()(q), Masking()(v), key=Masking()(k) -> MultiHeadAttention(2, 3): query, value and key "
                  "masks (key padded where value is not). " + PAD_NOTES)

    rng2 = I.rng_for("attmask_t")
    mk_t = {}
    for lbl, k in ids.items():
        b, t = I.get(k).shape
        m = (rng2.uniform(size=(b, t, t)) > 0.3).astype(np.float32)
        mk_t[lbl] = I.add(f"attmask_t_{lbl}", m, note="attention_mask (B, T, T): 1 = attend")

    def all_masks(scores):
        def build(fw):
            K = FW[fw]
            t = K.Input(shape=(None,), name="tokens")
            m = K.Input(shape=(None, None), name="m")
            x = K.layers.Embedding(20, 8, mask_zero=True)(t)
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=4, value_dim=3, output_shape=5)(
                x, x, attention_mask=m, use_causal_mask=True, return_attention_scores=scores)
            return K.Model([t, m], list(y) if scores else y)
        return build
    process(ctx, "mha_all_masks", all_masks(False), zipped(tokens=ids, m=mk_t),
            notes="Embedding(mask_zero) -> MultiHeadAttention(2, 4, value_dim=3, output_shape=5)(x, x, "
                  "attention_mask=m, use_causal_mask=True): padding, explicit and causal masks together. " + PAD_NOTES)
    process(ctx, "mha_all_masks_scores", all_masks(True), zipped(tokens=ids, m=mk_t),
            notes="mha_all_masks with return_attention_scores=True. " + PAD_NOTES)

    img = {"b3": I.normal("img_b3", (3, 4, 3, 6), 1.0), "b1": I.normal("img_b1", (1, 4, 3, 6), 1.0)}

    def axes(attention_axes, scores=False):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=(4, 3, 6), name="x")
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=3, attention_axes=attention_axes)(
                x, x, return_attention_scores=scores)
            return K.Model(x, list(y) if scores else y)
        return build
    process(ctx, "mha_4d_default", axes(None), named(img, "x"),
            notes="Input (4, 3, 6) -> MultiHeadAttention(2, 3)(x, x): attention over axes 1 and 2 together.")
    process(ctx, "mha_4d_axis1", axes((1,), scores=True), named(img, "x"),
            notes="Input (4, 3, 6) -> MultiHeadAttention(2, 3, attention_axes=(1,)), return_attention_scores: "
                  "axis 2 is a batch axis.")
    process(ctx, "mha_4d_axis2", axes((2,)), named(img, "x"),
            notes="Input (4, 3, 6) -> MultiHeadAttention(2, 3, attention_axes=(2,)).")


# ---------------------------------------------------------------------------
# Attention, AdditiveAttention
# ---------------------------------------------------------------------------
def section_attention(ctx):
    I = ctx.I
    q4 = seq_sets(I, "att_q4", 4, lens=(5,), extra_len1=False)
    v4 = seq_sets(I, "att_v4", 4, lens=(5,), extra_len1=False)
    k4 = seq_sets(I, "att_k4", 4, lens=(5,), extra_len1=False)

    def luong(cls, with_key=False, call=None, **kw):
        call = call or {}

        def build(fw):
            K = FW[fw]
            q = K.Input(shape=(None, 4), name="q")
            v = K.Input(shape=(None, 4), name="v")
            ins = [q, v]
            if with_key:
                ins.append(K.Input(shape=(None, 4), name="k"))
            y = getattr(K.layers, cls)(**kw)(list(ins), **call)
            return K.Model(ins, list(y) if call.get("return_attention_scores") else y)
        return build
    qv = zipped(q=q4, v=v4)
    qvk = zipped(q=q4, v=v4, k=k4)
    process(ctx, "attention_dot", luong("Attention"), qv, notes="Attention()([q, v]) (dot scores).")
    process(ctx, "attention_key", luong("Attention", with_key=True), qvk, notes="Attention()([q, v, k]).")
    process(ctx, "attention_scale", luong("Attention", use_scale=True), qv,
            notes="Attention(use_scale=True)([q, v]).")
    process(ctx, "attention_concat", luong("Attention", score_mode="concat"), qv,
            notes="Attention(score_mode='concat')([q, v]).")
    process(ctx, "attention_concat_scale", luong("Attention", score_mode="concat", use_scale=True, dropout=0.2), qv,
            notes="Attention(score_mode='concat', use_scale=True, dropout=0.2)([q, v]).")
    process(ctx, "attention_causal_scores",
            luong("Attention", call={"use_causal_mask": True, "return_attention_scores": True}), qv,
            notes="Attention()([q, v], use_causal_mask=True, return_attention_scores=True).")
    process(ctx, "additive", luong("AdditiveAttention"), qv, notes="AdditiveAttention()([q, v]).")
    process(ctx, "additive_key_noscale", luong("AdditiveAttention", with_key=True, use_scale=False), qvk,
            notes="AdditiveAttention(use_scale=False)([q, v, k]).")
    process(ctx, "additive_causal_scores",
            luong("AdditiveAttention", call={"use_causal_mask": True, "return_attention_scores": True}), qv,
            notes="AdditiveAttention()([q, v], use_causal_mask=True, return_attention_scores=True).")

    ids = id_sets(I, "att_ids", 15)
    ids2 = id_sets(I, "att_ids2", 15)

    def embedded(cls, causal=False):
        def build(fw):
            K = FW[fw]
            a = K.Input(shape=(None,), name="a")
            b = K.Input(shape=(None,), name="b")
            qa = K.layers.Embedding(15, 4, mask_zero=True)(a)
            vb = K.layers.Embedding(15, 4, mask_zero=True)(b)
            y = getattr(K.layers, cls)()([qa, vb], use_causal_mask=causal)
            return K.Model([a, b], y)
        return build
    ab = zipped(a=ids, b=ids2)
    process(ctx, "attention_embedding_mask", embedded("Attention"), ab,
            notes="Embedding(mask_zero=True) on a and b -> Attention()([qa, vb]): value mask on the scores, query "
                  "mask zeroes outputs. " + PAD_NOTES)
    process(ctx, "attention_embedding_mask_causal", embedded("Attention", causal=True), ab,
            notes="attention_embedding_mask with use_causal_mask=True. " + PAD_NOTES)
    process(ctx, "additive_embedding_mask", embedded("AdditiveAttention"), ab,
            notes="Embedding(mask_zero=True) on a and b -> AdditiveAttention()([qa, vb]). " + PAD_NOTES)

    mq = masked_sets(I, "att_mq", 4)

    def masking(fw):
        K = FW[fw]
        q = K.Input(shape=(None, 4), name="q")
        m = K.layers.Masking()(q)
        y = K.layers.Attention()([m, m])
        return K.Model(q, y)
    process(ctx, "attention_masking_self", masking, named(mq, "q"),
            notes="Masking()(q) -> Attention()([m, m]). " + PAD_NOTES)


# ---------------------------------------------------------------------------
# EinsumDense
# ---------------------------------------------------------------------------
def section_einsum(ctx):
    I = ctx.I
    x6 = seq_sets(I, "ed_x6", 6, lens=(5,), extra_len1=False)
    flat = {"b3": I.normal("ed_flat_b3", (3, 6), 1.0), "b1": I.normal("ed_flat_b1", (1, 6), 1.0)}
    x4d = {"b3": I.normal("ed_x4d_b3", (3, 6, 2, 3), 1.0), "b1": I.normal("ed_x4d_b1", (1, 6, 2, 3), 1.0)}

    def ed(input_shape, **kw):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=input_shape, name="x")
            return K.Model(x, K.layers.EinsumDense(**kw)(x))
        return build
    process(ctx, "einsum_dense_2d", ed((6,), equation="ab,bc->ac", output_shape=4, bias_axes="c"),
            named(flat, "x"), notes="EinsumDense('ab,bc->ac', output_shape=4, bias_axes='c') (a Dense).")
    process(ctx, "einsum_seq", ed((5, 6), equation="abc,cd->abd", output_shape=(None, 3), activation="relu"),
            named(x6, "x"), notes="EinsumDense('abc,cd->abd', output_shape=(None, 3), activation='relu'), no bias.")
    process(ctx, "einsum_heads", ed((5, 6), equation="abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de"),
            named(x6, "x"), notes="EinsumDense('abc,cde->abde', output_shape=(None, 2, 3), bias_axes='de') (a "
                                  "MultiHeadAttention projection).")
    process(ctx, "einsum_ellipsis", ed((5, 6), equation="...b,bc->...c", output_shape=4, bias_axes="c",
                                       activation="tanh"),
            named(x6, "x"), notes="EinsumDense('...b,bc->...c', output_shape=4, bias_axes='c', activation='tanh').")
    process(ctx, "einsum_bias_bd", ed((5, 6), equation="abc,cd->abd", output_shape=(5, 4), bias_axes="bd"),
            named(x6, "x"), notes="EinsumDense('abc,cd->abd', output_shape=(5, 4), bias_axes='bd'): a bias (5, 4) "
                                  "over time steps and units.")
    process(ctx, "einsum_transposed_out", ed((5, 6), equation="abc,cd->adb", output_shape=(4, 5), bias_axes="d"),
            named(x6, "x"), notes="EinsumDense('abc,cd->adb', output_shape=(4, 5), bias_axes='d'): the output's "
                                  "axes reordered; bias (4, 1).")
    process(ctx, "einsum_shared_axis", ed((5, 6), equation="abc,bcd->abd", output_shape=(5, 4)),
            named(x6, "x"), notes="EinsumDense('abc,bcd->abd', output_shape=(5, 4)): a kernel per time step.")
    process(ctx, "einsum_right_ellipsis", ed((6, 2, 3), equation="ab...,bc->ac...", output_shape=4, bias_axes="c"),
            named(x4d, "x"), notes="EinsumDense('ab...,bc->ac...', output_shape=4, bias_axes='c'): bias (4, 1, 1).")


# ---------------------------------------------------------------------------
# Identity, UnitNormalization, GroupNormalization, Softmax with a mask
# ---------------------------------------------------------------------------
def section_layers(ctx):
    I = ctx.I
    x6 = seq_sets(I, "ly_x6", 6, lens=(5,), extra_len1=False)
    zero = I.normal("ly_x6_zero_row", (3, 5, 6), 1.0)
    z = I.get(zero).copy()
    z[1, 2, :] = 0.0
    z[2, :, :] = 1e-7
    x6["b3_zero_rows"] = I.add("ly_x6_zero_rows", z, note="row 1 step 2 all zero; row 2 all 1e-7")
    mx = masked_sets(I, "ly_mx", 6)

    def seq(layers_fn, shape=(5, 6)):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=shape, name="x")
            y = x
            for layer in layers_fn(K.layers):
                y = layer(y)
            return K.Model(x, y)
        return build
    process(ctx, "identity", seq(lambda L: [L.Dense(4), L.Identity(), L.Dense(3)]), named(x6, "x"),
            notes="Dense(4) -> Identity() -> Dense(3).")
    process(ctx, "identity_masked", seq(lambda L: [L.Masking(), L.Identity(), L.LSTM(4, return_sequences=True)],
                                        shape=(None, 6)),
            named(mx, "x"), notes="Masking() -> Identity() -> LSTM(4, return_sequences=True): does Identity pass the "
                                  "mask on? " + PAD_NOTES)
    process(ctx, "unit_norm", seq(lambda L: [L.UnitNormalization()]), named(x6, "x"),
            notes="UnitNormalization() (axis -1); b3_zero_rows has an all-zero vector and tiny ones.")
    process(ctx, "unit_norm_axes", seq(lambda L: [L.UnitNormalization(axis=[1, 2])]), named(x6, "x"),
            notes="UnitNormalization(axis=[1, 2]).")
    process(ctx, "unit_norm_masked", seq(lambda L: [L.Masking(), L.UnitNormalization(),
                                                    L.GRU(3, return_sequences=True)], shape=(None, 6)),
            named(mx, "x"), notes="Masking() -> UnitNormalization() -> GRU(3, return_sequences=True). " + PAD_NOTES)
    x64 = seq_sets(I, "ly_x64", 64, lens=(5,), extra_len1=False)
    process(ctx, "group_norm", seq(lambda L: [L.GroupNormalization()], shape=(5, 64)), named(x64, "x"),
            notes="GroupNormalization() (32 groups of 2 channels) on (5, 64).")
    process(ctx, "group_norm_options",
            seq(lambda L: [L.GroupNormalization(groups=3, epsilon=1e-5, center=False)], shape=(5, 6)),
            named(x6, "x"), notes="GroupNormalization(groups=3, epsilon=1e-5, center=False).")
    process(ctx, "group_norm_instance",
            seq(lambda L: [L.GroupNormalization(groups=-1, axis=1, scale=False)], shape=(5, 6)),
            named(x6, "x"), notes="GroupNormalization(groups=-1, axis=1, scale=False): one group per step of axis 1.")

    sx = seq_sets(I, "ly_scores", 5, lens=(4,), extra_len1=False)
    rng = I.rng_for("ly_smask")
    sm = {}
    for lbl, b in (("b3_len4", 3), ("b1_len4", 1)):
        m = (rng.uniform(size=(b, 4, 5)) > 0.4).astype(np.float32)
        m[0, 1, :] = 0.0  # a fully masked row
        sm[lbl] = I.add(f"ly_smask_{lbl}", m, note="0/1 mask; batch row 0, row 1 fully masked")
    sm["b3_large"] = sm["b3_len4"]
    half = {lbl: I.add(f"ly_smask_half_{lbl}", (I.get(k) * 0.7).astype(np.float32), note="the 0/1 mask times 0.7")
            for lbl, k in sm.items() if lbl != "b3_large"}
    half["b3_large"] = half["b3_len4"]

    def masked_softmax(axis=-1, robust=False):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=(4, 5), name="x")
            m = K.Input(shape=(4, 5), name="m")
            kw = {"robust_masking": True} if robust else {}
            return K.Model([x, m], K.layers.Softmax(axis=axis, **kw)(x, mask=m))
        return build
    process(ctx, "softmax_mask", masked_softmax(), zipped(x=sx, m=sm),
            notes="Softmax()(x, mask=m), m a 0/1 Input of x's shape with a fully masked row.")
    process(ctx, "softmax_mask_fractional", masked_softmax(), zipped(x=sx, m=half),
            notes="Softmax()(x, mask=m) with mask values 0 and 0.7 (Keras 3: > 0.5 is kept; tf-keras adds "
                  "(1 - 0.7)·(-1e9)).")
    process(ctx, "softmax_mask_axes", masked_softmax(axis=(-2, -1)), zipped(x=sx, m=sm),
            notes="Softmax(axis=(-2, -1))(x, mask=m): the logsumexp form.")
    process(ctx, "softmax_mask_robust", masked_softmax(robust=True), zipped(x=sx, m=half), producers=("k2",),
            extra={"why_not_k3": "robust_masking is a tf-keras option"},
            notes="tf-keras Softmax(robust_masking=True)(x, mask=m).")

    def broadcast_mask(fw):
        K = FW[fw]
        x = K.Input(shape=(4, 5), name="x")
        m = K.Input(shape=(1, 5), name="m")
        return K.Model([x, m], K.layers.Softmax()(x, mask=m))
    bm = {lbl: I.add(f"ly_bmask_{lbl}", I.get(k)[:, :1, :].copy()) for lbl, k in sm.items() if lbl != "b3_large"}
    bm["b3_large"] = bm["b3_len4"]
    process(ctx, "softmax_mask_broadcast", broadcast_mask, zipped(x=sx, m=bm),
            notes="Softmax()(x, mask=m) with m (B, 1, 5) broadcast over the rows.")


# ---------------------------------------------------------------------------
# Transformer-style blocks: the layers together, masks end to end
# ---------------------------------------------------------------------------
def section_blocks(ctx):
    I = ctx.I
    ids = id_sets(I, "blk_ids", 30, t=9)
    ids2 = id_sets(I, "blk_ids2", 30, t=9)

    def encoder(fw):
        K = FW[fw]
        L = K.layers
        t = K.Input(shape=(None,), name="tokens")
        x = L.Embedding(30, 16, mask_zero=True)(t)
        a = L.MultiHeadAttention(num_heads=4, key_dim=4)(x, x)
        x = L.LayerNormalization()(L.Add()([x, a]))
        f = L.Dense(16)(L.Dense(32, activation="relu")(x))
        x = L.LayerNormalization()(L.Add()([x, f]))
        y = L.Dense(3, activation="softmax")(L.GlobalAveragePooling1D()(x))
        return K.Model(t, y)
    process(ctx, "block_encoder", encoder, named(ids, "tokens"),
            notes="Embedding(30, 16, mask_zero=True) -> MHA(4, 4) self-attention -> Add -> LayerNormalization -> "
                  "Dense(32, relu) -> Dense(16) -> Add -> LayerNormalization -> GlobalAveragePooling1D (masked mean) "
                  "-> Dense(3, softmax). " + PAD_NOTES)

    def decoder(fw):
        K = FW[fw]
        L = K.layers
        src = K.Input(shape=(None,), name="source")
        tgt = K.Input(shape=(None,), name="target")
        e = L.Embedding(30, 16, mask_zero=True)(src)
        e = L.LayerNormalization()(L.Add()([e, L.MultiHeadAttention(num_heads=2, key_dim=8)(e, e)]))
        d = L.Embedding(30, 16, mask_zero=True)(tgt)
        d = L.LayerNormalization()(L.Add()([d, L.MultiHeadAttention(num_heads=2, key_dim=8)(
            d, d, use_causal_mask=True)]))
        d = L.LayerNormalization()(L.Add()([d, L.MultiHeadAttention(num_heads=2, key_dim=8)(d, e)]))
        y = L.Dense(30, activation="softmax")(d)
        return K.Model([src, tgt], y)
    process(ctx, "block_encoder_decoder", decoder, zipped(source=ids, target=ids2),
            notes="Encoder: Embedding(mask_zero) -> MHA self-attention -> Add -> LayerNormalization. Decoder: "
                  "Embedding(mask_zero) -> MHA causal self-attention -> Add -> LN -> MHA cross-attention (query "
                  "decoder, value encoder) -> Add -> LN -> Dense(30, softmax). " + PAD_NOTES)

    def luong(fw):
        K = FW[fw]
        L = K.layers
        src = K.Input(shape=(None,), name="source")
        tgt = K.Input(shape=(None,), name="target")
        e, h, c = L.LSTM(8, return_sequences=True, return_state=True)(L.Embedding(30, 8, mask_zero=True)(src))
        d = L.LSTM(8, return_sequences=True)(L.Embedding(30, 8, mask_zero=True)(tgt), initial_state=[h, c])
        a = L.Attention()([d, e])
        y = L.Dense(30, activation="softmax")(L.Concatenate()([d, a]))
        return K.Model([src, tgt], y)
    process(ctx, "block_luong", luong, zipped(source=ids, target=ids2),
            notes="Encoder Embedding(mask_zero) -> LSTM(8, return_sequences, return_state); decoder "
                  "Embedding(mask_zero) -> LSTM(8, return_sequences, initial_state=encoder states); Attention()("
                  "[decoder, encoder]) -> Concatenate -> Dense(30, softmax). " + PAD_NOTES)


# ---------------------------------------------------------------------------
# CategoryEncoding, Discretization
# ---------------------------------------------------------------------------
def section_preprocessing(ctx):
    I = ctx.I
    rng = I.rng_for("pp_ids")

    def ids(prefix, shape_tail, depth):
        out = {}
        for lbl, b in (("b3", 3), ("b1", 1)):
            v = rng.integers(0, depth, size=(b,) + shape_tail).astype(np.float32)
            out[lbl] = I.add(f"{prefix}_{lbl}", v, note=f"category ids in [0, {depth}) as float32")
        return out
    id1 = ids("pp_ids1", (1,), 6)
    id4 = ids("pp_ids4", (4,), 6)
    id5 = ids("pp_ids5", (5,), 6)
    v = I.get(id4["b3"]).copy()
    v[0] = [2, 2, 2, 2]  # repeated ids: multi_hot 1, count 4
    id4["b3_repeats"] = I.add("pp_ids4_b3_repeats", v, note="row 0 repeats one id four times")
    wts = {lbl: I.normal(f"pp_w4_{lbl}", I.get(k).shape, 1.0) for lbl, k in id4.items()}

    def encoding(shape, dtype="int32", **kw):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=shape, name="x", dtype=dtype)
            return K.Model(x, K.layers.CategoryEncoding(**kw)(x))
        return build
    process(ctx, "category_one_hot", encoding((1,), num_tokens=6, output_mode="one_hot"), named(id1, "x"),
            notes="Input (1,) int32 -> CategoryEncoding(6, output_mode='one_hot'): (B, 6).")
    process(ctx, "category_multi_hot", encoding((4,), num_tokens=6), named(id4, "x"),
            notes="Input (4,) int32 -> CategoryEncoding(6) (multi_hot by default).")
    process(ctx, "category_count", encoding((4,), num_tokens=6, output_mode="count"), named(id4, "x"),
            notes="Input (4,) int32 -> CategoryEncoding(6, output_mode='count').")
    process(ctx, "category_one_hot_seq", encoding((5,), num_tokens=6, output_mode="one_hot"), named(id5, "x"),
            notes="Input (5,) int32 -> CategoryEncoding(6, output_mode='one_hot'): (B, 5, 6) in Keras 3; tf-keras "
                  "refuses an output of rank 3.")

    def weighted(fw):
        K = FW[fw]
        x = K.Input(shape=(4,), name="x", dtype="int32")
        w = K.Input(shape=(4,), name="w")
        return K.Model([x, w], K.layers.CategoryEncoding(num_tokens=6, output_mode="count")(x, count_weights=w))
    process(ctx, "category_count_weights", weighted, zipped(x=id4, w=wts),
            notes="CategoryEncoding(6, output_mode='count')(x, count_weights=w): sums of weights per id.")

    def embed_model(fw):
        K = FW[fw]
        x = K.Input(shape=(4,), name="x", dtype="int32")
        return K.Model(x, K.layers.Dense(3)(K.layers.CategoryEncoding(num_tokens=6, output_mode="count")(x)))
    process(ctx, "category_count_dense", embed_model, named(id4, "x"),
            notes="CategoryEncoding(6, 'count') -> Dense(3): a bag-of-ids model.")

    bounds = [-1.0, 0.0, 0.5, 1.5]
    edge = np.array([[-2.0, -1.0, -0.999, 0.0, 0.25, 0.5, 1.5, 3.0]], dtype=np.float32)

    def real(prefix, tail):
        out = {lbl: I.normal(f"{prefix}_{lbl}", (b,) + tail, 1.2) for lbl, b in (("b3", 3), ("b1", 1))}
        return out
    r5 = real("pp_r5", (5,))
    r5["edges"] = I.add("pp_r5_edges", edge[:, :5].repeat(2, axis=0), note="values on and next to the boundaries")
    r1 = real("pp_r1", (1,))
    r4 = real("pp_r4", (4,))
    r8 = {"edges": I.add("pp_r8_edges", edge, note="values on and next to the boundaries")}

    def disc(shape, then=None, **kw):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=shape, name="x")
            y = K.layers.Discretization(**kw)(x)
            if then == "embedding":
                y = K.layers.Flatten()(K.layers.Embedding(len(bounds) + 1, 3)(y))
            return K.Model(x, y)
        return build
    process(ctx, "discretization_int", disc((5,), bin_boundaries=bounds), named(r5, "x"),
            notes=f"Discretization(bin_boundaries={bounds}): bin indices (output_mode 'int').")
    process(ctx, "discretization_edges", disc((8,), bin_boundaries=bounds), named(r8, "x"),
            notes="Discretization on values equal to the boundaries (they go to the bin above).")
    process(ctx, "discretization_one_hot", disc((1,), bin_boundaries=bounds, output_mode="one_hot"),
            named(r1, "x"), notes="Discretization(..., output_mode='one_hot') on (1,).")
    process(ctx, "discretization_multi_hot", disc((4,), bin_boundaries=bounds, output_mode="multi_hot"),
            named(r4, "x"), notes="Discretization(..., output_mode='multi_hot') on (4,).")
    process(ctx, "discretization_count", disc((4,), bin_boundaries=bounds, output_mode="count"),
            named(r4, "x"), notes="Discretization(..., output_mode='count') on (4,).")
    process(ctx, "discretization_embedding", disc((5,), then="embedding", bin_boundaries=bounds), named(r5, "x"),
            notes="Discretization -> Embedding(5, 3) -> Flatten: bucketized features as ids.")

    train = np.random.default_rng(7).normal(size=(200, 1)).astype(np.float32)

    def adapted(num_bins, values):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=(5,), name="x")
            layer = K.layers.Discretization(num_bins=num_bins)
            layer.adapt(values)
            return K.Model(x, layer(x))
        return build
    adapted_notes = ("tf-keras keeps the adapted quantile summary in a 'summary' weight (randomised here: sorted "
                     "values, one repeated, positive weights) and derives the boundaries when loaded; Keras 3's "
                     "config holds bin_boundaries.")
    process(ctx, "discretization_adapted", adapted(4, train), named(r5, "x"),
            notes="Discretization(num_bins=4) adapted on 200 normal values. " + adapted_notes)
    process(ctx, "discretization_adapted_49", adapted(49, train), named(r5, "x"),
            notes="Discretization(num_bins=49) adapted on 200 normal values: np.arange(0, 1, 1/49) has 50 "
                  "values, so tf-keras derives 49 boundaries. " + adapted_notes)
    process(ctx, "discretization_adapted_small", adapted(8, train[:3]), named(r5, "x"),
            notes="Discretization(num_bins=8) adapted on 3 values: the summary is too small to compress, so "
                  "tf-keras takes its values but the last as the boundaries. " + adapted_notes)



# ---------------------------------------------------------------------------
# GroupedQueryAttention, RMSNormalization, ReversibleEmbedding (Keras 3 only)
# ---------------------------------------------------------------------------
K3_LLM = {"why_not_k2": "tf-keras has no GroupedQueryAttention, RMSNormalization or ReversibleEmbedding"}


def section_llm(ctx):
    ctx_rms[0] = True
    try:
        llm_models(ctx)
    finally:
        ctx_rms[0] = False


def llm_models(ctx):
    """The Keras 3 layers of Transformer/LLM-style models. tf-keras has none of them: every model is built
    and saved by Keras 3 only (k3_keras, k3_legacy, k3_json)."""
    I = ctx.I
    x8 = seq_sets(I, "seq8", 8)
    q6 = seq_sets(I, "seq6q", 6, lens=(5,), extra_len1=False)
    v5 = seq_sets(I, "seq5v", 5, lens=(5,), extra_len1=False)
    k7 = seq_sets(I, "seq7k", 7, lens=(5,), extra_len1=False)

    def k3(name, builder, sets, notes):
        process(ctx, name, builder, sets, producers=("k3",), extra=K3_LLM, notes=notes)

    def gqa_self(call=None, **kw):
        call = call or {}

        def build(fw):
            K = FW[fw]
            x = K.Input(shape=(None, 8), name="x")
            y = K.layers.GroupQueryAttention(**kw)(x, x, **call)
            return K.Model(x, list(y) if call.get("return_attention_scores") else y)
        return build

    k3("gqa_self", gqa_self(head_dim=4, num_query_heads=4, num_key_value_heads=2), named(x8, "x"),
       "Input x (None, 8) -> GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)(x, x), "
       "defaults otherwise (Keras 3's fused ops.dot_product_attention path).")
    k3("gqa_mqa", gqa_self(head_dim=3, num_query_heads=3, num_key_value_heads=1), named(x8, "x"),
       "GroupQueryAttention(3, 3, num_key_value_heads=1)(x, x): multi-query attention (one K/V head).")
    k3("gqa_mha", gqa_self(head_dim=4, num_query_heads=2, num_key_value_heads=2, use_bias=False), named(x8, "x"),
       "GroupQueryAttention(4, 2, num_key_value_heads=2, use_bias=False)(x, x): as many K/V heads as query heads.")
    k3("gqa_causal", gqa_self(head_dim=4, num_query_heads=4, num_key_value_heads=2,
                              call={"use_causal_mask": True}), named(x8, "x"),
       "GroupQueryAttention(4, 4, 2)(x, x, use_causal_mask=True): the causal-only fused path (is_causal).")
    k3("gqa_scores", gqa_self(head_dim=4, num_query_heads=4, num_key_value_heads=2,
                              call={"return_attention_scores": True}), named(x8, "x"),
       "GroupQueryAttention(4, 4, 2)(x, x, return_attention_scores=True): two outputs (output, scores (B, 4, T, T)); "
       "the einsum + Softmax-layer path.")
    k3("gqa_causal_scores", gqa_self(head_dim=2, num_query_heads=6, num_key_value_heads=3,
                                     call={"use_causal_mask": True, "return_attention_scores": True}), named(x8, "x"),
       "GroupQueryAttention(2, 6, 3)(x, x, use_causal_mask=True, return_attention_scores=True).")
    k3("gqa_dropout", gqa_self(head_dim=4, num_query_heads=4, num_key_value_heads=1, dropout=0.2, seed=3),
       named(x8, "x"), "GroupQueryAttention(4, 4, 1, dropout=0.2, seed=3) (dropout off at inference; it selects the "
                       "einsum path).")

    def cross(fw):
        K = FW[fw]
        q = K.Input(shape=(5, 6), name="q")
        v = K.Input(shape=(None, 6), name="v")
        k = K.Input(shape=(None, 7), name="k")
        y = K.layers.GroupQueryAttention(head_dim=2, num_query_heads=6, num_key_value_heads=3)(q, v, key=k)
        return K.Model([q, v, k], y)
    v6 = seq_sets(I, "seq6v", 6, lens=(5,), extra_len1=False)
    k3("gqa_cross_key", cross, zipped(q=q6, v=v6, k=k7),
       "Inputs q (5, 6), v (None, 6), k (None, 7) -> GroupQueryAttention(2, 6, 3)(q, v, key=k) (Keras requires the "
       "value's features to be the query's).")

    def explicit_mask(scores):
        def build(fw):
            K = FW[fw]
            q = K.Input(shape=(5, 6), name="q")
            v = K.Input(shape=(5, 6), name="v")
            m = K.Input(shape=(5, 5), name="m")
            y = K.layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2)(
                q, v, attention_mask=m, return_attention_scores=scores)
            return K.Model([q, v, m], list(y) if scores else y)
        return build
    rng = I.rng_for("gqa_attmask")
    mk = {}
    for b in (3, 1):
        m = (rng.uniform(size=(b, 5, 5)) > 0.35).astype(np.float32)
        m[0, 2, :] = 0  # one query attends to nothing
        mk[f"b{b}_len5"] = I.add(f"gqa_attmask_b{b}", m,
                                 note="attention_mask: 1 = attend, 0 = masked; row 0 query 2 all 0")
    mk["b3_large"] = mk["b3_len5"]
    v6q = {lbl: k for lbl, k in seq_sets(I, "seq6w", 6, lens=(5,), extra_len1=False).items()}
    k3("gqa_attention_mask", explicit_mask(False), zipped(q=q6, v=v6q, m=mk),
       "GroupQueryAttention(3, 4, 2)(q, v, attention_mask=m), m an Input (B, 5, 5) of 0/1 floats; one query of "
       "batch row 0 has every key masked (fused path: uniform over the keys).")
    k3("gqa_attention_mask_scores", explicit_mask(True), zipped(q=q6, v=v6q, m=mk),
       "gqa_attention_mask with return_attention_scores=True (Softmax-layer path: the attention_mask is not cast "
       "to bool when no other mask is present; Softmax keeps m > 0.5).")

    ids = id_sets(I, "gqa_ids", 20)

    def embedded(causal=False, scores=False, dropout=0.0, kv=2):
        def build(fw):
            K = FW[fw]
            t = K.Input(shape=(None,), name="tokens")
            x = K.layers.Embedding(20, 8, mask_zero=True)(t)
            y = K.layers.GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=kv, dropout=dropout)(
                x, x, use_causal_mask=causal, return_attention_scores=scores)
            return K.Model(t, list(y) if scores else y)
        return build
    k3("gqa_embedding_mask", embedded(), named(ids, "tokens"),
       "Embedding(20, 8, mask_zero=True) -> GroupQueryAttention(4, 4, 2)(x, x): query and value masks from the "
       "embedding (Layer.__call__ fills query_mask and value_mask). " + PAD_NOTES)
    k3("gqa_embedding_mask_causal", embedded(causal=True, kv=1), named(ids, "tokens"),
       "Embedding(mask_zero) -> GroupQueryAttention(4, 4, 1)(x, x, use_causal_mask=True). " + PAD_NOTES)
    k3("gqa_embedding_mask_scores", embedded(scores=True), named(ids, "tokens"),
       "gqa_embedding_mask with return_attention_scores=True (masked probabilities zeroed). " + PAD_NOTES)
    k3("gqa_embedding_mask_dropout", embedded(dropout=0.1, kv=4), named(ids, "tokens"),
       "Embedding(mask_zero) -> GroupQueryAttention(4, 4, 4, dropout=0.1) (Softmax-layer path). " + PAD_NOTES)

    def embedded_residual(fw):
        K = FW[fw]
        t = K.Input(shape=(None,), name="tokens")
        x = K.layers.Embedding(20, 8, mask_zero=True)(t)
        a = K.layers.GroupQueryAttention(head_dim=4, num_query_heads=2, num_key_value_heads=1)(x, x)
        y = K.layers.LSTM(5, return_sequences=True)(K.layers.Add()([x, a]))
        return K.Model(t, y)
    k3("gqa_embedding_mask_residual", embedded_residual, named(ids, "tokens"),
       "Embedding(mask_zero) -> GroupQueryAttention(4, 2, 1)(x, x) -> Add([x, attention]) -> LSTM(5, "
       "return_sequences): unlike MultiHeadAttention, GroupQueryAttention leaves the masks of its inputs in place "
       "and its output carries the query's mask, so the LSTM is masked. " + PAD_NOTES)

    mq = masked_sets(I, "gqa_mq", 6)
    mv = masked_sets(I, "gqa_mv", 6)
    mk7 = masked_sets(I, "gqa_mk", 7)

    def masking_key(fw):
        K = FW[fw]
        q = K.Input(shape=(None, 6), name="q")
        v = K.Input(shape=(None, 6), name="v")
        k = K.Input(shape=(None, 7), name="k")
        y = K.layers.GroupQueryAttention(head_dim=3, num_query_heads=2, num_key_value_heads=1)(
            K.layers.Masking()(q), K.layers.Masking()(v), key=K.layers.Masking()(k))
        return K.Model([q, v, k], y)
    k3("gqa_masking_key", masking_key, zipped(q=mq, v=mv, k=mk7),
       "Masking()(q), Masking()(v), key=Masking()(k) -> GroupQueryAttention(3, 2, 1): query, value and key masks. "
       + PAD_NOTES)

    rng2 = I.rng_for("gqa_attmask_t")
    mk_t = {}
    for lbl, k in ids.items():
        b, t = I.get(k).shape
        m = (rng2.uniform(size=(b, t, t)) > 0.3).astype(np.float32)
        mk_t[lbl] = I.add(f"gqa_attmask_t_{lbl}", m, note="attention_mask (B, T, T): 1 = attend")

    def all_masks(scores):
        def build(fw):
            K = FW[fw]
            t = K.Input(shape=(None,), name="tokens")
            m = K.Input(shape=(None, None), name="m")
            x = K.layers.Embedding(20, 8, mask_zero=True)(t)
            y = K.layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2)(
                x, x, attention_mask=m, use_causal_mask=True, return_attention_scores=scores)
            return K.Model([t, m], list(y) if scores else y)
        return build
    k3("gqa_all_masks", all_masks(False), zipped(tokens=ids, m=mk_t),
       "Embedding(mask_zero) -> GroupQueryAttention(3, 4, 2)(x, x, attention_mask=m, use_causal_mask=True): "
       "padding, explicit and causal masks together. " + PAD_NOTES)
    k3("gqa_all_masks_scores", all_masks(True), zipped(tokens=ids, m=mk_t),
       "gqa_all_masks with return_attention_scores=True. " + PAD_NOTES)

    # sliding_window and use_gate (Keras 3 options of both attention layers)
    k3("gqa_sliding_window_causal", gqa_self(head_dim=4, num_query_heads=4, num_key_value_heads=2, sliding_window=3,
                                             call={"use_causal_mask": True}), named(x8, "x"),
       "GroupQueryAttention(4, 4, 2, sliding_window=3)(x, x, use_causal_mask=True): each query attends itself and "
       "the two steps before (fused path, a mask).")
    k3("gqa_sliding_window_scores", gqa_self(head_dim=3, num_query_heads=2, num_key_value_heads=1, sliding_window=2,
                                             call={"return_attention_scores": True}), named(x8, "x"),
       "GroupQueryAttention(3, 2, 1, sliding_window=2)(x, x, return_attention_scores=True): the symmetric band "
       "|i - j| < 2 (Softmax-layer path).")
    k3("gqa_gate", gqa_self(head_dim=4, num_query_heads=4, num_key_value_heads=2, use_gate=True), named(x8, "x"),
       "GroupQueryAttention(4, 4, 2, use_gate=True)(x, x): heads * sigmoid(gate(query)) before attention_output.")
    k3("gqa_gate_no_bias_causal", gqa_self(head_dim=3, num_query_heads=6, num_key_value_heads=3, use_gate=True,
                                           use_bias=False, call={"use_causal_mask": True}), named(x8, "x"),
       "GroupQueryAttention(3, 6, 3, use_gate=True, use_bias=False)(x, x, use_causal_mask=True).")

    def gqa_window_masks(fw):
        K = FW[fw]
        t = K.Input(shape=(None,), name="tokens")
        m = K.Input(shape=(None, None), name="m")
        x = K.layers.Embedding(20, 8, mask_zero=True)(t)
        y = K.layers.GroupQueryAttention(head_dim=4, num_query_heads=2, num_key_value_heads=1, sliding_window=3,
                                         use_gate=True)(x, x, attention_mask=m, return_attention_scores=True)
        return K.Model([t, m], list(y))
    k3("gqa_sliding_window_masks", gqa_window_masks, zipped(tokens=ids, m=mk_t),
       "Embedding(mask_zero) -> GroupQueryAttention(4, 2, 1, sliding_window=3, use_gate=True)(x, x, "
       "attention_mask=m, return_attention_scores=True): band, padding and explicit masks together. " + PAD_NOTES)

    def mha_self(call=None, **kw):
        call = call or {}

        def build(fw):
            K = FW[fw]
            x = K.Input(shape=(None, 8), name="x")
            y = K.layers.MultiHeadAttention(**kw)(x, x, **call)
            return K.Model(x, list(y) if call.get("return_attention_scores") else y)
        return build
    k3("mha_sliding_window", mha_self(num_heads=2, key_dim=4, sliding_window=2), named(x8, "x"),
       "MultiHeadAttention(2, 4, sliding_window=2)(x, x) (a Keras 3 option).")
    k3("mha_sliding_window_causal_scores", mha_self(num_heads=2, key_dim=3, sliding_window=3,
                                                    call={"use_causal_mask": True, "return_attention_scores": True}),
       named(x8, "x"), "MultiHeadAttention(2, 3, sliding_window=3)(x, x, use_causal_mask=True, "
                       "return_attention_scores=True).")
    k3("mha_gate", mha_self(num_heads=3, key_dim=4, value_dim=2, use_gate=True, output_shape=5), named(x8, "x"),
       "MultiHeadAttention(3, 4, value_dim=2, use_gate=True, output_shape=5)(x, x): heads * sigmoid(gate(query)).")

    def mha_gate_masked(fw):
        K = FW[fw]
        t = K.Input(shape=(None,), name="tokens")
        x = K.layers.Embedding(20, 8, mask_zero=True)(t)
        y = K.layers.MultiHeadAttention(num_heads=2, key_dim=4, use_gate=True, use_bias=False)(x, x,
                                                                                            use_causal_mask=True)
        return K.Model(t, y)
    k3("mha_gate_embedding_mask", mha_gate_masked, named(ids, "tokens"),
       "Embedding(mask_zero) -> MultiHeadAttention(2, 4, use_gate=True, use_bias=False)(x, x, use_causal_mask=True). "
       + PAD_NOTES)

    pq = {}
    for lbl, k in ids.items():
        b, t = I.get(k).shape
        m = np.ones((b, t), np.float32)
        m[0, t - 2:] = 0
        pq[lbl] = I.add(f"gqa_qmask_{lbl}", m, note="explicit query_mask: row 0's last two queries masked")

    def explicit_query_mask(fw):
        K = FW[fw]
        t = K.Input(shape=(None,), name="tokens")
        qm = K.Input(shape=(None,), name="qm")
        x = K.layers.Embedding(20, 8, mask_zero=True)(t)
        y = K.layers.GroupQueryAttention(head_dim=4, num_query_heads=2, num_key_value_heads=1)(
            x, x, query_mask=qm, return_attention_scores=True)
        return K.Model([t, qm], list(y))
    k3("gqa_explicit_query_mask", explicit_query_mask, zipped(tokens=ids, qm=pq),
       "Embedding(mask_zero) -> GroupQueryAttention(4, 2, 1)(x, x, query_mask=qm, return_attention_scores=True): "
       "an explicit query_mask replaces the query's own mask (MultiHeadAttention would ignore it); the value mask "
       "still comes from the embedding. " + PAD_NOTES)

    # RMSNormalization
    def rms(shape, **kw):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape=shape, name="x")
            return K.Model(x, K.layers.RMSNormalization(**kw)(x))
        return build
    x56 = {lbl: I.normal(f"rms56_{lbl}", (b, 5, 6), s) for lbl, b, s in (("b3", 3, 1.0), ("b1", 1, 1.0),
                                                                        ("b3_large", 3, 30.0))}
    x66 = {lbl: I.normal(f"rms66_{lbl}", (b, 6, 6), 1.0) for lbl, b in (("b3", 3), ("b1", 1))}
    x4d = {lbl: I.normal(f"rms4d_{lbl}", (b, 3, 4, 5), 1.0) for lbl, b in (("b3", 3), ("b1", 1))}
    tiny = {"b3_tiny": I.add("rms56_b3_tiny", (I.get(x56["b3"]) * 1e-3).astype(np.float32),
                             note="values ~1e-3: epsilon dominates the mean square")}
    k3("rms_default", rms((None, 8)), named(x8, "x"),
       "Input (None, 8) -> RMSNormalization() (axis=-1, epsilon=1e-6): x * rsqrt(mean(x^2) + eps) * scale.")
    k3("rms_epsilon", rms((5, 6), epsilon=1e-2), named({**x56, **tiny}, "x"),
       "RMSNormalization(epsilon=1e-2) on (5, 6), with an input whose mean square is below epsilon.")
    k3("rms_axes", rms((5, 6), axis=[1, 2]), named(x56, "x"),
       "RMSNormalization(axis=[1, 2]) on (5, 6): statistics over both axes, scale (5, 6).")
    k3("rms_axes_neg_4d", rms((3, 4, 5), axis=[-1, -2]), named(x4d, "x"),
       "RMSNormalization(axis=[-1, -2]) on (3, 4, 5): Keras sorts the axes to [-2, -1], scale (4, 5).")
    k3("rms_axis1_square", rms((6, 6), axis=1), named(x66, "x"),
       "RMSNormalization(axis=1) on (6, 6): the statistics are over axis 1, but the scale (6,) multiplies "
       "right-aligned, i.e. along the last axis (what Keras computes).")

    def rms_mask(fw):
        K = FW[fw]
        t = K.Input(shape=(None,), name="tokens")
        x = K.layers.Embedding(20, 8, mask_zero=True)(t)
        y = K.layers.LSTM(4, return_sequences=True)(K.layers.RMSNormalization()(x))
        return K.Model(t, y)
    k3("rms_drops_mask", rms_mask, named(ids, "tokens"),
       "Embedding(mask_zero) -> RMSNormalization -> LSTM(4, return_sequences): RMSNormalization does not support "
       "masking, so the LSTM runs unmasked. " + PAD_NOTES)

    # ReversibleEmbedding
    ids32 = id_sets(I, "rev_ids", 32)

    def reversible(mid=None, **kw):
        def build(fw):
            K = FW[fw]
            t = K.Input(shape=(None,), name="tokens")
            emb = K.layers.ReversibleEmbedding(32, 8, **kw)
            h = emb(t)
            if mid == "dense":
                h = K.layers.Dense(8, activation="tanh")(h)
            elif mid == "gqa":
                h = K.layers.GroupQueryAttention(head_dim=4, num_query_heads=2, num_key_value_heads=1)(h, h)
            return K.Model(t, emb(h, reverse=True))
        return build
    k3("rev_embedding", reversible(mid="dense"), named(ids32, "tokens"),
       "ReversibleEmbedding(32, 8) -> Dense(8, tanh) -> the same layer with reverse=True: logits = h . embeddings^T "
       "(tie_weights=True).")
    k3("rev_embedding_untied", reversible(mid="dense", tie_weights=False), named(ids32, "tokens"),
       "ReversibleEmbedding(32, 8, tie_weights=False): the reverse call uses reverse_embeddings (8, 32).")
    k3("rev_embedding_soft_cap", reversible(logit_soft_cap=0.5), named(ids32, "tokens"),
       "ReversibleEmbedding(32, 8, logit_soft_cap=0.5) -> reverse: tanh(logits / 0.5) * 0.5.")
    k3("rev_embedding_mask", reversible(mid="gqa", mask_zero=True, reverse_dtype="float32"), named(ids32, "tokens"),
       "ReversibleEmbedding(32, 8, mask_zero=True, reverse_dtype='float32') -> GroupQueryAttention(4, 2, 1) (masked "
       "by the embedding) -> reverse. " + PAD_NOTES)

    def only_forward(fw):
        K = FW[fw]
        t = K.Input(shape=(None,), name="tokens")
        y = K.layers.ReversibleEmbedding(32, 8, mask_zero=True)(t)
        return K.Model(t, K.layers.LSTM(3, return_sequences=True)(y))
    k3("rev_embedding_forward_mask", only_forward, named(ids32, "tokens"),
       "ReversibleEmbedding(32, 8, mask_zero=True) -> LSTM(3): the lookup call sets the padding mask. " + PAD_NOTES)

    # A small decoder-only Transformer
    pos = {}
    for lbl, k in ids32.items():
        b, t = I.get(k).shape
        pos[lbl] = I.add(f"positions_{lbl}", np.tile(np.arange(t, dtype=np.float32), (b, 1)),
                         note="position ids 0..T-1 as float32")

    def decoder(fw):
        K = FW[fw]
        L = K.layers
        t = K.Input(shape=(None,), name="tokens")
        p = K.Input(shape=(None,), name="positions")
        tok = L.ReversibleEmbedding(32, 16, logit_soft_cap=30.0, name="token_embedding")
        h = L.Add()([tok(t), L.Embedding(16, 16, name="position_embedding")(p)])
        for i, kv in enumerate((2, 1)):
            a = L.RMSNormalization(epsilon=1e-5, name=f"attn_norm_{i}")(h)
            a = L.GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=kv, use_bias=False,
                                      name=f"attention_{i}")(a, a, use_causal_mask=True)
            h = L.Add()([h, a])
            f = L.RMSNormalization(epsilon=1e-5, name=f"ffn_norm_{i}")(h)
            f = L.Dense(32, activation="silu", use_bias=False)(f)
            f = L.Dense(16, use_bias=False)(f)
            h = L.Add()([h, f])
        h = L.RMSNormalization(epsilon=1e-5, name="final_norm")(h)
        return K.Model([t, p], tok(h, reverse=True))
    k3("llm_decoder", decoder, zipped(tokens=ids32, positions=pos),
       "Decoder-only Transformer: ReversibleEmbedding(32, 16, logit_soft_cap=30) + Embedding(16, 16) positions -> 2 "
       "blocks of [RMSNormalization -> GroupQueryAttention(4, 4, kv 2 then 1, use_bias=False, use_causal_mask) -> "
       "residual Add -> RMSNormalization -> Dense(32, silu) -> Dense(16) -> residual Add] -> RMSNormalization -> "
       "token embedding reversed: logits (B, T, 32). Token id 0 is an ordinary token here (no mask_zero).")

SECTIONS = {
    "mha": section_mha,
    "attention": section_attention,
    "einsum": section_einsum,
    "layers": section_layers,
    "preprocessing": section_preprocessing,
    "blocks": section_blocks,
    "llm": section_llm,
}


def main():
    gsf.run_sections(__doc__, "generate_attention_fixtures.py", DEFAULT_OUT, SECTIONS, {
        "seeds": {"global": GLOBAL_SEED, "inputs": gsf.INPUT_SEED, "weights_base": gf.WEIGHT_SEED_BASE,
                  "inputs_per_key": "numpy default_rng([inputs, crc32(input_key)])",
                  "weights_per_model": "weights_base + crc32(model_name) % 100000"},
        "weight_init": {
            "kernel": "uniform(-sqrt(3/shape[0]), +...) (unit-variance projections)",
            "scale, concat_score_weight": "scalar: uniform(0.5, 1.5); vector: normal(0, 0.7)",
            "bias/gamma/beta/embeddings/moving statistics": "as generate_semantics_fixtures.py",
            "note": "set in tf-keras and copied to Keras 3 with get_weights/set_weights; Keras-3-only models "
                    "are randomised in Keras 3",
        },
        "notes": [
            "Expected outputs: model(x, training=False) as float32, one file per model output "
            "(expected_<fw>_<input_label>_<i>.npy); k2_* formats compare against expected_k2_*, k3_* against "
            "expected_k3_*.",
            "Inputs are named by the models' Input layers; token ids are float32.",
        ],
    })


if __name__ == "__main__":
    main()
