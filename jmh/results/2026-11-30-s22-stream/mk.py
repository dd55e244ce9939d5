import keras, numpy as np
for kind in ["LSTM","GRU","SimpleRNN"]:
  for u in [128,256,384,512,768]:
    for masked in [False, True]:
      inp = keras.Input((None,64))
      x = keras.layers.Masking()(inp) if masked else inp
      x = getattr(keras.layers, kind)(u)(x)
      m = keras.Model(inp, x)
      m.save(f"{kind.lower()}{u}{'m' if masked else ''}.keras")
