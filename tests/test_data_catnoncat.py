"""Tests of the cat vs non-cat subset of CIFAR-10 (dnn_basics): the selection rule, the
flattening order, the loader on small fixture folders, and the real copy when
COURSE_CIFAR10_DIR is set."""

from __future__ import annotations

import os
import pickle

import numpy as np
import pytest

from course_lib.data import BatchError, CIFARError, UnsafePickleError, get_cat_noncat
from course_lib.data import catnoncat as cn
from course_lib.data import cifar10 as cf

REAL_DIR = os.environ.get("COURSE_CIFAR10_DIR")
N = 20  # images per fixture batch
NAMES = [n.encode() for n in cf.CLASS_NAMES]


def write_cifar_dir(folder, seed: int = 0, bad: dict | None = None) -> dict:
    """Seven small CIFAR-10 files (N images each, labels cycling 0..9); ``bad`` replaces
    the bytes of some files. Returns {"train": (images (5N, 3072), labels), "test": ...}."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    out = {"train": ([], [])}
    for k, name in enumerate(cf.TRAIN_FILES + (cf.TEST_FILE,)):
        images = rng.integers(0, 256, size=(N, 3072), dtype=np.uint8)
        labels = [(i + k) % 10 for i in range(N)]
        (folder / name).write_bytes(pickle.dumps({b"data": images, b"labels": labels}, protocol=4))
        if name == cf.TEST_FILE:
            out["test"] = (images, np.array(labels))
        else:
            out["train"][0].append(images)
            out["train"][1].extend(labels)
    (folder / cf.META_FILE).write_bytes(pickle.dumps({b"label_names": NAMES}, protocol=4))
    for name, data in (bad or {}).items():
        (folder / name).write_bytes(data)
    out["train"] = (np.concatenate(out["train"][0]), np.array(out["train"][1]))
    return out


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.delenv(cf.ENV_DIR, raising=False)
    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cf, "BATCH_SIZE", N)
    monkeypatch.setattr(cf, "URL", "http://127.0.0.1:9/none")


# --------------------------------------------------------------------------- selection rule
def test_balanced_indices_rule():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, size=5000)
    idx = cn.balanced_indices(labels, 40, 40)
    assert np.all(np.diff(idx) > 0)  # dataset order, no repeats
    counts = np.bincount(labels[idx], minlength=10)
    # 40 = 9 x 4 + 4: airplane, automobile, bird, deer get 5; the other five classes 4
    assert counts.tolist() == [5, 5, 5, 40, 5, 4, 4, 4, 4, 4]
    for k in range(10):  # the first images of each class in dataset order
        np.testing.assert_array_equal(idx[labels[idx] == k], np.flatnonzero(labels == k)[:counts[k]])
    np.testing.assert_array_equal(idx, cn.balanced_indices(labels, 40, 40))  # deterministic


def test_balanced_indices_spec_counts():
    labels = np.repeat(np.arange(10), 5000)
    train = np.bincount(labels[cn.balanced_indices(labels, 1000, 1000)], minlength=10)
    assert train.tolist() == [112, 111, 111, 1000, 111, 111, 111, 111, 111, 111]
    test_labels = np.repeat(np.arange(10), 1000)
    test = np.bincount(test_labels[cn.balanced_indices(test_labels, 250, 250)], minlength=10)
    assert test.tolist() == [28, 28, 28, 250, 28, 28, 28, 28, 27, 27]


def test_balanced_indices_not_enough():
    with pytest.raises(ValueError, match=r"class 3 \(cat\) has 1 images, 2 needed"):
        cn.balanced_indices(np.arange(10), 2, 9)


# --------------------------------------------------------------------------- flattening order
def test_flattening_order_and_round_trip():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(4, 3, 32, 32), dtype=np.uint8)  # (m, channel, row, col)
    X = cn.images_to_columns(images)
    assert X.shape == (3072, 4) and X.dtype == np.float64 and X.flags.c_contiguous
    j, r, c, k = 2, 5, 17, 1
    assert X[(r * 32 + c) * 3 + k, j] == images[j, k, r, c] / 255
    img = cn.column_to_image(X[:, j])
    assert img.shape == (32, 32, 3)
    np.testing.assert_array_equal(img, images[j].transpose(1, 2, 0) / 255)
    np.testing.assert_array_equal(cn.column_to_image(X[:, j:j + 1]), img)
    np.testing.assert_array_equal(cn.columns_to_images(X)[j], img)
    # the classic convention: (m, 32, 32, 3) images, reshape(m, -1).T
    np.testing.assert_array_equal(X, images.transpose(0, 2, 3, 1).reshape(4, -1).T / 255)
    with pytest.raises(ValueError, match=r"\(3072,\) or \(3072, 1\)"):
        cn.column_to_image(X[:, :2])
    with pytest.raises(ValueError, match=r"\(3072, m\)"):
        cn.columns_to_images(X.T)


# --------------------------------------------------------------------------- loader on fixtures
def test_get_cat_noncat_on_fixture(tmp_path, monkeypatch):
    monkeypatch.setattr(cn, "COUNTS", {"train": (5, 19), "test": (2, 9)})
    arrays = write_cifar_dir(tmp_path / "c")
    data = get_cat_noncat(tmp_path / "c", allow_download=False)
    train_x, train_y, test_x, test_y, classes = data
    assert classes == ("non-cat", "cat") and data.name == "cifar10-cat-vs-noncat"
    assert train_x.shape == (3072, 24) and train_y.shape == (1, 24) and train_y.dtype == np.int64
    assert test_x.shape == (3072, 11) and test_y.shape == (1, 11)
    assert train_y.sum() == 5 and test_y.sum() == 2
    assert 0.0 <= train_x.min() and train_x.max() <= 1.0
    images, labels = arrays["train"]
    np.testing.assert_array_equal(data.train_cifar_labels, labels[data.train_indices])
    np.testing.assert_array_equal(train_y[0], (labels[data.train_indices] == 3).astype(int))
    j = 7
    expected = images[data.train_indices[j]].reshape(3, 32, 32).transpose(1, 2, 0) / 255
    np.testing.assert_array_equal(cn.column_to_image(train_x[:, j]), expected)
    assert np.bincount(data.test_cifar_labels, minlength=10).tolist() == [1, 1, 1, 2, 1, 1, 1, 1, 1, 1]
    assert "path argument" in data.source


@pytest.mark.parametrize("case, error, pattern", [
    ("truncated", BatchError, r"data_batch_2: the file ended early"),
    ("wrong shape", BatchError, r"test_batch: 'data' has shape \(20, 3000\)"),
    ("label range", BatchError, r"data_batch_4: label 11 is out of range"),
    ("malicious", UnsafePickleError, r"data_batch_1: refused to load"),
])
def test_get_cat_noncat_bad_files(tmp_path, case, error, pattern):
    good = tmp_path / "ref"
    write_cifar_dir(good)
    bad = {
        "truncated": {"data_batch_2": (good / "data_batch_2").read_bytes()[:-100]},
        "wrong shape": {"test_batch": pickle.dumps({b"data": np.zeros((N, 3000), np.uint8),
                                                    b"labels": [0] * N})},
        "label range": {"data_batch_4": pickle.dumps({b"data": np.zeros((N, 3072), np.uint8),
                                                      b"labels": [11] * N})},
        "malicious": {"data_batch_1": pickle.dumps(_Evil(tmp_path / "ran"))},
    }[case]
    write_cifar_dir(tmp_path / "c", bad=bad)
    with pytest.raises(error, match=pattern):
        get_cat_noncat(tmp_path / "c", allow_download=False)
    assert not (tmp_path / "ran").exists()


class _Evil:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_get_cat_noncat_not_found():
    with pytest.raises(CIFARError, match=r"COURSE_CIFAR10_DIR"):
        get_cat_noncat(allow_download=False)


# --------------------------------------------------------------------------- the real copy
@pytest.mark.skipif(not REAL_DIR, reason="COURSE_CIFAR10_DIR is not set")
def test_real_cat_noncat(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path_factory.mktemp("catnoncat-cache")))
    monkeypatch.setenv(cf.ENV_DIR, REAL_DIR)
    monkeypatch.setattr(cf, "BATCH_SIZE", 10000)
    data = get_cat_noncat(allow_download=False)
    train_x, train_y, test_x, test_y, classes = data
    assert train_x.shape == (3072, 2000) and train_y.shape == (1, 2000)
    assert test_x.shape == (3072, 500) and test_y.shape == (1, 500)
    assert train_x.dtype == np.float64 and train_y.dtype == np.int64
    assert train_x.min() == 0.0 and train_x.max() == 1.0 and test_x.min() >= 0 and test_x.max() <= 1
    assert train_y.sum() == 1000 and test_y.sum() == 250  # balanced
    assert set(np.unique(train_y)) == {0, 1}
    assert np.bincount(data.train_cifar_labels, minlength=10).tolist() == \
        [112, 111, 111, 1000, 111, 111, 111, 111, 111, 111]
    assert np.bincount(data.test_cifar_labels, minlength=10).tolist() == \
        [28, 28, 28, 250, 28, 28, 28, 28, 27, 27]
    assert np.all(np.diff(data.train_indices) > 0) and np.all(np.diff(data.test_indices) > 0)
    cifar = cf.get_cifar10(allow_download=False)
    first_cats = np.flatnonzero(cifar.train_labels == 3)[:1000]
    np.testing.assert_array_equal(data.train_indices[train_y[0] == 1], first_cats)
    j = int(np.flatnonzero(train_y[0])[0])
    np.testing.assert_array_equal(
        cn.column_to_image(train_x[:, j]),
        cifar.train_images[data.train_indices[j]].transpose(1, 2, 0) / 255)
    assert 0.40 < train_x.mean() < 0.55
