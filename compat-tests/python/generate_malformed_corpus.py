#!/usr/bin/env python3
"""Generate the hand-made malformed model files of the kerasj security tests.

Run from the repository root:

    /work/venv/tf/bin/python compat-tests/python/generate_malformed_corpus.py

Output: compat-tests/src/test/resources/malformed/ (each file named after its case, plus
MANIFEST.txt saying what was done to it). Every file starts from a committed fixture under
compat-tests/src/test/resources/fixtures and changes one thing with h5py, so that the Java test
(MalformedCorpusTest) can assert the exact complaint. The Lambda models are saved by tf-keras
(Keras 2, marshalled bytecode) and Keras 3 (a __lambda__ object), as real users would produce them.

Two further families record what Python itself does with hostile input, as the expected value:

- malformed/zip/: .keras archives built byte by byte from the entries of fixtures/act_relu/k3.keras
  (hidden local entries, lying CRCs, names and sizes, bombs, zip64, prepended data, ...), and
  malformed/zip/expected.json: for each, what keras.saving.load_model does (the model's name, or
  the exception) and what zipfile.ZipFile(...).read("config.json") gives. ZipArchiveCorpusTest
  checks that kerasj agrees, except where the case declares a deliberate, stricter refusal.
- loader/src/test/resources/io/kerasj/loader/json-corpus.json: byte strings and what
  json.loads makes of each (the value, typed, or the exception); JsonCorpusTest checks kerasj's
  parser against it.

Cases that only change the JSON config of a fixture are made in Java by the test itself.

    python generate_malformed_corpus.py --only zip,json   # just the two Python-verdict families
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ.pop("TF_USE_LEGACY_KERAS", None)

import argparse  # noqa: E402
import bz2  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import struct  # noqa: E402
import tempfile  # noqa: E402
import zipfile  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
FIX = HERE.parent / "src" / "test" / "resources" / "fixtures"
OUT = HERE.parent / "src" / "test" / "resources" / "malformed"
JSON_CORPUS = HERE.parent.parent / "loader" / "src" / "test" / "resources" / "io" / "kerasj" / "loader" / "json-corpus.json"

LSTM_K = "model_weights/lstm/lstm/lstm_cell/kernel:0"
manifest = []


def case(name, src, what, edit):
    dst = OUT / name
    shutil.copyfile(FIX / src, dst)
    with h5py.File(dst, "r+") as f:
        edit(f)
    manifest.append(f"{name}: from fixtures/{src}: {what}")


def retype(path, dtype):
    def edit(f):
        data = f[path][()]
        del f[path]
        f.create_dataset(path, data=data.astype(dtype))
    return edit


def transpose(path):
    def edit(f):
        data = f[path][()]
        del f[path]
        f.create_dataset(path, data=np.ascontiguousarray(data.T))
    return edit


def delete(path):
    def edit(f):
        del f[path]
    return edit


def delete_attr(path, attr):
    def edit(f):
        del f[path].attrs[attr]
    return edit


def huge(path, shape):
    # Chunked and never written: the file stays tiny, the declared shape is absurd. A reader that
    # trusts the header would allocate shape's product of floats.
    def edit(f):
        del f[path]
        f.create_dataset(path, shape=shape, dtype="f4", chunks=tuple(min(s, 1024) for s in shape))
    return edit


def cycle(f):
    # A hard link from a layer's group back to itself: a recursive walk never ends.
    f["layers/lstm/cell/loop"] = f["layers/lstm"]


def unclaimed_cycle(f):
    # A group no layer claims, holding only a link back to itself: the leftover-weights check
    # walks it.
    g = f.create_group("layers/extra/a")
    g["loop"] = f["layers/extra"]


def lambda_models():
    import tf_keras
    import keras

    m2 = tf_keras.Sequential([
        tf_keras.layers.LSTM(4, return_sequences=True, input_shape=[None, 1]),
        tf_keras.layers.Lambda(lambda x: x * 2.0 + 1.0, name="scale_shift"),
    ])
    m2.save(OUT / "k2_lambda.h5")
    manifest.append("k2_lambda.h5: tf-keras Sequential(LSTM, Lambda(lambda x: x * 2.0 + 1.0)) saved as .h5")
    m3 = keras.Sequential([
        keras.Input(shape=(None, 1)),
        keras.layers.LSTM(4, return_sequences=True),
        keras.layers.Lambda(lambda x: x * 2.0 + 1.0, name="scale_shift"),
    ])
    m3.save(OUT / "k3_lambda.keras")
    manifest.append("k3_lambda.keras: Keras 3 Sequential(Input, LSTM, Lambda(lambda x: x * 2.0 + 1.0)) saved as .keras")


def h5_cases():
    case("k2_float64_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} rewritten as float64", retype(LSTM_K, "f8"))
    case("k2_float16_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} rewritten as float16", retype(LSTM_K, "f2"))
    case("k2_int32_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} rewritten as int32", retype(LSTM_K, "i4"))
    case("k2_transposed_kernel.h5", "lstm/k2_full.h5", f"{LSTM_K} transposed to (80, 1)", transpose(LSTM_K))
    case("k2_missing_layer_group.h5", "lstm/k2_full.h5", "group model_weights/lstm_1 deleted",
         delete("model_weights/lstm_1"))
    case("k2_missing_dataset.h5", "lstm/k2_full.h5", "dataset lstm_1 recurrent_kernel:0 deleted",
         delete("model_weights/lstm_1/lstm_1/lstm_cell/recurrent_kernel:0"))
    case("k2_missing_weight_names.h5", "lstm/k2_full.h5", "attribute weight_names of model_weights/lstm deleted",
         delete_attr("model_weights/lstm", "weight_names"))
    case("k2_missing_layer_names.h5", "lstm/k2_full.h5", "attribute layer_names of model_weights deleted",
         delete_attr("model_weights", "layer_names"))
    case("k2_missing_model_config.h5", "lstm/k2_full.h5", "root attribute model_config deleted",
         delete_attr("/", "model_config"))
    case("k2_missing_model_weights.h5", "lstm/k2_full.h5", "group model_weights deleted", delete("model_weights"))
    case("k2_huge_kernel.h5", "lstm/k2_full.h5",
         "time_distributed kernel:0 replaced by an unwritten chunked (20, 1073741824) float32 dataset",
         huge("model_weights/time_distributed/time_distributed/kernel:0", (20, 1 << 30)))
    case("k2_weights_huge_dense.h5", "lstm/k2_weights.h5",
         "time_distributed kernel:0 / bias:0 replaced by unwritten chunked (20, 1073741824) / (1073741824,) datasets",
         lambda f: (huge("time_distributed/time_distributed/kernel:0", (20, 1 << 30))(f),
                    huge("time_distributed/time_distributed/bias:0", (1 << 30,))(f)))
    case("k3_weights_group_cycle.h5", "lstm/k3.weights.h5", "hard link layers/lstm/cell/loop -> layers/lstm", cycle)
    case("k3_weights_unclaimed_cycle.h5", "lstm/k3.weights.h5",
         "group layers/extra/a with a hard link loop -> layers/extra", unclaimed_cycle)
    case("k3_weights_missing_var.h5", "lstm/k3.weights.h5", "dataset layers/lstm_1/cell/vars/1 deleted",
         delete("layers/lstm_1/cell/vars/1"))


# ---------------------------------------------------------------------------------------------
# .keras archives written field by field, and what keras.saving.load_model / zipfile make of them

ZIP_OUT = OUT / "zip"
ZIP_BASE = "act_relu/k3.keras"
DOS_TIME, DOS_DATE = 0, (2024 - 1980) << 9 | 1 << 5 | 1


class E:
    """One archive entry: the content, how it is stored, and what each header claims."""

    def __init__(self, name, content, method=0, stored=None):
        self.name = name.encode("utf-8") if isinstance(name, str) else name
        self.content = content
        self.method = method
        if stored is not None:
            self.data = stored
        elif method == 0:
            self.data = content
        elif method == 8:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            self.data = c.compress(content) + c.flush()
        elif method == 12:
            self.data = bz2.compress(content)
        else:
            raise ValueError(method)
        self.crc = zlib.crc32(content)
        self.csize = len(self.data)
        self.usize = len(content)
        self.flags = 0
        self.version = 20
        self.local = {}    # overrides of the local header only: name, crc, csize, usize, method, flags
        self.central = {}  # overrides of the central record only: the same, plus version, extra
        self.descriptor = False

    def field(self, where, key):
        return where.get(key, getattr(self, key))


def build(entries, *, prefix=b"", adjust_offsets=False, hidden=(), gap=b"", comment=b"", comment_len=None,
          zip64=False, disks=1, cd_offset_delta=0, cd_size_delta=0):
    """The archive bytes. hidden: entries written as local headers only, before the real ones."""
    out = bytearray(prefix)
    base = len(prefix) if not adjust_offsets else 0

    def local(e):
        name = e.field(e.local, "name")
        flags = e.field(e.local, "flags")
        crc, csize, usize = (0, 0, 0) if e.descriptor else (
            e.field(e.local, "crc"), e.field(e.local, "csize"), e.field(e.local, "usize"))
        h = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", e.version, 0, flags, e.field(e.local, "method"), DOS_TIME,
                        DOS_DATE, crc, csize, usize, len(name), 0) + name + e.data
        if e.descriptor:
            h += struct.pack("<4s3L", b"PK\x07\x08", e.crc, e.csize, e.usize)
        return h

    for e in hidden:
        out += local(e)
    out += gap
    offsets = []
    for e in entries:
        offsets.append(len(out) - base)
        out += local(e)
    cd_start = len(out)
    for e, off in zip(entries, offsets):
        name = e.field(e.central, "name")
        extra = e.central.get("extra", b"")
        csize, usize, offset = e.field(e.central, "csize"), e.field(e.central, "usize"), off
        if zip64:
            extra = struct.pack("<HHQQQ", 1, 24, usize, csize, offset) + extra
            csize, usize, offset = 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF
        out += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 45 if zip64 else 20, 3, e.field(e.central, "version"), 0,
                           e.field(e.central, "flags"), e.field(e.central, "method"), DOS_TIME, DOS_DATE,
                           e.field(e.central, "crc"), csize, usize, len(name), len(extra), 0, 0, 0, 0o100644 << 16,
                           offset) + name + extra
    cd_size = len(out) - cd_start + cd_size_delta
    cd_offset = cd_start - base + cd_offset_delta
    n = len(entries)
    if zip64:
        end64 = len(out) - base
        out += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, n, n, cd_size, cd_offset)
        out += struct.pack("<4sLQL", b"PK\x06\x07", 0, end64, disks)
        out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF,
                           len(comment) if comment_len is None else comment_len) + comment
    else:
        out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, cd_size, cd_offset,
                           len(comment) if comment_len is None else comment_len) + comment
    return bytes(out)


def base_entries(method=0):
    with zipfile.ZipFile(FIX / ZIP_BASE) as z:
        return [E(i.filename, z.read(i.filename), method) for i in z.infolist()]


def renamed(config, name):
    """The base config with the model named `name`: a different model Keras would still load."""
    s = config.decode("utf-8")
    assert '"name": "sequential"' in s
    return s.replace('"name": "sequential"', f'"name": "{name}"', 1).encode("utf-8")


def by_name(entries, name):
    return next(e for e in entries if e.name == name.encode())


def zip_cases():
    """(file name, what was done, archive bytes, kerasj's deliberate divergence or None)."""
    cases = []

    def add(name, what, data, kerasj=None):
        cases.append((name, what, data, kerasj))

    add("ok_rebuilt.keras", "the fixture's three entries rewritten by this script, stored", build(base_entries()))
    add("ok_deflated.keras", "every entry deflated", build(base_entries(8)))
    add("ok_prepended.keras", "1000 bytes of junk prepended, offsets left as they were (cat stub archive)",
        build(base_entries(), prefix=b"#!junk\n" + b"x" * 993))
    add("ok_prepended_adjusted.keras", "1000 bytes prepended, offsets counted from the start of the file",
        build(base_entries(), prefix=b"y" * 1000, adjust_offsets=True))
    add("ok_comment.keras", "a 100-byte archive comment", build(base_entries(), comment=b"c" * 100))
    add("ok_comment_length_lies.keras", "the end record declares a 50-byte comment, 10 bytes follow",
        build(base_entries(), comment=b"c" * 10, comment_len=50))
    add("ok_zip64.keras", "zip64 end record, locator and extra fields (sizes and offsets 0xffffffff)",
        build(base_entries(), zip64=True))
    es = base_entries(8)
    for e in es:
        e.descriptor = True
        e.flags = 8
    add("ok_data_descriptor.keras", "deflated entries with data descriptors (local sizes and CRC zero)", build(es))
    es = base_entries()
    for e in es:
        e.local = {"crc": e.crc ^ 1, "csize": e.csize * 2 + 7, "usize": e.usize + 5, "method": 8}
    add("ok_local_header_lies.keras", "every local header has a wrong CRC, sizes and method; the central directory"
        " is right", build(es))

    es = base_entries()
    hidden = [E("config.json", renamed(by_name(es, "config.json").content, "hidden_local"))] + [
        E(e.name, e.content) for e in es if e.name != b"config.json"]
    add("hidden_local_config.keras", "a complete local-header stream (config.json of model 'hidden_local', then"
        " metadata and weights) that no central record points to, 4 zero bytes, then the real entries, which the"
        " central directory lists", build(es, hidden=hidden, gap=b"\0" * 4))

    es = base_entries()
    c = by_name(es, "config.json")
    c.central = {"crc": c.crc ^ 0x10000}
    add("central_crc_corrupt.keras", "config.json's CRC-32 in the central directory flipped", build(es))
    es = base_entries()
    c = by_name(es, "model.weights.h5")
    c.central = {"crc": c.crc ^ 1}
    add("central_crc_corrupt_weights.keras", "model.weights.h5's CRC-32 in the central directory flipped", build(es))
    es = base_entries()
    c = by_name(es, "config.json")
    c.central = {"name": b"config.jsoN"}
    add("central_name_corrupt.keras", "config.json is named config.jsoN in the central directory only", build(es))
    es = base_entries()
    c = by_name(es, "config.json")
    c.local = {"name": b"config.jsoN"}
    add("local_name_corrupt.keras", "config.json is named config.jsoN in its local header only", build(es))
    es = base_entries()
    c = by_name(es, "config.json")
    c.central = {"usize": c.usize + 100}
    add("central_size_larger_stored.keras", "stored config.json declares 100 bytes more than it has (CRC right)",
        build(es), {"refuses": "bytes the central directory declares",
                    "why": "zipfile returns the shorter entry; kerasj requires the declared size exactly"})
    es = base_entries()
    c = by_name(es, "config.json")
    c.central = {"usize": c.usize - 100}
    add("central_size_smaller_stored.keras", "stored config.json declares 100 bytes fewer than it has", build(es))
    es = base_entries(8)
    c = by_name(es, "config.json")
    c.central = {"csize": c.csize + 100}
    add("central_csize_larger_deflated.keras", "deflated config.json declares 100 compressed bytes more",
        build(es))
    es = base_entries(8)
    c = by_name(es, "config.json")
    c.central = {"csize": c.csize - 100}
    add("central_csize_smaller_deflated.keras", "deflated config.json declares 100 compressed bytes fewer",
        build(es))

    # Bombs: a config followed by 32 MiB of spaces (still valid JSON), deflated to about 32 KB.
    es = base_entries(8)
    c = by_name(es, "config.json")
    real = c.content
    padded = real + b" " * (32 << 20)
    bomb = E("config.json", padded, 8)
    bomb.usize = len(real)
    add("lying_bomb_crc_full.keras", "config.json inflates to 32 MiB but declares its first "
        f"{len(real)} bytes; the CRC is that of all 32 MiB", build([bomb if e is c else e for e in es]))
    bomb2 = E("config.json", padded, 8)
    bomb2.usize = len(real)
    bomb2.crc = zlib.crc32(real)
    add("lying_bomb_crc_prefix.keras", "config.json inflates to 32 MiB but declares its first "
        f"{len(real)} bytes, whose CRC it records", build([bomb2 if e is c else e for e in es]),
        {"refuses": "holds more than the",
         "why": "zipfile stops at the declared size and reads a valid prefix; kerasj refuses an entry that"
                " inflates beyond its declared size"})
    honest = E("config.json", real + b" " * (64 << 20), 8)
    add("honest_bomb_config.keras", "config.json of 64 MiB (the config and spaces), sizes and CRC honest",
        build([honest if e is c else e for e in es]),
        {"refuses": "LoadOptions.withMaxConfigBytes", "loads_with": {"maxConfigBytes": 128 << 20},
         "why": "over kerasj's config limit (at most 8 MiB by default)"})
    es = base_entries()
    add("honest_bomb_asset.keras", "a fourth entry assets/pad.bin of 64 MiB zeros, honest (Keras extracts it)",
        build(es + [E("assets/pad.bin", bytes(64 << 20), 8)]))
    lie = E("assets/bomb.bin", bytes(1024), 8)
    lie.usize = 300 << 20
    add("extract_bomb_declared.keras", "a fourth entry declaring 300 MiB with 2 bytes per KiB stored",
        build(base_entries() + [lie]))
    bad = E("assets/x.bin", b"asset bytes")
    bad.central = {"crc": bad.crc ^ 1}
    add("asset_bad_crc.keras", "a fourth entry assets/x.bin with a wrong CRC (Keras extracts it)",
        build(base_entries() + [bad]))
    bad = E("../outside.bin", b"asset bytes")
    bad.central = {"crc": bad.crc ^ 1}
    add("unsafe_asset_bad_crc.keras", "a fourth entry ../outside.bin with a wrong CRC (Keras skips it)",
        build(base_entries() + [bad]))
    add("empty_name_asset.keras", "a fourth entry whose name is a NUL and a letter (name '' to zipfile)",
        build(base_entries() + [E(b"\0x", b"asset bytes")]))

    es = base_entries()
    dup = E("config.json", renamed(by_name(es, "config.json").content, "duplicate_last"))
    add("duplicate_config.keras", "a second config.json record (model 'duplicate_last') after the others",
        build(es + [dup]), {"refuses": "twice",
                             "why": "zipfile takes the last of two records with one name; kerasj takes neither"})
    es = base_entries()
    c = by_name(es, "config.json")
    c.name = b"config.json\0.txt"
    add("nul_in_name.keras", "config.json stored as 'config.json\\0.txt' in both headers (zipfile cuts at NUL)",
        build(es))
    es = base_entries()
    c = by_name(es, "config.json")
    c.flags = 1
    add("encrypted_flag.keras", "config.json flagged as encrypted (bit 0)", build(es))
    es = base_entries()
    c = by_name(es, "config.json")
    c.flags = 1 << 5
    add("compressed_patch_flag.keras", "config.json flagged as compressed patched data (bit 5)", build(es))
    es = base_entries()
    es[1] = E("config.json", by_name(es, "config.json").content, 12)
    add("method_bzip2.keras", "config.json compressed with bzip2 (method 12)", build(es),
        {"refuses": "compression method 12 (bzip2)",
         "why": "zipfile reads bzip2; kerasj reads the stored and deflated entries Keras writes"})
    es = base_entries()
    c = by_name(es, "config.json")
    c.method = 99
    add("method_unknown.keras", "config.json claims compression method 99", build(es))
    es = base_entries()
    es[0].central = {"version": 64}
    add("extract_version_too_high.keras", "metadata.json needs zip version 6.4 to extract", build(es))
    add("cd_offset_wrong.keras", "the end record's central directory offset is 1 too large",
        build(base_entries(), cd_offset_delta=1))
    add("cd_size_too_small.keras", "the end record's central directory size misses the last record",
        build(base_entries(), cd_size_delta=-(46 + len("model.weights.h5"))))
    add("cd_size_too_large.keras", "the end record's central directory size is 10 bytes too large",
        build(base_entries(), cd_size_delta=10))
    add("multi_disk_zip64.keras", "a zip64 locator saying the archive spans 2 disks",
        build(base_entries(), zip64=True, disks=2))
    es = base_entries()
    es[0].central = {"extra": struct.pack("<HH", 0x5455, 20) + b"\0" * 5}
    add("extra_field_overrun.keras", "metadata.json's central extra field declares 20 bytes and has 5", build(es))
    es = base_entries()
    es[0].central = {"usize": 0xFFFFFFFF, "extra": struct.pack("<HHL", 1, 4, 0)}
    add("zip64_extra_short.keras", "metadata.json's size is 0xffffffff and its zip64 extra field has 4 bytes",
        build(es))
    es = base_entries()
    es[0].central = {"crc": es[0].crc ^ 1}
    add("metadata_bad_crc.keras", "metadata.json's CRC-32 in the central directory flipped", build(es),
        {"refuses": "bad CRC-32",
         "why": "Keras never reads metadata.json; kerasj reads it for the Keras version, and a corrupt one is refused"})
    fake = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, 46, 0, 0)
    add("fake_end_record_in_comment.keras", "an archive comment holding a second, bogus end record",
        build(base_entries(), comment=b"note " + fake))
    whole = build(base_entries())
    add("truncated_end_record.keras", "the last 10 bytes cut off", whole[:-10])
    return cases


