#!/usr/bin/env python3
"""Generate TensorFlow ground-truth fixtures for the chapter-16 models of Hands-On Machine Learning
(3rd ed., "Natural Language Processing with RNNs and Attention").

Run from the repository root:

    $VENV/bin/python compat-tests/python/generate_ch16_fixtures.py [--out DIR] [--only a,b]

Default output directory: compat-tests/src/test/resources/fixtures_ch16.

The models, small (vocabularies of 12-30 tokens, 8-wide embeddings) so that the fixtures stay small,
each built with the book's layers and their defaults, in tf-keras and in Keras 3:

- ``sentiment``: Sequential Input(int32) -> Embedding(mask_zero=True) -> GRU(return_sequences=True)
  -> GRU -> Dense(1, sigmoid).
- ``char_rnn``: Sequential Input(int32) -> Embedding -> GRU(return_sequences=True) x 2 ->
  Dense(n_tokens, softmax) (no padding: every id is a character).
- ``encoder_decoder_attention``: two inputs; encoder Embedding(mask_zero) -> LSTM(return_sequences,
  return_state); decoder Embedding(mask_zero) -> LSTM(return_sequences, initial_state=encoder
  states); Attention()([decoder, encoder]); Concatenate([attention, decoder]); Dense(softmax).
- ``transformer``: the book's Transformer encoder-decoder, N=2: token Embedding(mask_zero=True)
  plus a learned position Embedding (shared by encoder and decoder, fed with position ids made by
  op nodes: ``ids * 0 + arange(T)``; Keras 3 records a Multiply op node with a scalar and an Add op
  node with a ``__tensor__`` constant, tf-keras two TFOpLambda layers), added with the ``Add`` layer so that the
  padding mask propagates (tf-keras only: Keras 3's Add drops a mask when another input has none, see
  ``masked_add``); encoder blocks MultiHeadAttention(dropout=0.1) -> Add -> LayerNormalization
  -> Dense(relu) -> Dense -> Dropout -> Add -> LayerNormalization; decoder blocks with causal
  self-attention (``use_causal_mask=True``), cross-attention over the encoder outputs, the same
  feed-forward block; Dense(vocab, softmax). Padding masks reach MultiHeadAttention from the
  Embedding layers (Keras computes them at run time; nothing is recorded in the file).
- ``bert_encoder``: a small BERT-style encoder: token Embedding(mask_zero=True) + learned position
  Embedding (positions by op nodes, as above), LayerNormalization, 2 blocks of MultiHeadAttention ->
  Add -> LayerNormalization -> Dense(gelu) -> Dense -> Add -> LayerNormalization; outputs the
  sequence and the pooled output Dense(tanh) of the first token (``x[:, 0]``: a GetItem op node in
  Keras 3, SlicingOpLambda in tf-keras).
- ``masked_add``, ``masked_add_both``: the mask an ``Add`` layer passes on, which differs between tf-keras
  and Keras 3.
- ``masked_concatenate``: the mask a ``Concatenate`` layer passes on: tf-keras keeps a step where
  every existing mask keeps it; Keras 3 where any input keeps it (an unmasked input keeps all), and
  records that computation as op nodes (ExpandDims, ZerosLike, OnesLike, LogicalOr, the Concatenate
  op, Any) feeding the next layer's mask.
- ``masked_initial_state``: the encoder-decoder's masks without Attention: a decoder LSTM given the
  encoder's states as ``initial_state``, then a GRU. tf-keras masks both; Keras 3 passes no mask to
  the LSTM (a call with more than one tensor argument gets none), yet the LSTM's output carries the
  decoder mask on to the GRU. Both sequences are outputs.
- ``positional_encoding``: the book's fixed sinusoidal ``PositionalEncoding`` (a user-defined layer,
  no weights, no get_config, ``supports_masking``) after Embedding(mask_zero=True), one
  self-attention block, Dense(softmax). Loading it needs the class: custom_objects in Python, a
  registered LayerFactory in Java.

Inputs: token ids stored as float32 .npy (kerasj and Keras both cast them to the Input's int32),
with trailing padding (id 0) of different lengths per row and one row with no padding, so that the
masks matter; ``manifest.json`` -> ``models.<name>.unmasked_max_abs_diff`` records how far the
outputs move when the same weights run without ``mask_zero`` (a fixture whose masks did not matter
would not test them).

Expected outputs are model(x, training=False) in the framework that wrote the file; files, cases and
manifest fields are those of generate_semantics_fixtures.py, whose per-model pipeline (weights
seeded by name, copied tf-keras -> Keras 3, every format saved and reloaded) this script reuses.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_semantics_fixtures as gs  # noqa: E402  (sets the env, imports tf / tf_keras / keras)
import generate_fixtures as gf  # noqa: E402


import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "test" / "resources" / "fixtures_ch16"
FW = gf.FW


# ---------------------------------------------------------------------------
# The book's PositionalEncoding, once per framework (the book's code, minus its dtype argument,
# which Keras 3 cannot serialize; tf-keras ops in one, keras.ops in the other).
# ---------------------------------------------------------------------------
def sinusoids(max_length, embed_size):
    assert embed_size % 2 == 0, "embed_size must be even"
    p, i = np.meshgrid(np.arange(max_length), 2 * np.arange(embed_size // 2))
    pos_emb = np.empty((1, max_length, embed_size))
    pos_emb[0, :, ::2] = np.sin(p / 10_000 ** (i / embed_size)).T
    pos_emb[0, :, 1::2] = np.cos(p / 10_000 ** (i / embed_size)).T
    return pos_emb.astype(np.float32)


class K2PositionalEncoding(tf_keras.layers.Layer):
    def __init__(self, max_length, embed_size, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.embed_size = embed_size
        self.pos_encodings = tf.constant(sinusoids(max_length, embed_size))
        self.supports_masking = True

    def call(self, inputs):
        batch_max_length = tf.shape(inputs)[1]
        return inputs + self.pos_encodings[:, :batch_max_length]


class K3PositionalEncoding(keras.layers.Layer):
    def __init__(self, max_length, embed_size, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.embed_size = embed_size
        self.pos_encodings = sinusoids(max_length, embed_size)
        self.supports_masking = True

    def call(self, inputs):
        batch_max_length = keras.ops.shape(inputs)[1]
        return inputs + self.pos_encodings[:, :batch_max_length]

    def compute_output_shape(self, input_shape):
        # Keras 3 infers shapes by calling call() on symbolic tensors, whose length is None.
        return input_shape


K2PositionalEncoding.__name__ = K3PositionalEncoding.__name__ = "PositionalEncoding"
K2PositionalEncoding.__qualname__ = K3PositionalEncoding.__qualname__ = "PositionalEncoding"
PE = {"k2": K2PositionalEncoding, "k3": K3PositionalEncoding}
# Reloading (gf.load_format) and building (gs.process) look custom classes up here.
for _fw in FW:
    gf.CUSTOM[_fw]["PositionalEncoding"] = PE[_fw]


# ---------------------------------------------------------------------------
# Builders: builder(fw, mask) -> model; mask=False is the same graph without mask_zero, used only
# to measure how much the masks change the outputs.
# ---------------------------------------------------------------------------
def ids_input(K, name, length=None):
    return K.Input(shape=(length,), dtype="int32", name=name)


def positions(fw, ids, length):
    """Position ids 0..length-1 for every row, as op nodes on the symbolic ids (a multiply by a
    scalar, then an add broadcasting a constant row)."""
    if fw == "k3":
        return ids * 0 + keras.ops.arange(length)
    return ids * 0 + tf.range(length)


def sentiment(fw, mask=True):
    K = FW[fw]
    L = K.layers
    return K.Sequential([ids_input(K, "ids"), L.Embedding(30, 8, mask_zero=mask), L.GRU(8, return_sequences=True),
                         L.GRU(8), L.Dense(1, activation="sigmoid")], name="sentiment")


CHAR_TOKENS = 12


def char_rnn(fw, mask=True):
    K = FW[fw]
    L = K.layers
    return K.Sequential([ids_input(K, "ids"), L.Embedding(CHAR_TOKENS, 6), L.GRU(10, return_sequences=True),
                         L.GRU(10, return_sequences=True), L.Dense(CHAR_TOKENS, activation="softmax")],
                        name="char_rnn")


def encoder_decoder_attention(fw, mask=True):
    K = FW[fw]
    L = K.layers
    vocab, embed, units = 20, 8, 10
    encoder_inputs = ids_input(K, "encoder_inputs")
    decoder_inputs = ids_input(K, "decoder_inputs")
    encoder_embeddings = L.Embedding(vocab, embed, mask_zero=mask)(encoder_inputs)
    decoder_embeddings = L.Embedding(vocab, embed, mask_zero=mask)(decoder_inputs)
    encoder = L.LSTM(units, return_sequences=True, return_state=True)
    encoder_outputs, *encoder_state = encoder(encoder_embeddings)
    decoder = L.LSTM(units, return_sequences=True)
    decoder_outputs = decoder(decoder_embeddings, initial_state=encoder_state)
    attention_outputs = L.Attention()([decoder_outputs, encoder_outputs])
    z = L.Concatenate()([attention_outputs, decoder_outputs])
    y_proba = L.Dense(vocab, activation="softmax")(z)
    return K.Model([encoder_inputs, decoder_inputs], y_proba, name="encoder_decoder_attention")


TR_ENC_LEN, TR_DEC_LEN = 7, 6


def transformer(fw, mask=True, n=2, vocab=20, embed=8, heads=2, ffn=16, dropout=0.1):
    K = FW[fw]
    L = K.layers
    encoder_inputs = ids_input(K, "encoder_inputs", TR_ENC_LEN)
    decoder_inputs = ids_input(K, "decoder_inputs", TR_DEC_LEN)
    encoder_embeddings = L.Embedding(vocab, embed, mask_zero=mask)(encoder_inputs)
    decoder_embeddings = L.Embedding(vocab, embed, mask_zero=mask)(decoder_inputs)
    pos_embed_layer = L.Embedding(max(TR_ENC_LEN, TR_DEC_LEN), embed)
    encoder_in = L.Add()([encoder_embeddings, pos_embed_layer(positions(fw, encoder_inputs, TR_ENC_LEN))])
    decoder_in = L.Add()([decoder_embeddings, pos_embed_layer(positions(fw, decoder_inputs, TR_DEC_LEN))])

    def feed_forward(z):
        skip = z
        z = L.Dense(ffn, activation="relu")(z)
        z = L.Dense(embed)(z)
        z = L.Dropout(dropout)(z)
        return L.LayerNormalization()(L.Add()([z, skip]))

    z = encoder_in
    for _ in range(n):
        skip = z
        z = L.MultiHeadAttention(num_heads=heads, key_dim=embed, dropout=dropout)(z, value=z)
        z = L.LayerNormalization()(L.Add()([z, skip]))
        z = feed_forward(z)
    encoder_outputs = z
    z = decoder_in
    for _ in range(n):
        skip = z
        z = L.MultiHeadAttention(num_heads=heads, key_dim=embed, dropout=dropout)(z, value=z, use_causal_mask=True)
        z = L.LayerNormalization()(L.Add()([z, skip]))
        skip = z
        z = L.MultiHeadAttention(num_heads=heads, key_dim=embed, dropout=dropout)(z, value=encoder_outputs)
        z = L.LayerNormalization()(L.Add()([z, skip]))
        z = feed_forward(z)
    y_proba = L.Dense(vocab, activation="softmax")(z)
    return K.Model([encoder_inputs, decoder_inputs], y_proba, name="transformer")


BERT_LEN = 8


def bert_encoder(fw, mask=True, blocks=2, vocab=24, hidden=8, heads=2, ffn=16):
    K = FW[fw]
    L = K.layers
    ids = ids_input(K, "input_ids", BERT_LEN)
    tokens = L.Embedding(vocab, hidden, mask_zero=mask)(ids)
    pos = L.Embedding(BERT_LEN, hidden)(positions(fw, ids, BERT_LEN))
    z = L.LayerNormalization()(L.Add()([tokens, pos]))
    for _ in range(blocks):
        a = L.MultiHeadAttention(num_heads=heads, key_dim=hidden // heads)(z, z)
        z = L.LayerNormalization()(L.Add()([z, a]))
        f = L.Dense(hidden)(L.Dense(ffn, activation="gelu")(z))
        z = L.LayerNormalization()(L.Add()([z, f]))
    pooled = L.Dense(hidden, activation="tanh")(z[:, 0])
    return K.Model(ids, [z, pooled], name="bert_encoder")


def masked_add(fw, mask=True, both=False, vocab=10, embed=4):
    K = FW[fw]
    L = K.layers
    a = ids_input(K, "a")
    b = ids_input(K, "b")
    ea = L.Embedding(vocab, embed, mask_zero=mask)(a)
    eb = L.Embedding(vocab, embed, mask_zero=mask and both)(b)
    return K.Model([a, b], L.GRU(3, return_sequences=True)(L.Add()([ea, eb])),
                   name="masked_add_both" if both else "masked_add")


def masked_add_both(fw, mask=True):
    return masked_add(fw, mask, both=True)


def masked_concatenate(fw, mask=True, vocab=10, embed=4):
    K = FW[fw]
    L = K.layers
    a = ids_input(K, "a")
    b = ids_input(K, "b")
    ea = L.Embedding(vocab, embed, mask_zero=mask)(a)
    eb = L.Embedding(vocab, embed)(b)
    ec = L.Embedding(vocab, embed, mask_zero=mask)(b)
    one = L.GRU(3, return_sequences=True)(L.Concatenate()([ea, eb]))  # one input masked
    both = L.GRU(3, return_sequences=True)(L.Concatenate()([ea, ec]))  # both masked, differently
    return K.Model([a, b], [one, both], name="masked_concatenate")


def masked_initial_state(fw, mask=True, vocab=10, embed=4, units=5, positional=False):
    K = FW[fw]
    L = K.layers
    a = ids_input(K, "encoder_inputs")
    b = ids_input(K, "decoder_inputs")
    _, *state = L.LSTM(units, return_state=True)(L.Embedding(vocab, embed, mask_zero=mask)(a))
    lstm = L.LSTM(units, return_sequences=True)
    e = L.Embedding(vocab, embed, mask_zero=mask)(b)
    # Positionally, the states are the call's second tensor argument; by keyword, initial_state.
    z = lstm(e, state) if positional else lstm(e, initial_state=state)
    # Both outputs: the LSTM's shows whether it was masked, the GRU's whether the mask went on.
    name = "masked_initial_state_positional" if positional else "masked_initial_state"
    return K.Model([a, b], [z, L.GRU(3, return_sequences=True)(z)], name=name)


def masked_initial_state_positional(fw, mask=True):
    return masked_initial_state(fw, mask, positional=True)


def masked_bidirectional_initial_state(fw, mask=True, vocab=10, embed=4, units=5):
    K = FW[fw]
    L = K.layers
    a = ids_input(K, "encoder_inputs")
    b = ids_input(K, "decoder_inputs")
    _, *state = L.Bidirectional(L.LSTM(units, return_state=True))(L.Embedding(vocab, embed, mask_zero=mask)(a))
    z = L.Bidirectional(L.LSTM(units, return_sequences=True))(
        L.Embedding(vocab, embed, mask_zero=mask)(b), initial_state=state)
    return K.Model([a, b], [z, L.GRU(3, return_sequences=True)(z)], name="masked_bidirectional_initial_state")


def masked_extremum(fw, mask=True, vocab=10, embed=4):
    K = FW[fw]
    L = K.layers
    a = ids_input(K, "a")
    b = ids_input(K, "b")
    ea = L.Embedding(vocab, embed, mask_zero=mask)(a)
    eb = L.Embedding(vocab, embed, mask_zero=mask)(b)
    ec = L.Embedding(vocab, embed)(b)  # never masked
    mx = L.Maximum()([ea, eb])
    return K.Model([a, b], [mx, L.Minimum()([ea, eb, ec]), L.Minimum()([ec, ea]), L.GRU(3, return_sequences=True)(mx)],
                   name="masked_extremum")


PE_MAX_LEN = 16


def positional_encoding(fw, mask=True, vocab=20, embed=8):
    K = FW[fw]
    L = K.layers
    ids = ids_input(K, "ids")
    z = PE[fw](PE_MAX_LEN, embed)(L.Embedding(vocab, embed, mask_zero=mask)(ids))
    skip = z
    z = L.MultiHeadAttention(num_heads=2, key_dim=embed)(z, z)
    z = L.LayerNormalization()(L.Add()([z, skip]))
    return K.Model(ids, L.Dense(vocab, activation="softmax")(z), name="positional_encoding")


# ---------------------------------------------------------------------------
# Inputs: token ids with trailing padding
# ---------------------------------------------------------------------------
def token_ids(I, key, lengths, width, vocab):
    """(len(lengths), width) ids in [1, vocab), zero from each row's length on; float32."""
    x = I.rng_for(key).integers(1, vocab, size=(len(lengths), width))
    for r, n in enumerate(lengths):
        x[r, n:] = 0
    return I.add(key, x.astype(np.float32), note=f"token ids in [1, {vocab}) stored as float32; 0 = padding; "
                                                 f"row lengths {list(lengths)}")


