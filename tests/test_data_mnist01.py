"""Tests of MNIST 0-vs-1 (optimizers): scaling, layout, order, search order (that of
get_mnist), bad files, and the real counts when COURSE_MNIST_DIR is set."""

from __future__ import annotations

import gzip
import os

import numpy as np
import pytest

from course_lib.data import MNISTError, get_mnist, get_mnist_01
from course_lib.data import mnist as mn
from course_lib.data import mnist01

REAL_DIR = os.environ.get("COURSE_MNIST_DIR")
N_TRAIN, N_TEST = 30, 12


def idx_bytes(arr: np.ndarray) -> bytes:
    arr = np.asarray(arr, dtype=np.uint8)
    header = (0x0800 | arr.ndim).to_bytes(4, "big")
    return header + b"".join(int(d).to_bytes(4, "big") for d in arr.shape) + arr.tobytes()


def write_mnist_dir(folder, seed: int = 0, bad: dict | None = None) -> dict:
    """The four MNIST .gz files with N_TRAIN / N_TEST digits cycling 0..9."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, n in (("train", N_TRAIN), ("test", N_TEST)):
        arrays[f"{split}_images"] = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        arrays[f"{split}_labels"] = ((np.arange(n) * 7 + seed) % 10).astype(np.uint8)
    for key, name in mn.FILES.items():
        data = (bad or {}).get(key) or gzip.compress(idx_bytes(arrays[key]), mtime=0)
        (folder / name).write_bytes(data)
    return arrays


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    for var in (mn.ENV_DIR, mn.ENV_ALLOW_SUBSET, "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(mn, "EXPECTED_COUNTS", {"train": N_TRAIN, "test": N_TEST})
    monkeypatch.setattr(mn, "MIRRORS", ("http://127.0.0.1:9/",))


def test_scaling_layout_and_order(tmp_path):
    arrays = write_mnist_dir(tmp_path / "m")
    data = get_mnist_01(tmp_path / "m", allow_download=False)
    X, Y, X_test, Y_test = data
    for split, (x, y) in (("train", (X, Y)), ("test", (X_test, Y_test))):
        labels, images = arrays[f"{split}_labels"], arrays[f"{split}_images"]
        keep = np.flatnonzero(labels <= 1)
        assert x.shape == (784, keep.size) and y.shape == (1, keep.size)
        assert x.dtype == np.float64 and y.dtype == np.int64
        np.testing.assert_array_equal(y[0], labels[keep])  # 1 for the digit 1, 0 for the digit 0
        np.testing.assert_array_equal(x, images[keep].reshape(keep.size, -1).T / 255.0)  # exact
        assert 0.0 <= x.min() and x.max() <= 1.0
    assert data.variant == "full" and "path argument" in data.source
    assert data.directory == str((tmp_path / "m").resolve())


def test_same_search_order_as_get_mnist(tmp_path, monkeypatch):
    write_mnist_dir(tmp_path / "env", seed=1)
    monkeypatch.setenv(mn.ENV_DIR, str(tmp_path / "env"))
    data = get_mnist_01(allow_download=False)
    assert "COURSE_MNIST_DIR" in data.source and data.source == get_mnist(allow_download=False).source
    write_mnist_dir(tmp_path / "given", seed=2)
    assert "path argument" in get_mnist_01(tmp_path / "given").source
    monkeypatch.delenv(mn.ENV_DIR)
    write_mnist_dir(tmp_path / "cache" / "mnist", seed=3)
    assert "the cache" in get_mnist_01(allow_download=False).source


def test_not_found_and_subset_fallback(monkeypatch, capsys):
    with pytest.raises(MNISTError, match=r"(?s)Tried, in order:.*COURSE_MNIST_DIR"):
        get_mnist_01(allow_download=False)
    monkeypatch.setenv(mn.ENV_ALLOW_SUBSET, "1")
    data = get_mnist_01(allow_download=False)
    assert data.variant == "subset" and data.directory is None
    assert set(np.unique(data.train_y)) == {0, 1} and data.train_x.shape[0] == 784
    assert "embedded subset" in capsys.readouterr().out


@pytest.mark.parametrize("case, pattern", [
    ("truncated", r"gzip data is truncated"),
    ("wrong shape", r"32x32, expected 28x28"),
    ("label range", r"label value 12 is out of range"),
])
def test_bad_files_give_clear_errors(tmp_path, case, pattern):
    good = gzip.compress(idx_bytes(np.zeros((N_TRAIN, 28, 28), np.uint8)), mtime=0)
    bad = {
        "truncated": {"train_images": good[: len(good) // 2]},
        "wrong shape": {"test_images": gzip.compress(idx_bytes(np.zeros((N_TEST, 32, 32), np.uint8)))},
        "label range": {"train_labels": gzip.compress(idx_bytes(np.full(N_TRAIN, 12, np.uint8)))},
    }[case]
    write_mnist_dir(tmp_path / "m", bad=bad)
    with pytest.raises(MNISTError, match=r"via the path argument .* are unusable: .*" + pattern) as info:
        get_mnist_01(tmp_path / "m", allow_download=False)
    assert info.value.__cause__ is None


def test_select_digits_other_pair():
    images = np.arange(5 * 784, dtype=np.int64).reshape(5, 28, 28) % 256
    labels = np.array([3, 8, 1, 8, 3])
    X, Y = mnist01.select_digits(images.astype(np.uint8), labels, positive=8, negative=3)
    assert X.shape == (784, 4) and Y.tolist() == [[0, 1, 1, 0]]


@pytest.mark.skipif(not REAL_DIR, reason="COURSE_MNIST_DIR is not set")
def test_real_mnist_01(monkeypatch):
    monkeypatch.setattr(mn, "EXPECTED_COUNTS", {"train": 60000, "test": 10000})
    monkeypatch.setenv(mn.ENV_DIR, REAL_DIR)
    data = get_mnist_01(allow_download=False)
    X, Y, X_test, Y_test = data
    assert X.shape == (784, 12665) and Y.shape == (1, 12665)  # the figures in optimizers.md
    assert X_test.shape == (784, 2115) and Y_test.shape == (1, 2115)
    assert int(Y.sum()) == 6742 and int(Y_test.sum()) == 1135  # ones; zeros: 5,923 and 980
    assert X.min() == 0.0 and X.max() == 1.0 and X_test.min() == 0.0 and X_test.max() == 1.0
    assert data.variant == "full" and "COURSE_MNIST_DIR" in data.source