def keras_verdict(path):
    import keras
    try:
        m = keras.saving.load_model(path)
        return {"loads": True, "model": m.name}
    except Exception as e:  # noqa: BLE001 - the exception is the recorded verdict
        msg = str(e).replace(str(Path(path).parent), "<tmp>")
        return {"loads": False, "error": f"{type(e).__name__}: {msg[:300]}"}


def zipfile_verdict(path):
    try:
        with zipfile.ZipFile(path) as z:
            cfg = json.loads(z.read("config.json"))
        return {"config.json": "model " + cfg["config"]["name"]}
    except Exception as e:  # noqa: BLE001
        return {"config.json": f"{type(e).__name__}: {str(e)[:300]}"}


def zip_family():
    ZIP_OUT.mkdir(parents=True, exist_ok=True)
    for old in ZIP_OUT.glob("*.keras"):
        old.unlink()
    expected = []
    for name, what, data, kerasj in zip_cases():
        assert len(data) < 100_000, (name, len(data))
        path = ZIP_OUT / name
        path.write_bytes(data)
        with tempfile.TemporaryDirectory() as tmp:
            # Keras recognizes a .keras archive by its name; a copy keeps the fixture untouched by the load.
            copy = Path(tmp) / "model.keras"
            copy.write_bytes(data)
            rec = {"file": name, "what": what, "sha256": hashlib.sha256(data).hexdigest(),
                   "keras": keras_verdict(str(copy)), "zipfile": zipfile_verdict(str(copy))}
        if kerasj:
            rec["kerasj"] = kerasj
        expected.append(rec)
        print(f"{name}: keras {rec['keras']}; zipfile {rec['zipfile']}")
    (ZIP_OUT / "expected.json").write_text(json.dumps({
        "generated_by": "compat-tests/python/generate_malformed_corpus.py",
        "python": sys.version.split()[0], "keras": __import__("keras").__version__,
        "base": "fixtures/" + ZIP_BASE, "cases": expected}, indent=1) + "\n")