def char_ids(I, key, batch, width):
    x = I.rng_for(key).integers(0, CHAR_TOKENS, size=(batch, width))
    return I.add(key, x.astype(np.float32), note=f"character ids in [0, {CHAR_TOKENS}) stored as float32")


MODELS = {}
K3_ADD_MASK = ("Keras 3's Add layer passes no mask on when one input has none (here the position embeddings), so in "
               "the Keras 3 files the padding masks never reach MultiHeadAttention; tf-keras keeps the token mask "
               "(see masked_add).")


def model(name, builder, notes, masked=True):
    MODELS[name] = (builder, notes, masked)


model("sentiment", sentiment, "Hands-On ML 3rd ed. ch. 16 sentiment model: Sequential Input(shape=(None,), "
      "int32) -> Embedding(30, 8, mask_zero=True) -> GRU(8, return_sequences=True) -> GRU(8) -> "
      "Dense(1, sigmoid). Ids as float32; 0 = padding.")
model("char_rnn", char_rnn, "Hands-On ML ch. 16 char-RNN: Sequential Input(shape=(None,), int32) -> "
      "Embedding(12, 6) -> GRU(10, return_sequences=True) x 2 -> Dense(12, softmax). No mask.", masked=False)
model("encoder_decoder_attention", encoder_decoder_attention,
      "Hands-On ML ch. 16 encoder-decoder with attention: Embedding(20, 8, mask_zero=True) per side; encoder "
      "LSTM(10, return_sequences=True, return_state=True); decoder LSTM(10, return_sequences=True) with the "
      "encoder states as initial_state; Attention()([decoder, encoder]); Concatenate([attention, decoder]); "
      "Dense(20, softmax).")
