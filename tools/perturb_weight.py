#!/usr/bin/env python3
"""Copy a Keras .h5 model file with one weight changed, to see a test vector fail.

Usage::

    python tools/perturb_weight.py MODEL.h5 OUT.h5 [--dataset PATH] [--index 0] [--delta 0.05]

Changes element ``--index`` (flat, C order) of the HDF5 dataset ``--dataset`` (default: the first
dataset whose path contains ``kernel``) by ``--delta``, and prints the dataset path. Needs h5py only.
Works on any HDF5 weight file: a full-model ``.h5`` or a ``save_weights`` file.
"""

import argparse
import shutil
import sys

import h5py
import numpy as np


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("out")
    p.add_argument("--dataset", help="HDF5 path of the weight to change (default: the first '*kernel*')")
    p.add_argument("--index", type=int, default=0, help="flat index of the element (default 0)")
    p.add_argument("--delta", type=float, default=0.05, help="amount added (default 0.05)")
    args = p.parse_args(argv)
    shutil.copyfile(args.model, args.out)
    with h5py.File(args.out, "r+") as f:
        found = []
        f.visititems(lambda name, obj: found.append(name) if isinstance(obj, h5py.Dataset) else None)
        path = args.dataset or next((n for n in found if "kernel" in n), None)
        if path is None or path not in f:
            print("perturb_weight: no dataset %r; datasets: %s" % (path, found), file=sys.stderr)
            return 2
        d = f[path]
        a = np.array(d)
        flat = a.reshape(-1)
        flat[args.index] += np.asarray(args.delta, dtype=a.dtype)
        d[...] = flat.reshape(a.shape)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