# ---------------------------------------------------------------------------------------------
# JSON: what json.loads accepts, and the value it gives

JSON_CASES = [
    ("object", b'{"a": 1, "b": [true, false, null], "c": {"d": "e"}}'),
    ("nan_infinity", b'{"a": NaN, "b": Infinity, "c": -Infinity, "d": [NaN]}'),
    ("duplicate_keys_last_wins", b'{"a": 1, "b": 2, "a": 3}'),
    ("whitespace_kinds", b' \t\r\n{ "a" :\t1 ,\n"b":2 }\n\r\t '),
    ("numbers", b'[0, -0, 1.5, -0.0, 1e3, 1E+3, 1e-3, 2.5e-1, 123456789012345678901234567890, 1e400, -1e400,'
                b' 4.9e-324, 1.7976931348623157e308, 0.1]'),
    ("int_4300_digits", b"[" + b"7" * 4300 + b"]"),
    ("int_4301_digits", b"[" + b"7" * 4301 + b"]"),
    ("negative_int_4300_digits", b"[-" + b"7" * 4300 + b"]"),
    ("float_5000_digits", b"[1." + b"3" * 5000 + b"]"),
    ("escapes", b'["\\"\\\\\\/\\b\\f\\n\\r\\t", "\\u00e9\\u00E9", "\\u0000"]'),
    ("surrogate_pair", b'["\\ud83d\\ude00"]'),
    ("lone_surrogates", b'["\\ud800", "\\udc00x", "\\ud800\\u0041"]'),
    ("raw_unicode", '["é€😀"]'.encode("utf-8")),
    ("raw_del", b'["a\x7fb"]'),
    ("encoded_surrogate_utf8", b'["\xed\xa0\x80"]'),
    ("utf8_bom", b'\xef\xbb\xbf{"a": 1}'),
    ("utf8_double_bom", b'\xef\xbb\xbf\xef\xbb\xbf{"a": 1}'),
    ("utf16_le", '{"a": "é"}'.encode("utf-16-le")),
    ("utf16_be", '{"a": "é"}'.encode("utf-16-be")),
    ("utf16_bom", '{"a": "é"}'.encode("utf-16")),
    ("utf16_odd_length", '{"a": 1}'.encode("utf-16-le") + b"\x20"),
    ("utf32_le", '{"a": "😀"}'.encode("utf-32-le")),
    ("utf32_bom", '{"a": 1}'.encode("utf-32")),
    ("utf32_beyond_unicode", b"[\0\0\0" + b"\0\0\x11\0" + b"]\0\0\0"),
    ("top_level_scalar", b"42"),
    ("top_level_array", b"[1, 2]"),
    ("empty_object", b"{}"),
    ("single_quotes", b"{'a': 1}"),
    ("single_quoted_value", b'{"a": \'x\'}'),
    ("trailing_garbage", b'{"a": 1} x'),
    ("trailing_second_object", b'{"a": 1}{"b": 2}'),
    ("trailing_nul", b'{"a": 1}\x00'),
    ("nul_inside_string", b'{"a": "x\x00y"}'),
    ("nul_before_value", b'{"a": \x001}'),
    ("corrupted_quote", b'{"a": 1, "b: 2}'),
    ("unterminated_string", b'{"a": "xyz'),
    ("trailing_comma_object", b'{"a": 1,}'),
    ("trailing_comma_array", b"[1, 2,]"),
    ("leading_comma_array", b"[,1]"),
    ("empty_member", b"{,}"),
    ("line_comment", b'{"a": 1 // c\n}'),
    ("block_comment", b'{/* c */"a": 1}'),
    ("unquoted_key", b"{a: 1}"),
    ("missing_colon", b'{"a" 1}'),
    ("missing_value", b'{"a":}'),
    ("missing_comma", b"[1 2]"),
    ("tab_in_string", b'["a\tb"]'),
    ("newline_in_string", b'["a\nb"]'),
    ("lowercase_nan", b"[nan]"),
    ("inf", b"[inf]"),
    ("negative_nan", b"[-NaN]"),
    ("infinity_then_digit", b"[Infinity1]"),
    ("plus_sign", b"[+1]"),
    ("leading_dot", b"[.5]"),
    ("trailing_dot", b"[1.]"),
    ("dot_exponent", b"[1.e5]"),
    ("leading_zero", b"[01]"),
    ("hex_number", b"[0x10]"),
    ("bare_exponent", b"[1e]"),
    ("exponent_sign_only", b"[1e+]"),
    ("minus_only", b"[-]"),
    ("bad_escape", b'["\\x41"]'),
    ("short_unicode_escape", b'["\\u12"]'),
    ("non_hex_unicode_escape", b'["\\u00G1"]'),
    ("uppercase_u_escape", b'["\\U0041"]'),
    ("single_quote_escape", b'["\\\'"]'),
    ("overlong_utf8", b'["\xc0\x80"]'),
    ("invalid_utf8_byte", b'["\xff"]'),
    ("truncated_utf8", b'["\xe2\x82"]'),
    ("utf8_beyond_unicode", b'["\xf4\x90\x80\x80"]'),
    ("empty", b""),
    ("whitespace_only", b" \n "),
    ("form_feed_whitespace", b"\x0c{}"),
    ("vertical_tab_whitespace", b"\x0b{}"),
    ("nbsp_whitespace", b"\xc2\xa0{}"),
    ("capitalized_literals", b"[True, None]"),
    ("truncated_literal", b"[tru]"),
    ("deep_but_fine", b"[" * 50 + b"]" * 50),
]