model("transformer", transformer,
      "Hands-On ML ch. 16 Transformer, N=2, d=8, 2 heads, key_dim 8, ffn 16, dropout 0.1 (inactive): token "
      "Embedding(mask_zero=True) + shared learned position Embedding(7, 8) of ids * 0 + arange(T) (op "
      "nodes), Add layer; encoder self-attention; decoder causal self-attention (use_causal_mask=True) and "
      "cross-attention; padding masks from the Embeddings at run time; Dense(20, softmax). Fixed lengths: "
      "encoder 7, decoder 6. " + K3_ADD_MASK)
model("bert_encoder", bert_encoder,
      "BERT-style encoder: token Embedding(24, 8, mask_zero=True) + position Embedding(8, 8) of ids * 0 "
      "+ arange(8) (op nodes), Add, LayerNormalization, 2 blocks (MultiHeadAttention(2, 4) -> Add -> LN -> "
      "Dense(16, gelu) -> Dense(8) -> Add -> LN); outputs: the sequence and Dense(8, tanh)(x[:, 0]). " + K3_ADD_MASK)
model("masked_add", masked_add,
      "The mask an Add layer passes on when one input has none, as in the Transformer's token + position sum: "
      "GRU(3, return_sequences=True) over Add([Embedding(mask_zero=True)(a), Embedding()(b)]). tf-keras keeps the "
      "steps the existing mask keeps; Keras 3 (base_merge.compute_mask) passes no mask on.")
