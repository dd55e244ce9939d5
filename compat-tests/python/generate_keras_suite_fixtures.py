#!/usr/bin/env python3
"""Keras' own layer tests as TensorFlow ground-truth fixtures (attention and Transformer-building layers).

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_keras_suite_fixtures.py [--out DIR] [--only a,b] [--sections s,t]

Default output directory: compat-tests/src/test/resources/fixtures_keras_suite. Layout, manifest,
weights and inputs are those of generate_attention_fixtures.py (whose helpers and weight
initialisation this script reuses): each model is built in tf-keras and in Keras 3 where the layer or
option exists, given the same seeded random weights, run with model(x, training=False), and saved in
every format each framework writes.

Each model reproduces one configuration that a test of Keras 3.15.1
(keras/src/layers/.../*_test.py) or tf-keras 2.21 (tf_keras/layers/.../*_test.py) exercises, built
the way a user builds it (a Functional model around the layer). `models.<name>.keras_test` names
the test case(s). Configurations whose tests only check shapes or errors are run here on random
data, so that kerasj's numbers are checked too.

Sections: mha (MultiHeadAttention), attention (Attention, AdditiveAttention), einsum (EinsumDense:
every equation of einsum_dense_test's parameterized list), layers (LayerNormalization,
GroupNormalization, UnitNormalization, Softmax with masks, Embedding).
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_attention_fixtures as gaf  # noqa: E402  (its weight initialisation applies here too)
import generate_fixtures as gf  # noqa: E402
import generate_semantics_fixtures as gsf  # noqa: E402

import numpy as np  # noqa: E402

from generate_fixtures import FW, GLOBAL_SEED  # noqa: E402
from generate_semantics_fixtures import process  # noqa: E402
from generate_attention_fixtures import named, zipped  # noqa: E402

SCRIPT_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = SCRIPT_DIR.parent / "src" / "test" / "resources" / "fixtures_keras_suite"

K3_TEST = "keras 3.15.1 keras/src/layers/"
K2_TEST = "tf-keras 2.21 tf_keras/layers/"


def tested(*names):
    return {"keras_test": list(names)}


def batches(I, prefix, shape, scale=1.0, sizes=(3, 1)):
    return {f"b{b}": I.normal(f"{prefix}_b{b}", (b,) + tuple(shape), scale) for b in sizes}


def zero_one(I, key, shape, p=0.5, note="0/1 mask as float32"):
    m = (I.rng_for(key).uniform(size=shape) > p).astype(np.float32)
    return I.add(key, m, note=note)


# ---------------------------------------------------------------------------
# MultiHeadAttention
# ---------------------------------------------------------------------------
def section_mha(ctx):
    I = ctx.I
    mha_t = K3_TEST + "attention/multi_head_attention_test.py::MultiHeadAttentionTest::"
    mha_t2 = K2_TEST + "attention/multi_head_attention_test.py::MultiHeadAttentionTest::"

    # test_high_dim_attention (both Kerases): query/value of rank 4 and 5, attention over one or two
    # axes, an attention_mask of lower rank broadcast from the heads axis.
    high = [
        ("4d_inputs_1freebatch_mask2", (3, 4), (3, 2), (4, 2), (2,)),
        ("4d_inputs_1freebatch_mask3", (3, 4), (3, 2), (3, 4, 2), (2,)),
        ("4d_inputs_1freebatch_mask4", (3, 4), (3, 2), (3, 2, 4, 2), (2,)),
        ("4d_inputs_2d_attention", (3, 4), (3, 2), (3, 4, 3, 2), (1, 2)),
        ("5d_inputs_2d_attention", (5, 3, 4), (5, 3, 2), (3, 4, 3, 2), (2, 3)),
        ("5d_inputs_2d_attention_fullmask", (5, 3, 4), (5, 3, 2), (5, 3, 4, 3, 2), (2, 3)),
    ]
    for case, qd, vd, md, axes in high:
        q = batches(I, f"ks_hd_q_{case}", qd + (8,))
        v = batches(I, f"ks_hd_v_{case}", vd + (8,))
        m = {lbl: zero_one(I, f"ks_hd_m_{case}_{lbl}", (int(lbl[1:]),) + md) for lbl in q}
        ones = {lbl: I.add(f"ks_hd_ones_{case}_{lbl}", np.ones((int(lbl[1:]),) + md, np.float32),
                           note="null mask (all kept)") for lbl in q}
        sets = zipped(query=q, value=v, mask=m)
        sets.update({f"{lbl}_null_mask": s for lbl, s in zipped(query=q, value=v, mask=ones).items()})

        def build(fw, qd=qd, vd=vd, md=md, axes=axes):
            K = FW[fw]
            qi = K.Input(qd + (8,), name="query")
            vi = K.Input(vd + (8,), name="value")
            mi = K.Input(md, name="mask")
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=axes)(
                query=qi, value=vi, attention_mask=mi)
            return K.Model([qi, vi, mi], y)
        process(ctx, f"ks_mha_high_dim_{case.lower()}", build, sets,
                extra=tested(mha_t2 + "test_high_dim_attention_" + case, mha_t + "test_high_dim_attention_" + case),
                notes=f"MultiHeadAttention(2, 2, attention_axes={axes})(query {qd + (8,)}, value {vd + (8,)}, "
                      f"attention_mask {md}); Keras 3's test runs it without the mask (see "
                      f"ks_mha_high_dim_nomask_*).")

        def build_nomask(fw, qd=qd, vd=vd, axes=axes):
            K = FW[fw]
            qi = K.Input(qd + (8,), name="query")
            vi = K.Input(vd + (8,), name="value")
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=axes)(qi, vi)
            return K.Model([qi, vi], y)
        if case in ("4d_inputs_1freebatch_mask2", "4d_inputs_2d_attention", "5d_inputs_2d_attention"):
            process(ctx, f"ks_mha_high_dim_nomask_{case.lower()}", build_nomask, zipped(query=q, value=v),
                    extra=tested(mha_t + "test_high_dim_attention_" + case),
                    notes=f"MultiHeadAttention(2, 2, attention_axes={axes})(query, value) (run_layer_test).")

    # test_attention_axes_negative_indexing (Keras 3): attention_axes=-2 on (B, 3, 8, 4) is axis 2.
    x = batches(I, "ks_neg_x", (3, 8, 4))
    for ax_name, ax in (("pos", 2), ("neg", -2)):
        def build(fw, ax=ax):
            K = FW[fw]
            xi = K.Input((3, 8, 4), name="x")
            z, a = K.layers.MultiHeadAttention(num_heads=2, key_dim=4, attention_axes=ax)(
                xi, xi, return_attention_scores=True)
            return K.Model(xi, [z, a])
        process(ctx, f"ks_mha_axes_{ax_name}", build, named(x, "x"),
                extra=tested(mha_t + "test_attention_axes_negative_indexing"),
                notes=f"MultiHeadAttention(2, 4, attention_axes={ax})(x, x, return_attention_scores=True) on "
                      "(3, 8, 4). tf-keras takes the axis as written (a negative one counts from the projected "
                      "rank).")

    # test_compute_output_shape (Keras 3): key with other features, output_shape tuples, high-rank
    # query/value/key whose non-feature axes differ, query and value with different features.
    shapes = [
        ("with_key_different_proj", (4, 8), (2, 8), (2, 3), (1, 5)),
        ("without_key_different_proj", (4, 8), (2, 8), None, (3, 4)),
        ("high_dim_same_proj", (4, 2, 3, 8), (1, 1, 5, 8), (1, 1, 5, 2), None),
        ("high_dim_different_proj", (4, 2, 3, 8), (1, 1, 5, 8), (1, 1, 5, 2), (3, 2)),
        ("different_qv_last_dims", (4, 2, 3, 8), (4, 2, 3, 7), (4, 2, 3, 8), None),
    ]
    for case, qd, vd, kd, out in shapes:
        q = batches(I, f"ks_sh_q_{case}", qd)
        v = batches(I, f"ks_sh_v_{case}", vd)
        sets = {"query": q, "value": v}
        if kd:
            sets["key"] = batches(I, f"ks_sh_k_{case}", kd)

        def build(fw, qd=qd, vd=vd, kd=kd, out=out):
            K = FW[fw]
            qi = K.Input(qd, name="query")
            vi = K.Input(vd, name="value")
            ins = [qi, vi]
            kw = {}
            if kd:
                ki = K.Input(kd, name="key")
                ins.append(ki)
                kw["key"] = ki
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=2, value_dim=2, output_shape=out)(
                query=qi, value=vi, **kw)
            return K.Model(ins, y)
        process(ctx, f"ks_mha_shape_{case}", build, zipped(**sets),
                extra=tested(mha_t + "test_compute_output_shape_" + case),
                notes=f"MultiHeadAttention(2, 2, value_dim=2, output_shape={out})(query {qd}, value {vd}, key {kd}).")

    # test_masking / test_value_mask (both): query and value masks from two Embeddings of different
    # lengths (5 and 3), with and without use_causal_mask (a (5, 3) lower triangle).
    qids = np.array([[1, 2, 3, 0, 0], [3, 3, 1, 1, 2], [1, 0, 0, 0, 0]], np.float32)
    vids = np.array([[5, 4, 0], [3, 0, 0], [2, 1, 1]], np.float32)
    tq = {"test": I.add("ks_masking_q", qids, note="the test's query ids"),
          "b1": I.add("ks_masking_q_b1", qids[1:2], note="row 1 of the test's query ids")}
    tv = {"test": I.add("ks_masking_v", vids, note="the test's value ids"),
          "b1": I.add("ks_masking_v_b1", vids[1:2], note="row 1 of the test's value ids")}
    for causal in (False, True):
        def build(fw, causal=causal):
            K = FW[fw]
            qi = K.Input((None,), name="query_ids")
            vi = K.Input((None,), name="value_ids")
            q = K.layers.Embedding(4, 8, mask_zero=True)(qi)
            v = K.layers.Embedding(6, 8, mask_zero=True)(vi)
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=2)(query=q, value=v, use_causal_mask=causal)
            return K.Model([qi, vi], y)
        suffix = "causal" if causal else "not_causal"
        process(ctx, f"ks_mha_masking_{suffix}", build, zipped(query_ids=tq, value_ids=tv),
                extra=tested(mha_t + "test_masking_" + suffix, mha_t2 + "test_value_mask_" + suffix),
                notes="Embedding(4, 8, mask_zero=True)(query ids (B, 5)), Embedding(6, 8, mask_zero=True)(value ids "
                      f"(B, 3)) -> MultiHeadAttention(2, 2)(query, value, use_causal_mask={causal}).")

    # test_query_mask_propagation: the output carries the query's mask (here read by an LSTM).
    val = {"test": I.normal("ks_qprop_v", (3, 3, 8), 1.0), "b1": I.normal("ks_qprop_v_b1", (1, 3, 8), 1.0)}

    def qprop(fw):
        K = FW[fw]
        qi = K.Input((None,), name="query_ids")
        vi = K.Input((3, 8), name="value")
        q = K.layers.Embedding(4, 8, mask_zero=True)(qi)
        y = K.layers.MultiHeadAttention(num_heads=2, key_dim=2)(query=q, value=vi)
        return K.Model([qi, vi], K.layers.LSTM(3)(y))
    process(ctx, "ks_mha_query_mask_propagation", qprop, zipped(query_ids=tq, value=val),
            extra=tested(mha_t + "test_query_mask_propagation", mha_t2 + "test_query_mask_progagation"),
            notes="Embedding(4, 8, mask_zero=True)(query ids) -> MultiHeadAttention(2, 2)(query, value unmasked) -> "
                  "LSTM(3): the LSTM skips the padded queries only if the output carries the query's mask.")

    # test_masking_with_different_shapes (Keras 3): attention_mask (B, T, S) and (B, heads, T, S).
    x5 = batches(I, "ks_mshape_x", (5, 8))
    tril = np.tril(np.ones((5, 5), np.float32))
    m3 = {lbl: I.add(f"ks_mshape_m3_{lbl}", np.tile(tril[None], (int(lbl[1:]), 1, 1)), note="tril (B, 5, 5)")
          for lbl in x5}
    m4 = {lbl: I.add(f"ks_mshape_m4_{lbl}", np.tile(tril[None, None], (int(lbl[1:]), 2, 1, 1)),
                     note="tril (B, 2, 5, 5)") for lbl in x5}
    r4 = {lbl: zero_one(I, f"ks_mshape_r4_{lbl}", (int(lbl[1:]), 2, 5, 5), 0.3) for lbl in x5}
    for case, masks, shape in (("3d", m3, (5, 5)), ("4d", m4, (2, 5, 5)), ("4d_random", r4, (2, 5, 5))):
        def build(fw, shape=shape):
            K = FW[fw]
            xi = K.Input((5, 8), name="x")
            mi = K.Input(shape, name="mask")
            y = K.layers.MultiHeadAttention(num_heads=2, key_dim=4)(query=xi, value=xi, attention_mask=mi)
            return K.Model([xi, mi], y)
        process(ctx, f"ks_mha_mask_shape_{case}", build, zipped(x=x5, mask=masks),
                extra=tested(mha_t + "test_masking_with_different_shapes"),
                notes=f"MultiHeadAttention(2, 4)(x, x, attention_mask=m), m (B, {shape}); a 4-D mask has one "
                      "(T, S) mask per head.")

    # test_causal_only_masks_when_fused_path_disabled (dropout_only) and ..._non_4d_inputs.
    x6 = batches(I, "ks_causal_x6", (6, 8))

    def causal_dropout(fw):
        K = FW[fw]
        xi = K.Input((6, 8), name="x")
        return K.Model(xi, K.layers.MultiHeadAttention(num_heads=2, key_dim=4, dropout=0.1)(
            xi, xi, use_causal_mask=True))
    process(ctx, "ks_mha_causal_dropout", causal_dropout, named(x6, "x"),
            extra=tested(mha_t + "test_causal_only_masks_when_fused_path_disabled_dropout_only"),
            notes="MultiHeadAttention(2, 4, dropout=0.1)(x, x, use_causal_mask=True): Keras 3's non-fused path.")
    x53 = batches(I, "ks_causal_x53", (5, 3, 8))

    def causal_4d(fw):
        K = FW[fw]
        xi = K.Input((5, 3, 8), name="x")
        z, a = K.layers.MultiHeadAttention(num_heads=2, key_dim=4, attention_axes=1)(
            xi, xi, use_causal_mask=True, return_attention_scores=True)
        return K.Model(xi, [z, a])
    process(ctx, "ks_mha_causal_4d_axis1", causal_4d, named(x53, "x"),
            extra=tested(mha_t + "test_causal_only_masks_non_4d_inputs"),
            notes="MultiHeadAttention(2, 4, attention_axes=1)(x, x, use_causal_mask=True, "
                  "return_attention_scores=True) on (5, 3, 8): the causal mask (1, 5, 5) broadcast over axis 2.")

    # test_masked_attention (tf-keras, no_bias, with key) and test_masked_attention_with_scores.
    q48 = {"b3": I.add("ks_ma_q_b3", (10 * I.rng_for("ks_ma_q").random((3, 4, 8))).astype(np.float32),
                       note="10 * uniform[0, 1) as in the test")}
    v28 = {"b3": I.add("ks_ma_v_b3", (10 * I.rng_for("ks_ma_v").random((3, 2, 8))).astype(np.float32),
                       note="10 * uniform[0, 1) as in the test")}
    m42 = {"b3": I.add("ks_ma_m_b3", I.rng_for("ks_ma_m").integers(0, 2, (3, 4, 2)).astype(np.float32),
                       note="randint(2) mask as in the test")}
    for use_bias in (True, False):
        def build(fw, use_bias=use_bias):
            K = FW[fw]
            qi = K.Input((4, 8), name="query")
            vi = K.Input((2, 8), name="value")
            ki = K.Input((2, 8), name="key")
            mi = K.Input((4, 2), name="mask")
            layer = K.layers.MultiHeadAttention(num_heads=2, key_dim=2, use_bias=use_bias)
            y, s = layer(qi, value=vi, key=ki, attention_mask=mi, return_attention_scores=True)
            return K.Model([qi, vi, ki, mi], [y, s])
        bias = "with_bias" if use_bias else "no_bias"
        process(ctx, f"ks_mha_masked_attention_{bias}", build, zipped(query=q48, value=v28, key=v28, mask=m42),
                extra=tested(mha_t2 + "test_masked_attention_" + bias, mha_t2 + "test_masked_attention_with_scores"),
                notes=f"MultiHeadAttention(2, 2, use_bias={use_bias})(query, value=, key=, attention_mask=, "
                      "return_attention_scores=True); key = value data, mask randint(2).")

    # test_attention_scores_with_values (tf-keras): cross-attention scores (B, heads, 4, 6).
    qc = batches(I, "ks_sc_q", (4, 8))
    vc = batches(I, "ks_sc_v", (6, 8))

    def scores_values(fw):
        K = FW[fw]
        qi = K.Input((4, 8), name="query")
        vi = K.Input((6, 8), name="value")
        y, s = K.layers.MultiHeadAttention(num_heads=3, key_dim=4)(qi, vi, return_attention_scores=True)
        return K.Model([qi, vi], [y, s])
    process(ctx, "ks_mha_scores_with_values", scores_values, zipped(query=qc, value=vc),
            extra=tested(mha_t2 + "test_attention_scores_with_values", mha_t + "test_symbolic_return_attention_scores"),
            notes="MultiHeadAttention(3, 4)(query (4, 8), value (6, 8), return_attention_scores=True).")

    # test_correctness (Keras 3), float32: identity projections, the test's query/key/value.
    eye = np.identity(8, np.float32)[None]
    qv = {"test": I.add("ks_corr_q", eye, note="identity(8) as in the test")}
    vv = {"test": I.add("ks_corr_v", (np.arange(64, dtype=np.float32).reshape(1, 8, 8) / 100.0),
                        note="arange(64)/100 as in the test")}

    def correctness(dtype):
        def build(fw):
            K = FW[fw]
            qi = K.Input((8, 8), name="query")
            ki = K.Input((8, 8), name="key")
            vi = K.Input((8, 8), name="value")
            kw = {"dtype": dtype} if dtype else {}
            layer = K.layers.MultiHeadAttention(num_heads=8, key_dim=8, **kw)
            y, s = layer(query=qi, value=vi, key=ki, return_attention_scores=True)
            return K.Model([qi, ki, vi], [y, s])
        return build
    process(ctx, "ks_mha_correctness", correctness(None), zipped(query=qv, key=qv, value=vv),
            extra=tested(mha_t + "test_correctness_disable_flash_attention"),
            notes="MultiHeadAttention(8, 8)(query=identity, value=arange/100, key=identity, "
                  "return_attention_scores=True) in float32 with random weights.")
    process(ctx, "ks_mha_float16", correctness("float16"), zipped(query=qv, key=qv, value=vv),
            extra=tested(mha_t + "test_correctness_disable_flash_attention", mha_t2 + "test_sublayer_dtypes_float16"),
            notes="MultiHeadAttention(8, 8, dtype='float16'): the test's dtype. kerasj computes in float32 and must "
                  "refuse a float16 compute dtype at load rather than differ silently.")

    # use_gate, sliding_window (Keras 3.15.1 options): test_basics / test_sliding_window.
    def gate(fw):
        K = FW[fw]
        qi = K.Input((8, 16), name="query")
        vi = K.Input((4, 16), name="value")
        return K.Model([qi, vi], K.layers.MultiHeadAttention(num_heads=2, key_dim=2, use_gate=True)(qi, vi))
    q816 = batches(I, "ks_gate_q", (8, 16))
    v416 = batches(I, "ks_gate_v", (4, 16))
    process(ctx, "ks_mha_use_gate", gate, zipped(query=q816, value=v416), producers=("k3",),
            extra={**tested(mha_t + "test_basics"), "why_not_k2": "use_gate is a Keras 3 option"},
            notes="Keras 3 MultiHeadAttention(2, 2, use_gate=True)(query (8, 16), value (4, 16)).")
    x68 = batches(I, "ks_sw_x", (6, 8))
    for causal in (True, False):
        def sw(fw, causal=causal):
            K = FW[fw]
            xi = K.Input((6, 8), name="x")
            y, s = K.layers.MultiHeadAttention(num_heads=2, key_dim=4, sliding_window=3)(
                xi, xi, use_causal_mask=causal, return_attention_scores=True)
            return K.Model(xi, [y, s])
        process(ctx, "ks_mha_sliding_window" + ("_causal" if causal else ""), sw, named(x68, "x"),
                producers=("k3",),
                extra={**tested(mha_t + "test_sliding_window"), "why_not_k2": "sliding_window is a Keras 3 option"},
                notes=f"Keras 3 MultiHeadAttention(2, 4, sliding_window=3)(x, x, use_causal_mask={causal}, "
                      "return_attention_scores=True).")


# ---------------------------------------------------------------------------
# Attention, AdditiveAttention
# ---------------------------------------------------------------------------
def section_attention(ctx):
    I = ctx.I
    att_t = K3_TEST + "attention/attention_test.py::AttentionTest::"
    add_t = K3_TEST + "attention/additive_attention_test.py::AdditiveAttentionTest::"
    att_t2 = K2_TEST + "attention/attention_test.py::"

    # test_attention_correctness / AdditiveAttention test_attention_correctness: [query, value, key].
    q = {"test": I.add("ks_ac_q", np.array([[[1.0, 0.0], [0.0, 1.0]]], np.float32), note="the test's query")}
    k = {"test": I.add("ks_ac_k", np.array([[[0.0, 1.0], [1.0, 0.0]]], np.float32), note="the test's key")}
    v = {"test": I.add("ks_ac_v", np.array([[[1.0, 2.0], [3.0, 4.0]]], np.float32), note="the test's value")}
    for rnd in ("b3", "b1"):
        b = int(rnd[1:])
        q[rnd] = I.normal(f"ks_ac_q_{rnd}", (b, 2, 2), 1.0)
        k[rnd] = I.normal(f"ks_ac_k_{rnd}", (b, 2, 2), 1.0)
        v[rnd] = I.normal(f"ks_ac_v_{rnd}", (b, 2, 2), 1.0)

    def qvk(cls, **kw):
        def build(fw):
            K = FW[fw]
            qi = K.Input((2, 2), name="query")
            vi = K.Input((2, 2), name="value")
            ki = K.Input((2, 2), name="key")
            y, s = getattr(K.layers, cls)(**kw)([qi, vi, ki], return_attention_scores=True)
            return K.Model([qi, vi, ki], [y, s])
        return build
    process(ctx, "ks_att_correctness_dot", qvk("Attention", score_mode="dot"), zipped(query=q, value=v, key=k),
            extra=tested(att_t + "test_attention_correctness"),
            notes="Attention(score_mode='dot')([query, value, key], return_attention_scores=True).")
    process(ctx, "ks_att_correctness_concat", qvk("Attention", score_mode="concat"), zipped(query=q, value=v, key=k),
            extra=tested(att_t + "test_attention_correctness"),
            notes="Attention(score_mode='concat')([query, value, key], return_attention_scores=True).")
    process(ctx, "ks_additive_correctness", qvk("AdditiveAttention"), zipped(query=q, value=v, key=k),
            extra=tested(add_t + "test_attention_correctness"),
            notes="AdditiveAttention()([query, value, key], return_attention_scores=True).")

    # test_attention_with_mask: mask=[query_mask, value_mask] passed to the call as tensors.
    mq = {"test": I.add("ks_am_q", np.array([[[1.0, 0.0], [0.0, 1.0]]], np.float32), note="the test's query")}
    mv = {"test": I.add("ks_am_v", np.array([[[1.0, 1.0], [1.0, 1.0]]], np.float32), note="the test's value")}
    mqm = {"test": I.add("ks_am_qm", np.array([[1.0, 0.0]], np.float32), note="the test's query mask")}
    mvm = {"test": I.add("ks_am_vm", np.array([[1.0, 0.0]], np.float32), note="the test's value mask")}
    rq = batches(I, "ks_am_rq", (3, 2), sizes=(3,))
    rv = batches(I, "ks_am_rv", (4, 2), sizes=(3,))
    mq["b3"], mv["b3"] = rq["b3"], rv["b3"]
    mqm["b3"] = zero_one(I, "ks_am_rqm", (3, 3), 0.3)
    mvm["b3"] = zero_one(I, "ks_am_rvm", (3, 4), 0.3)
    for cls in ("Attention", "AdditiveAttention"):
        def build(fw, cls=cls):
            K = FW[fw]
            qi = K.Input((None, 2), name="query")
            vi = K.Input((None, 2), name="value")
            qm = K.Input((None,), name="query_mask", dtype="bool")
            vm = K.Input((None,), name="value_mask", dtype="bool")
            y, s = getattr(K.layers, cls)()([qi, vi], mask=[qm, vm], return_attention_scores=True)
            return K.Model([qi, vi, qm, vm], [y, s])
        name = "ks_att_mask_argument" if cls == "Attention" else "ks_additive_mask_argument"
        process(ctx, name, build, zipped(query=mq, value=mv, query_mask=mqm, value_mask=mvm),
                extra=tested((att_t if cls == "Attention" else add_t) + "test_attention_with_mask",
                             att_t + "test_attention_2D_mask_shape_mismatch"),
                notes=f"{cls}()([query, value], mask=[query_mask, value_mask], return_attention_scores=True) with "
                      "the masks as bool Inputs (fed 0/1).")

    # test_attention_compute_output_shape: value features differ from query/key features.
    q34 = batches(I, "ks_aos_q", (3, 4))
    v35 = batches(I, "ks_aos_v", (3, 5))
    k34 = batches(I, "ks_aos_k", (3, 4))
    for cls in ("Attention", "AdditiveAttention"):
        def build(fw, cls=cls):
            K = FW[fw]
            qi = K.Input((3, 4), name="query")
            vi = K.Input((3, 5), name="value")
            ki = K.Input((3, 4), name="key")
            return K.Model([qi, vi, ki], getattr(K.layers, cls)()([qi, vi, ki]))
        process(ctx, "ks_att_value_dim" if cls == "Attention" else "ks_additive_value_dim", build,
                zipped(query=q34, value=v35, key=k34), extra=tested(att_t + "test_attention_compute_output_shape"),
                notes=f"{cls}()([query (3, 4), value (3, 5), key (3, 4)]): the output has the value's features.")

    # test_attention_nd_inputs: 4-D inputs, scores over the last two axes.
    x4 = batches(I, "ks_and_q", (8, 6, 4))
    y4 = batches(I, "ks_and_v", (8, 6, 4))
    for cls in ("Attention", "AdditiveAttention"):
        def build(fw, cls=cls):
            K = FW[fw]
            qi = K.Input((8, 6, 4), name="query")
            vi = K.Input((8, 6, 4), name="value")
            y, s = getattr(K.layers, cls)()([qi, vi], return_attention_scores=True)
            return K.Model([qi, vi], [y, s])
        process(ctx, "ks_att_nd_inputs" if cls == "Attention" else "ks_additive_nd_inputs", build,
                zipped(query=x4, value=y4), extra=tested(att_t + "test_attention_nd_inputs"),
                notes=f"{cls}()([query (8, 6, 4), value (8, 6, 4)], return_attention_scores=True).")

    # test_attention_basics: dropout with concat and use_scale (off at inference), q and v lengths differ.
    q34b = batches(I, "ks_ab_q", (3, 4))
    v44b = batches(I, "ks_ab_v", (4, 4))
    for case, kw in (("dot_dropout", {"score_mode": "dot", "dropout": 0.5}),
                     ("concat_scale_dropout", {"use_scale": True, "score_mode": "concat", "dropout": 0.5})):
        def build(fw, kw=kw):
            K = FW[fw]
            qi = K.Input((3, 4), name="query")
            vi = K.Input((4, 4), name="value")
            return K.Model([qi, vi], K.layers.Attention(**kw)([qi, vi], use_causal_mask=True))
        process(ctx, f"ks_att_basics_{case}", build, zipped(query=q34b, value=v44b),
                extra=tested(att_t + "test_attention_basics"),
                notes=f"Attention({kw})([query (3, 4), value (4, 4)], use_causal_mask=True).")

    # tf-keras test_implicit_mask: masks from Masking(1.1) and Masking(1.2) (non-zero mask values).
    qi = np.array([[[1.1], [1.0]]], np.float32)
    vi = np.array([[[1.2], [1.0]]], np.float32)
    rq = I.rng_for("ks_im_q").standard_normal((3, 4, 1)).astype(np.float32)
    rv = I.rng_for("ks_im_v").standard_normal((3, 5, 1)).astype(np.float32)
    rq[0, 1], rq[1, 3], rq[2, :] = 1.1, 1.1, 1.1
    rv[0, 0], rv[1, 2:] = 1.2, 1.2
    imq = {"test": I.add("ks_im_q_test", qi, note="the test's query"),
           "b3": I.add("ks_im_q_b3", rq, note="normal with steps equal to 1.1 (row 2 all 1.1)")}
    imv = {"test": I.add("ks_im_v_test", vi, note="the test's value"),
           "b3": I.add("ks_im_v_b3", rv, note="normal with steps equal to 1.2")}
    for cls in ("Attention", "AdditiveAttention"):
        def build(fw, cls=cls):
            K = FW[fw]
            q = K.Input((None, 1), name="query")
            v = K.Input((None, 1), name="value")
            y = getattr(K.layers, cls)()([K.layers.Masking(1.1)(q), K.layers.Masking(1.2)(v)])
            return K.Model([q, v], y)
        process(ctx, "ks_att_implicit_mask" if cls == "Attention" else "ks_additive_implicit_mask", build,
                zipped(query=imq, value=imv), extra=tested(att_t2 + "AttentionTest::test_implicit_mask"),
                notes=f"Masking(1.1)(query), Masking(1.2)(value) -> {cls}()([query, value]).")

    # Not here: tf-keras' deprecated Attention(causal=True) (test_causal). tf-keras does not write
    # `causal` into the config, so its own reload of the file is not causal (it differs from the
    # model in memory by up to 2.9 on these inputs); kerasj reads what the file says, as Keras does.


# ---------------------------------------------------------------------------
# EinsumDense: every equation of einsum_dense_test
# ---------------------------------------------------------------------------
EINSUM_CASES = [
    ("_1d_end_weight", "ab,b->a", None, (2, 32), ()),
    ("_2d_middle_weight", "ab,bc->ac", None, (2, 32), (64,)),
    ("_3d_bert", "abc,cde->abde", None, (2, 1, 2), (1, 3, 4)),
    ("_3d_3_bias", "abc,cde->abde", "e", (2, 1, 2), (1, 3, 4)),
    ("_3d_2_bias", "abc,cde->abde", "d", (2, 1, 2), (1, 3, 4)),
    ("_3d_1_3_bias", "abc,cde->abde", "be", (2, 7, 2), (7, 3, 4)),
    ("_3d_bert_projection", "BFNH,NHD->BFD", None, (2, 1, 2, 3), (1, 4)),
    ("_2d_bert", "abc,cd->abd", None, (2, 1, 2), (1, 4)),
    ("_embedding_1d", "i,d->id", None, (2,), (2,)),
    ("_xlnet_lm", "ibd,nd->ibn", None, (2, 2, 1), (2, 2)),
    ("_2d_precast", "...b,bc->...c", None, (2, 32), (64,)),
    ("_2d_precast_elided_input_used_in_output", "...bc,bc->...b", None, (2, 32, 64), (32,)),
    ("_2d_precast_multiple_elided_dims", "...b,bc->...c", None, (2, 3, 32), (64,)),
    ("_3d_precast", "...c,cde->...de", None, (2, 1, 2), (3, 4)),
    ("_3d_precast_3_bias", "...c,cde->...de", "e", (2, 1, 2), (3, 4)),
    ("_3d_precast_2_bias", "...c,cde->...de", "d", (2, 1, 2), (3, 4)),
    ("_3d_precast_2_3_bias", "...c,cde->...de", "de", (2, 1, 2), (3, 4)),
    ("_2d_postcast", "bc...,cd->bd...", None, (2, 1, 2, 3), (4,)),
    ("_3d_postcast", "bc...,cde->bde...", None, (2, 1, 2), (3, 4)),
    ("_3d_postcast_1_bias", "bc...,cde->bde...", "d", (2, 1, 2), (3, 4)),
    ("_3d_postcast_2_bias", "bc...,cde->bde...", "e", (2, 1, 2), (3, 4)),
    ("_3d_postcast_1_2_bias", "bc...,cde->bde...", "de", (2, 1, 2), (3, 4)),
    # Not in the parameterized list: the equation of test_enable_lora / test_einsum_dense_quantize.
    ("_ab_bcd", "ab,bcd->acd", "d", (2, 4), (8, 32)),
]


def section_einsum(ctx):
    I = ctx.I
    t = K3_TEST + "core/einsum_dense_test.py::EinsumDenseTest::test_einsum_dense_basics"
    t2 = K2_TEST + "core/einsum_dense_test.py::TestEinsumDenseLayer::test_layer_creation"
    for case, eq, bias, in_shape, out_shape in EINSUM_CASES:
        x = batches(I, f"ks_ed{case}", in_shape[1:], sizes=(3, 1))

        def build(fw, eq=eq, bias=bias, in_shape=in_shape, out_shape=out_shape):
            K = FW[fw]
            xi = K.Input(in_shape[1:], name="x")
            return K.Model(xi, K.layers.EinsumDense(eq, output_shape=out_shape, bias_axes=bias)(xi))
        names = ([K3_TEST + "core/einsum_dense_test.py::EinsumDenseTest::test_enable_lora"] if case == "_ab_bcd"
                 else [t + case, t2 + case])
        process(ctx, "ks_einsum" + case, build, named(x, "x"), extra=tested(*names),
                notes=f"EinsumDense({eq!r}, output_shape={out_shape}, bias_axes={bias!r}) on input {in_shape} "
                      "(the test's full shape; the model's batch is free).")


# ---------------------------------------------------------------------------
# LayerNormalization, GroupNormalization, UnitNormalization, Softmax, Embedding
# ---------------------------------------------------------------------------
def section_layers(ctx):
    I = ctx.I
    ln_t = K3_TEST + "normalization/layer_normalization_test.py::LayerNormalizationTest::"
    gn_t = K3_TEST + "normalization/group_normalization_test.py::GroupNormalizationTest::"
    un_t = K3_TEST + "normalization/unit_normalization_test.py::UnitNormalizationTest::"
    sm_t = K3_TEST + "activations/softmax_test.py::SoftmaxTest::"
    em_t = K3_TEST + "core/embedding_test.py::EmbeddingTest::"

    def one(name, shape, make, sets, tests, notes, producers=("k2", "k3"), extra=None):
        def build(fw):
            K = FW[fw]
            x = K.Input(shape, name="x")
            return K.Model(x, make(K.layers)(x))
        process(ctx, name, build, named(sets, "x"), producers=producers,
                extra={**tested(*tests), **(extra or {})}, notes=notes)

    def shifted(prefix, shape):
        # The test's loc=5, scale=10 data (a large mean), and plain normal data.
        out = batches(I, prefix, shape)
        out["b3_loc5_scale10"] = I.add(f"{prefix}_loc5", (5 + 10 * I.rng_for(prefix + "_loc5").standard_normal(
            (3,) + shape)).astype(np.float32), note="normal(5, 10)")
        return out

    one("ks_ln_scale_center_off", (3,), lambda L: L.LayerNormalization(scale=False, center=False),
        shifted("ks_ln_3", (3,)), [ln_t + "test_ln_basics"], "LayerNormalization(scale=False, center=False) on (3,).")
    one("ks_ln_rms_scaling", (3,), lambda L: L.LayerNormalization(rms_scaling=True),
        shifted("ks_ln_3", (3,)), [ln_t + "test_ln_basics", ln_t + "test_output_with_rms_scaling"],
        "Keras 3 LayerNormalization(rms_scaling=True) on (3,).", producers=("k3",),
        extra={"why_not_k2": "rms_scaling is a Keras 3 option"})
    one("ks_ln_axes_3", (8, 8, 3), lambda L: L.LayerNormalization(axis=(-3, -2, -1)),
        shifted("ks_ln_883", (8, 8, 3)), [ln_t + "test_ln_basics"],
        "LayerNormalization(axis=(-3, -2, -1)) on (8, 8, 3).")
    one("ks_ln_unsorted_axis", (3, 4), lambda L: L.LayerNormalization(axis=[-1, -2]),
        shifted("ks_ln_34", (3, 4)), [ln_t + "test_unsorted_axis"], "LayerNormalization(axis=[-1, -2]) on (3, 4).")
    one("ks_ln_default_large_mean", (2, 2, 2), lambda L: L.LayerNormalization(),
        shifted("ks_ln_222", (2, 2, 2)), [ln_t + "test_correctness", ln_t + "test_output"],
        "LayerNormalization() on (2, 2, 2) with normal(5, 10) data.")

    one("ks_gn_default", (4, 32), lambda L: L.GroupNormalization(), shifted("ks_gn_432", (4, 32)),
        [gn_t + "test_groupnorm"], "GroupNormalization() (32 groups) on (4, 32).")
    one("ks_gn_groups4", (4, 4), lambda L: L.GroupNormalization(groups=4), shifted("ks_gn_44", (4, 4)),
        [gn_t + "test_groupnorm"], "GroupNormalization(groups=4) on (4, 4).")
    one("ks_gn_1d_1_group", (8,), lambda L: L.GroupNormalization(groups=1, axis=-1, scale=False, center=False),
        shifted("ks_gn_8", (8,)), [gn_t + "test_correctness_1d"],
        "GroupNormalization(groups=1, axis=-1, scale=False, center=False) on (8,).")
    one("ks_gn_1d_2_groups", (8,), lambda L: L.GroupNormalization(groups=2, axis=1, scale=False, center=False),
        shifted("ks_gn_8", (8,)), [gn_t + "test_correctness_1d"],
        "GroupNormalization(groups=2, axis=1, scale=False, center=False) on (8,).")
    one("ks_gn_2d_2_groups", (2, 4), lambda L: L.GroupNormalization(groups=2, axis=2, scale=False, center=False),
        shifted("ks_gn_24", (2, 4)), [gn_t + "test_correctness_2d"],
        "GroupNormalization(groups=2, axis=2, scale=False, center=False) on (2, 4).")
    one("ks_gn_instance", (3, 4), lambda L: L.GroupNormalization(groups=-1, axis=-1, scale=False, center=False),
        shifted("ks_gn_34", (3, 4)), [gn_t + "test_groups_instance_norm", gn_t + "test_correctness_instance_norm"],
        "GroupNormalization(groups=-1, axis=-1, scale=False, center=False) on (3, 4).")
    big = batches(I, "ks_gn_424", (4, 2, 2))
    # Not the test_mixed_precision_large_input_no_nan magnitude (70000 + noise): TensorFlow computes
    # x·inv + (beta − mean·inv) in float32, each term near 70000 (ulp 0.0078), so its output is
    # off by ~0.01 from the exact value and depends on its reduction order; kerasj computes in
    # double and differs from it by that much (measured 0.0118).
    big["arange"] = I.add("ks_gn_424_arange", np.arange(16, dtype=np.float32).reshape(1, 4, 2, 2),
                          note="the test's arange(16)")
    one("ks_gn_channels_first", (4, 2, 2), lambda L: L.GroupNormalization(groups=2, axis=1), big,
        [gn_t + "test_broadcasting_2d_channels_first"],
        "GroupNormalization(groups=2, axis=1) on (4, 2, 2).")

    one("ks_un_axis_last", (3,), lambda L: L.UnitNormalization(axis=-1), shifted("ks_ln_3", (3,)),
        [un_t + "test_un_basics", un_t + "test_correctness"], "UnitNormalization(axis=-1) on (3,).")
    one("ks_un_axes_12", (3, 3), lambda L: L.UnitNormalization(axis=(1, 2)), shifted("ks_un_33", (3, 3)),
        [un_t + "test_un_basics"], "UnitNormalization(axis=(1, 2)) on (3, 3).")

    # Softmax: masks per the tests (a fully masked row; axis=(1, 0) reaches across the batch).
    x4 = {"test": I.add("ks_sm_x", np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]],
                                            np.float32), note="3 rows of 4")}
    m4 = {"test": I.add("ks_sm_m", np.array([[1, 1, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]], np.float32),
                        note="the test's mask: partial, fully masked, kept")}
    x4["b3"] = I.normal("ks_sm_x_b3", (3, 4), 2.0)
    m4["b3"] = zero_one(I, "ks_sm_m_b3", (3, 4), 0.4)
    for case, axis in (("default", -1), ("axis_1_0", (1, 0))):
        def build(fw, axis=axis):
            K = FW[fw]
            x = K.Input((4,), name="x")
            m = K.Input((4,), name="m")
            return K.Model([x, m], K.layers.Softmax(axis=axis)(x, mask=m))
        process(ctx, f"ks_softmax_mask_{case}", build, zipped(x=x4, m=m4),
                extra=tested(sm_t + "test_softmax_masked_values_are_zero_including_fully_masked",
                             sm_t + "test_softmax_correctness_with_mask"),
                notes=f"Softmax(axis={axis})(x, mask=m) on (4,); axis 0 is the batch axis.")

    ids = {"b3": I.add("ks_em_ids_b3", I.rng_for("ks_em_ids").integers(0, 4, (3,)).astype(np.float32),
                       note="ids in [0, 4)")}
    one("ks_embedding_rank1", (), lambda L: L.Embedding(4, 3), ids, [em_t + "test_embedding_basics"],
        "Embedding(4, 3) on ids of shape (B,).")
    ids2 = {"b3": I.add("ks_em_ids2_b3", np.array([[0, 1, 2], [3, 0, 0], [4, 4, 0]], np.float32),
                        note="ids in [0, 5), zeros padded")}

    def emb_masked(fw):
        K = FW[fw]
        x = K.Input((3,), name="x")
        e = K.layers.Embedding(5, 4, mask_zero=True)(x)
        return K.Model(x, K.layers.GlobalAveragePooling1D()(e))
    process(ctx, "ks_embedding_mask_zero", emb_masked, named(ids2, "x"),
            extra=tested(em_t + "test_embedding_basics", em_t + "test_masking"),
            notes="Embedding(5, 4, mask_zero=True) on (3,) -> GlobalAveragePooling1D (masked mean).")


SECTIONS = {
    "mha": section_mha,
    "attention": section_attention,
    "einsum": section_einsum,
    "layers": section_layers,
}


def main():
    gsf.run_sections(__doc__, "generate_keras_suite_fixtures.py", DEFAULT_OUT, SECTIONS, {
        "seeds": {"global": GLOBAL_SEED, "inputs": gsf.INPUT_SEED, "weights_base": gf.WEIGHT_SEED_BASE,
                  "inputs_per_key": "numpy default_rng([inputs, crc32(input_key)])",
                  "weights_per_model": "weights_base + crc32(model_name) % 100000"},
        "weight_init": {"note": "as generate_attention_fixtures.py (kernels uniform(-sqrt(3/shape[0]), +...))"},
        "notes": [
            "Each model reproduces a configuration of Keras' own layer tests; models.<name>.keras_test names them.",
            "Expected outputs: model(x, training=False) as float32, one file per model output "
            "(expected_<fw>_<input_label>_<i>.npy); k2_* formats compare against expected_k2_*, k3_* against "
            "expected_k3_*.",
        ],
    })


if __name__ == "__main__":
    main()
