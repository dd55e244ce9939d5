import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2"); os.environ.setdefault("KERAS_BACKEND", "tensorflow")
sys.path.insert(0, "/work/main/jmh/peers")
import tensorflow as tf, models
from tf_bench import timed
wd = "/work/main/jmh/target/bench-work"
models.make_inputs(wd, models.CASES)
for name, batch, steps in models.CASES:
    m = models.load_model(name, wd)
    x = tf.constant(models.load_inputs(name, batch, steps, wd)[0])
    f = tf.function(lambda t, m=m: m(t, training=False), reduce_retracing=True)
    xla = tf.function(lambda t, m=m: m(t, training=False), jit_compile=True)
    try:
        rx = timed(lambda: xla(x), 1.0); rx = (round(rx["median_us"]), round(rx["stdev_us"]))
    except Exception as e:
        rx = type(e).__name__ + str(e)[:150]
    rf = timed(lambda: f(x), 1.0)
    print(name, batch, steps, "tf_function", round(rf["median_us"]), "xla", rx, flush=True)