model("masked_add_both", masked_add_both,
      "GRU(3, return_sequences=True) over Add([Embedding(mask_zero=True)(a), Embedding(mask_zero=True)(b)]): "
      "tf-keras keeps a step where both masks keep it (AND); Keras 3 where either does (OR), recorded as a "
      "LogicalOr op node passed as the GRU's mask.")
model("masked_concatenate", masked_concatenate,
      "GRU(3, return_sequences=True) over Concatenate([Embedding(mask_zero=True)(a), Embedding()(b)]) and over "
      "Concatenate([Embedding(mask_zero=True)(a), Embedding(mask_zero=True)(b)]): tf-keras keeps a step where every "
      "existing mask keeps it (all); Keras 3 where any input keeps it (any; an unmasked input keeps every step), "
      "recorded as op nodes (ExpandDims, ZerosLike, OnesLike, LogicalOr, Concatenate, Any) passed as the GRU's mask.")
model("masked_initial_state", masked_initial_state,
      "Encoder Embedding(10, 4, mask_zero=True) -> LSTM(5, return_state=True); decoder Embedding(10, 4, "
      "mask_zero=True) -> LSTM(5, return_sequences=True, initial_state=encoder states) -> GRU(3, "
      "return_sequences=True); outputs the LSTM's and the GRU's sequences. tf-keras passes the decoder mask to the LSTM and the GRU; Keras 3 passes none to "
      "the LSTM (Layer.__call__ fills `mask` only for a call with one tensor argument; this one also has "
      "initial_state), but the LSTM's output still carries the decoder mask (compute_mask of its first "
      "argument's mask), so the GRU is masked.")
