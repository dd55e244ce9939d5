# Regenerates the .npy test fixtures with NumPy (run from this directory):
#   /work/venv/tf/bin/python generate.py
# The files are committed so the Java tests need no Python.
import numpy as np

rng = np.random.default_rng(7)
a3 = (rng.standard_normal((2, 3, 4)) * 10).astype(np.float32)
a3[0, 0, 0] = np.float32(1e-40)  # subnormal
a3[1, 2, 3] = np.float32(-0.0)
np.save("f4_3d.npy", a3)
np.save("f4_1d.npy", np.arange(5, dtype=np.float32) / 3)
np.save("f4_scalar.npy", np.float32(2.5))
np.save("f4_empty.npy", np.zeros((0, 3), np.float32))
np.save("f8_2d.npy", np.array([[0.1, -2.5, 1e300], [1e-50, 3.0, -0.0]], np.float64))
np.save("f2_1d.npy", np.array([1.0, -2.0, 0.5, 65504.0, 6e-8, np.inf], np.float16))
with open("f4_v2.npy", "wb") as f:
    np.lib.format.write_array(f, a3, version=(2, 0))
with open("f4_v3.npy", "wb") as f:
    np.lib.format.write_array(f, a3, version=(3, 0))
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save("big_endian.npy", np.arange(4, dtype=">f4"))
np.save("int32.npy", np.arange(4, dtype=np.int32))
np.save("object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
np.save("structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<f4")]))
# The expected values as text, exact as float64 reprs of the float32 values.
with open("f4_3d.txt", "w") as f:
    f.write(" ".join(repr(float(v)) for v in a3.ravel()))
