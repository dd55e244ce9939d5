# TF tf.function CPU time per call, one intra-op and one inter-op thread: process CPU time.
import os, sys, time, statistics
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf, keras
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
d = sys.argv[1]; warm = int(sys.argv[2]); calls = int(sys.argv[3])
for case in sys.argv[4:]:
    name, b = case.split(":")
    m = keras.models.load_model(os.path.join(d, name + ".keras"))
    x = tf.constant(np.load(os.path.join(d, f"{name}_b{b}.npy")))
    f = tf.function(lambda t: m(t, training=False))
    for _ in range(warm): f(x).numpy()
    ms = []
    for _ in range(calls):
        t0 = time.process_time(); f(x).numpy(); ms.append((time.process_time() - t0) * 1e3)
    ms.sort()
    print(f"TF tf.function {name} b{b}\tmedian {ms[len(ms)//2]:.2f} ms\tmin {ms[0]:.2f}\tmax {ms[-1]:.2f}", flush=True)