model("masked_initial_state_positional", masked_initial_state_positional,
      "As masked_initial_state, with the decoder LSTM's initial states passed positionally "
      "(LSTM(...)(x, states)): a second tensor argument either way, so Keras 3 runs the LSTM unmasked and "
      "passes the decoder mask on; tf-keras masks it.")
model("masked_bidirectional_initial_state", masked_bidirectional_initial_state,
      "Encoder Embedding(10, 4, mask_zero=True) -> Bidirectional(LSTM(5, return_state=True)) (4 states); decoder "
      "Embedding(10, 4, mask_zero=True) -> Bidirectional(LSTM(5, return_sequences=True), initial_state=the 4 states) "
      "-> GRU(3, return_sequences=True). Keras 3 gives the decoder Bidirectional no mask (two tensor arguments) "
      "but its output carries the decoder mask on; tf-keras masks it.")
model("masked_extremum", masked_extremum,
      "Maximum([Embedding(mask_zero=True)(a), Embedding(mask_zero=True)(b)]), Minimum([ea, eb, Embedding()(b)]), "
      "Minimum([Embedding()(b), ea]) and GRU(3, return_sequences=True) over the Maximum. Keras 3 "
      "(Merge._apply_merge_op_and_or_mask) lets a masked-out step of one input take the other side's value, so "
      "padding never wins, and ORs the masks; tf-keras takes the plain maximum / minimum and ANDs the masks.")