# json.loads of a str (how an HDF5 model_config attribute is read), from UTF-8 text.
JSON_STR_CASES = [
    ("str_bom", '\ufeff{"a": 1}'),
    ("str_object", '{"a": [1.5, "x"]}'),
]


def typed(v):
    """A JSON-encodable description of a json.loads value that keeps its Python types exactly."""
    if v is None:
        return ["null"]
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        return ["int", str(v)]
    if isinstance(v, float):
        return ["float", str(struct.unpack("<q", struct.pack("<d", v))[0])]
    if isinstance(v, str):
        return ["str", v]
    if isinstance(v, list):
        return ["list", [typed(x) for x in v]]
    return ["dict", [[k, typed(x)] for k, x in v.items()]]


def json_family():
    out = []
    for name, data in JSON_CASES:
        rec = {"id": name, "mode": "bytes", "hex": data.hex()}
        try:
            rec["python"] = {"ok": True, "value": typed(json.loads(data))}
        except Exception as e:  # noqa: BLE001 - the exception is the recorded verdict
            rec["python"] = {"ok": False, "error": f"{type(e).__name__}: {str(e)[:200]}"}
        out.append(rec)
    for name, text in JSON_STR_CASES:
        rec = {"id": name, "mode": "str", "hex": text.encode("utf-8").hex()}
        try:
            rec["python"] = {"ok": True, "value": typed(json.loads(text))}
        except Exception as e:  # noqa: BLE001
            rec["python"] = {"ok": False, "error": f"{type(e).__name__}: {str(e)[:200]}"}
        out.append(rec)
    JSON_CORPUS.write_text(json.dumps({
        "generated_by": "compat-tests/python/generate_malformed_corpus.py",
        "python": sys.version.split()[0],
        "what": "json.loads(bytes.fromhex(hex)) (mode bytes) or json.loads(bytes.fromhex(hex).decode('utf-8'))"
                " (mode str); value: [type, ...] with floats as their IEEE-754 bits (signed 64-bit decimal)",
        "cases": out}, indent=1) + "\n")
    print(f"{JSON_CORPUS}: {len(out)} cases, {sum(not r['python']['ok'] for r in out)} refused by json.loads")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="h5,lambda,zip,json", help="comma-separated families: h5, lambda, zip, json")
    families = set(ap.parse_args().only.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    if "h5" in families:
        h5_cases()
    if "lambda" in families:
        lambda_models()
    if {"h5", "lambda"} <= families:
        (OUT / "MANIFEST.txt").write_text("Generated by compat-tests/python/generate_malformed_corpus.py\n\n"
                                          + "\n".join(manifest) + "\n"
                                          + "\nzip/: see zip/expected.json (--only zip)\n")
    if "zip" in families:
        zip_family()
    if "json" in families:
        json_family()


if __name__ == "__main__":
    main()
