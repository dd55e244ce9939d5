import os, sys, json, time, statistics
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2"); os.environ.setdefault("KERAS_BACKEND", "tensorflow")
sys.path.insert(0, "/work/main/jmh/peers")
import tensorflow as tf, models
from tf_bench import timed
wd = "/work/main/jmh/target/bench-work"
for name, batch, steps in [("transformer", 1, 128), ("transformer", 16, 128), ("encdec", 1, 50)]:
    m = models.load_model(name, wd)
    xs = [tf.constant(a) for a in models.load_inputs(name, batch, steps, wd)]
    x = xs if len(xs) > 1 else xs[0]
    f = tf.function(lambda t, m=m: m(t, training=False), reduce_retracing=True)
    try:
        xla = tf.function(lambda t, m=m: m(t, training=False), jit_compile=True)
        rx = timed(lambda: xla(x), 2.0, max_reps=60)
    except Exception as e:
        rx = str(e)[:200]
    rf = timed(lambda: f(x), 2.0, max_reps=60)
    print(name, batch, "tf_function", round(rf["median_us"]), round(rf["stdev_us"]), "xla", rx if isinstance(rx, str) else (round(rx["median_us"]), round(rx["stdev_us"]), rx["reps"]), flush=True)