model("positional_encoding", positional_encoding,
      "The book's sinusoidal PositionalEncoding(max_length=16, embed_size=8), a user-defined layer: "
      "Embedding(20, 8, mask_zero=True) -> PositionalEncoding -> MultiHeadAttention(2, 8) -> Add -> "
      "LayerNormalization -> Dense(20, softmax). Needs the class to load (custom_objects / a Java LayerFactory).")


def input_sets(I, name):
    if name == "sentiment":
        return {"padded": {"input_0": token_ids(I, "sent_ids_a", (7, 5, 2), 7, 30)},
                "padded_empty_row": {"input_0": token_ids(I, "sent_ids_b", (9, 1, 0, 4), 9, 30)}}
    if name == "char_rnn":
        return {"len9": {"input_0": char_ids(I, "char_ids_b3_t9", 3, 9)},
                "len1": {"input_0": char_ids(I, "char_ids_b2_t1", 2, 1)}}
    if name == "encoder_decoder_attention":
        return {"padded": {"encoder_inputs": token_ids(I, "ed_enc_a", (7, 4, 2), 7, 20),
                           "decoder_inputs": token_ids(I, "ed_dec_a", (5, 5, 3), 5, 20)},
                "padded_b": {"encoder_inputs": token_ids(I, "ed_enc_b", (3, 6), 6, 20),
                             "decoder_inputs": token_ids(I, "ed_dec_b", (2, 8), 8, 20)}}
    if name == "transformer":
        return {"padded": {"encoder_inputs": token_ids(I, "tr_enc_a", (7, 4, 2), TR_ENC_LEN, 20),
                           "decoder_inputs": token_ids(I, "tr_dec_a", (6, 3, 5), TR_DEC_LEN, 20)},
                "padded_empty_row": {"encoder_inputs": token_ids(I, "tr_enc_b", (5, 0), TR_ENC_LEN, 20),
                                     "decoder_inputs": token_ids(I, "tr_dec_b", (2, 6), TR_DEC_LEN, 20)}}
    if name == "bert_encoder":
        return {"padded": {"input_ids": token_ids(I, "bert_ids_a", (8, 5, 1), BERT_LEN, 24)},
                "padded_b": {"input_ids": token_ids(I, "bert_ids_b", (3, 8), BERT_LEN, 24)}}
    if name in ("masked_add", "masked_add_both"):
        return {"padded": {"a": token_ids(I, "ma_a", (6, 2, 4), 6, 10), "b": token_ids(I, "ma_b", (3, 5, 6), 6, 10)}}
    if name == "masked_extremum":
        return input_sets(I, "masked_concatenate")
    if name == "masked_concatenate":
        return {"padded": {"a": token_ids(I, "mc_a", (6, 2, 4), 6, 10), "b": token_ids(I, "mc_b", (3, 5, 6), 6, 10)}}
    if name == "masked_initial_state":
        return {"padded": {"encoder_inputs": token_ids(I, "mis_enc", (6, 3, 1), 6, 10),
                           "decoder_inputs": token_ids(I, "mis_dec", (5, 2, 4), 5, 10)}}
    if name in ("masked_initial_state_positional", "masked_bidirectional_initial_state"):
        return input_sets(I, "masked_initial_state")
    if name == "positional_encoding":
        return {"padded": {"ids": token_ids(I, "pe_ids_a", (9, 6, 2), 9, 20)},
                "padded_b": {"ids": token_ids(I, "pe_ids_b", (4, 1), 4, 20)}}
    raise KeyError(name)


