"""The notebook's custom layer-normalised SimpleRNN cell, for both frameworks.

Two classes, both named exactly ``LNSimpleRNNCell`` (the class name is what the
saved files record), are exported under distinct module-level aliases:

* ``K2LNSimpleRNNCell`` subclasses ``tf_keras.layers.Layer`` (Keras 2). This is
  the notebook code verbatim (only ``keras`` -> ``tf_keras``).
* ``K3LNSimpleRNNCell`` subclasses ``keras.layers.Layer`` (Keras 3).

As in the notebook, neither class defines ``get_config`` and neither is
registered with ``register_keras_serializable``; loading therefore needs
``custom_objects={"LNSimpleRNNCell": cls}``.
"""

import keras
import tf_keras


# --------------------------------------------------------------------------
# Keras 2 (tf-keras): notebook code verbatim.
# --------------------------------------------------------------------------
class LNSimpleRNNCell(tf_keras.layers.Layer):
    def __init__(self, units, activation="tanh", **kwargs):
        super().__init__(**kwargs)
        self.state_size = units
        self.output_size = units
        self.simple_rnn_cell = tf_keras.layers.SimpleRNNCell(units, activation=None)
        self.layer_norm = tf_keras.layers.LayerNormalization()
        self.activation = tf_keras.activations.get(activation)

    def call(self, inputs, states):
        outputs, new_states = self.simple_rnn_cell(inputs, states)
        norm_outputs = self.activation(self.layer_norm(outputs))
        return norm_outputs, [norm_outputs]


K2LNSimpleRNNCell = LNSimpleRNNCell


# --------------------------------------------------------------------------
# Keras 3: same code, plus a build() method.
#
# Minimal change, as a Keras 3 user would do it. With the verbatim notebook
# code Keras 3 3.15.1 warns when the RNN builds the cell:
#   UserWarning: `build()` was called on layer 'ln_simple_rnn_cell', however
#   the layer does not have a `build()` method implemented and it looks like
#   it has unbuilt state. ...
# and the cell's variables do not exist after model construction (only
# created lazily during the first forward pass), so e.g. model.weights /
# set_weights() right after building the Sequential see only the Dense
# weights. Adding build() that builds the two sub-layers fixes both. Weights
# (kernel, recurrent_kernel, bias, gamma, beta), their order, and the math
# are identical to the Keras 2 class.
# --------------------------------------------------------------------------
class LNSimpleRNNCell(keras.layers.Layer):  # noqa: F811 (intentional same name)
    def __init__(self, units, activation="tanh", **kwargs):
        super().__init__(**kwargs)
        self.state_size = units
        self.output_size = units
        self.simple_rnn_cell = keras.layers.SimpleRNNCell(units, activation=None)
        self.layer_norm = keras.layers.LayerNormalization()
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):  # added for Keras 3 (see comment above)
        self.simple_rnn_cell.build(input_shape)
        self.layer_norm.build((None, self.output_size))
        self.built = True

    def call(self, inputs, states):
        outputs, new_states = self.simple_rnn_cell(inputs, states)
        norm_outputs = self.activation(self.layer_norm(outputs))
        return norm_outputs, [norm_outputs]


K3LNSimpleRNNCell = LNSimpleRNNCell

__all__ = ["K2LNSimpleRNNCell", "K3LNSimpleRNNCell"]