def unmasked_difference(name, builder, models, sets, I):
    """How far the outputs move without mask_zero (same weights): evidence that the fixture tests masks."""
    diffs = {}
    for fw, m in models.items():
        gf.reset()
        with (tf_keras.utils.custom_object_scope(gf.CUSTOM["k2"]) if fw == "k2"
              else keras.saving.custom_object_scope(gf.CUSTOM["k3"])):
            twin = builder(fw, mask=False)
        twin.set_weights(m.get_weights())
        for label, s in sets.items():
            arrays = {n: I.get(k) for n, k in s.items()}
            diffs[f"{fw}/{label}"] = gs.maxdiff(gs.run(twin, fw, arrays), gs.run(m, fw, arrays))
    return diffs


def section_chapter16(ctx):
    for name, (builder, notes, masked) in MODELS.items():
        if ctx.only and name not in ctx.only:
            continue
        sets = input_sets(ctx.I, name)
        models = gs.process(ctx, name, lambda fw, b=builder: b(fw), sets, notes=notes, summary=True)
        if masked and models:
            d = unmasked_difference(name, builder, models, sets, ctx.I)
            ctx.manifest["models"][name]["unmasked_max_abs_diff"] = d
            gs.log(f"  [{name}] without masks the outputs move by up to {max(d.values()):.3e}")


def main():
    gs.run_sections(__doc__, "generate_ch16_fixtures.py", DEFAULT_OUT, {"chapter16": section_chapter16}, {
        "seeds": {"global": gf.GLOBAL_SEED, "inputs": gs.INPUT_SEED,
                  "inputs_per_key": "numpy default_rng([inputs, crc32(input_key)])",
                  "weights_base": gf.WEIGHT_SEED_BASE,
                  "weights_per_model": "weights_base + crc32(model_name) % 100000 (models.<name>.weight_seed)"},
        "weight_init": "as generate_semantics_fixtures.py (kernels glorot-uniform-like, 3-D MultiHeadAttention "
                       "kernels with fan_in = shape[0]*shape[1], fan_out = shape[0]*shape[2]; biases normal(0, 0.3); "
                       "embeddings normal(0, 0.5); gamma 1 + normal(0, 0.2); beta normal(0, 0.2)), set in tf-keras "
                       "and copied to Keras 3",
        "notes": [
            "Expected outputs: model(x, training=False) as float32, one file per output "
            "(expected_<fw>_<input_label>_<i>.npy); k2_* formats against expected_k2_*, k3_* against expected_k3_*.",
            "Token ids are float32 .npy; 0 = padding. Outputs at padded positions are compared too: they are what "
            "Keras computes there (e.g. a masked GRU step repeats the previous output; a fully masked attention "
            "row attends uniformly, since Keras adds -1e9 to masked scores).",
            "models.<name>.unmasked_max_abs_diff: max |outputs without mask_zero - outputs|, same weights.",
        ],
    })


if __name__ == "__main__":
    main()
