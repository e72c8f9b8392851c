"""Tests of the CIFAR-10 loader: restricted unpickler, validation, search order, decoded
cache, verified download (loopback HTTP server), CIFAR10_data, the registry entry.

Fixtures are small batches (20 images each) written here into tmp_path. The tests on
the real copy run only when COURSE_CIFAR10_DIR is set (.ci/run sets it).
"""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import pickle
import tarfile
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from course_lib.data import (BatchError, ChecksumError, CIFAR10_data, CIFARError, DataError,
                             UnsafePickleError, get_cifar10)
from course_lib.data import cifar10 as cf
from course_lib.data import cifar_pickle as cp
from course_lib.data import registry

REAL_DIR = os.environ.get("COURSE_CIFAR10_DIR")  # read before the fixture below clears it
N = 20  # images per fixture batch
NAMES = [n.encode() for n in cf.CLASS_NAMES]


# --------------------------------------------------------------------------- fixtures
def batch_dict(images, labels, label=b"training batch") -> dict:
    return {b"batch_label": label, b"labels": list(labels), b"data": images,
            b"filenames": [f"{i}.png".encode() for i in range(len(labels))]}


def batch_bytes(images, labels, protocol: int = 4) -> bytes:
    return pickle.dumps(batch_dict(images, labels), protocol=protocol)


def write_cifar_dir(folder: Path, n: int = N, seed: int = 0, labels_fn=None) -> dict:
    """Write the seven files of a small CIFAR-10 folder; return the arrays written.

    ``labels_fn(k, n)`` gives the labels of file k (0..4 train, 5 test); default a
    shifted 0..9 cycle, so every class occurs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    labels_fn = labels_fn or (lambda k, n: [(i + k) % 10 for i in range(n)])
    out = {"train_images": [], "train_labels": []}
    for k, name in enumerate(cf.TRAIN_FILES + (cf.TEST_FILE,)):
        images = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
        labels = labels_fn(k, n)
        (folder / name).write_bytes(batch_bytes(images, labels))
        if name == cf.TEST_FILE:
            out["test_images"], out["test_labels"] = images, np.array(labels)
        else:
            out["train_images"].append(images)
            out["train_labels"].extend(labels)
    (folder / cf.META_FILE).write_bytes(pickle.dumps(
        {b"num_cases_per_batch": n, b"label_names": NAMES, b"num_vis": 3072}, protocol=4))
    out["train_images"] = np.concatenate(out["train_images"])
    out["train_labels"] = np.array(out["train_labels"])
    return out


def assert_clean(exc: BaseException) -> None:
    """Our own error, with no chained exception from inside pickle/tarfile/requests."""
    assert isinstance(exc, DataError)
    assert exc.__cause__ is None
    assert exc.__suppress_context__ or exc.__context__ is None


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No real env var, a private cache, small batches, no network."""
    monkeypatch.delenv(cf.ENV_DIR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cf, "BATCH_SIZE", N)
    monkeypatch.setattr(cf, "URL", "http://127.0.0.1:9/cifar-10-python.tar.gz")  # refused at once


# --------------------------------------------------------------------------- the unpickler
class Evil:
    """Unpickling this calls os.mkdir(marker): proof that code would have run."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_good_batch_parses(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(N, 3072), dtype=np.uint8)
    labels = [i % 10 for i in range(N)]
    for protocol in (3, 4):
        got_images, got_labels = cp.parse_batch(batch_bytes(images, labels, protocol))
        assert got_images.shape == (N, 3, 32, 32) and got_images.dtype == np.uint8
        np.testing.assert_array_equal(got_images.reshape(N, -1), images)
        assert got_labels.dtype == np.int64 and list(got_labels) == labels
    str_keys = pickle.dumps({"data": images, "labels": labels}, protocol=4)  # re-saved with str keys
    assert cp.parse_batch(str_keys)[0].shape == (N, 3, 32, 32)


@pytest.mark.parametrize("where", ["whole file", "inside labels", "inside meta"])
def test_malicious_pickle_is_refused(tmp_path, where):
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(Evil(marker), protocol=2)
    pickle.loads(payload)  # control: the payload really runs code with a plain unpickler
    assert marker.is_dir()
    marker.rmdir()
    images = np.zeros((N, 3072), np.uint8)
    data, parse = {
        "whole file": (payload, cp.parse_batch),
        "inside labels": (pickle.dumps({b"data": images, b"labels": [Evil(marker)]}), cp.parse_batch),
        "inside meta": (pickle.dumps({b"label_names": [Evil(marker)] * 10}), cp.parse_meta),
    }[where]
    path = tmp_path / "data_batch_1"
    path.write_bytes(data)
    with pytest.raises(UnsafePickleError, match=r"refused to load.*(posix|os|nt)\.mkdir") as info:
        cp.load_batch(path) if parse is cp.parse_batch else cp.load_meta(path)
    assert str(path) in str(info.value) and "nothing in the file was run" in str(info.value)
    assert_clean(info.value)
    assert not marker.exists()


def test_malicious_batch_in_a_folder_is_refused_by_get_cifar10(tmp_path):
    folder = tmp_path / "cifar"
    write_cifar_dir(folder)
    marker = tmp_path / "code-ran"
    (folder / "data_batch_3").write_bytes(pickle.dumps(Evil(marker)))
    with pytest.raises(UnsafePickleError, match=r"via the path argument.*data_batch_3.*refused") as info:
        get_cifar10(folder, allow_download=False)
    assert_clean(info.value)
    assert not marker.exists()


def test_other_numpy_globals_are_refused():
    """Only _reconstruct/ndarray/dtype: protocol 5 (numpy's _frombuffer) and object arrays are not."""
    images = np.zeros((N, 3072), np.uint8)
    with pytest.raises(UnsafePickleError, match=r"_frombuffer.*protocol <= 4"):
        cp.parse_batch(pickle.dumps({b"data": images, b"labels": [0] * N}, protocol=5))
    with pytest.raises(UnsafePickleError, match=r"dtype object"):
        cp.parse_batch(pickle.dumps({b"data": np.array([None, 1], dtype=object), b"labels": [0]},
                                    protocol=4))


def good_batch(changes=None) -> bytes:
    rng = np.random.default_rng(1)
    d = batch_dict(rng.integers(0, 256, size=(N, 3072), dtype=np.uint8), [i % 10 for i in range(N)])
    d.update(changes or {})
    return pickle.dumps({k: v for k, v in d.items() if v is not None}, protocol=4)


@pytest.mark.parametrize("case, pattern", [
    ("truncated", r"ended early \(truncated"),
    ("half", r"ended early \(truncated|not a readable pickle"),
    ("empty", r"ended early"),
    ("not a pickle", r"not a readable pickle"),
    ("not a dict", r"expected a pickled dict, found list"),
    ("no data", r"no 'data' entry"),
    ("wrong shape", r"shape \(20, 1024\), expected \(n, 3072\)"),
    ("wrong dtype", r"must be a uint8 array, found dtype float32"),
    ("label too big", r"label 10 is out of range 0\.\.9"),
    ("negative label", r"label -1 is out of range"),
    ("labels not ints", r"flat list of integers"),
    ("count mismatch", r"20 images but 19 labels"),
    ("wrong count", r"20 images, expected 10000"),
])
def test_bad_batches_give_clear_errors(tmp_path, case, pattern):
    good = good_batch()
    labels = [i % 10 for i in range(N)]
    data = {
        "truncated": good[:-7],
        "half": good[: len(good) // 2],
        "empty": b"",
        "not a pickle": b"<html>404 Not Found</html>",
        "not a dict": pickle.dumps([1, 2, 3]),
        "no data": good_batch({b"data": None}),
        "wrong shape": good_batch({b"data": np.zeros((N, 1024), np.uint8)}),
        "wrong dtype": good_batch({b"data": np.zeros((N, 3072), np.float32)}),
        "label too big": good_batch({b"labels": labels[:-1] + [10]}),
        "negative label": good_batch({b"labels": [-1] + labels[1:]}),
        "labels not ints": good_batch({b"labels": ["cat"] * N}),
        "count mismatch": good_batch({b"labels": labels[:-1]}),
        "wrong count": good,
    }[case]
    path = tmp_path / "data_batch_1"
    path.write_bytes(data)
    with pytest.raises(BatchError, match=pattern) as info:
        cp.load_batch(path, expected_count=10000 if case == "wrong count" else None)
    assert str(path) in str(info.value)
    assert_clean(info.value)


def test_bad_meta(tmp_path):
    path = tmp_path / "batches.meta"
    path.write_bytes(pickle.dumps({b"label_names": NAMES[:9]}))
    with pytest.raises(BatchError, match=r"list of 10 names"):
        cp.load_meta(path)
    folder = tmp_path / "cifar"
    write_cifar_dir(folder)
    (folder / cf.META_FILE).write_bytes(pickle.dumps({b"label_names": NAMES[::-1]}))
    with pytest.raises(BatchError, match=r"class names .* differ"):
        get_cifar10(folder, allow_download=False)


# --------------------------------------------------------------------------- search order
def test_search_order_and_source(tmp_path, monkeypatch):
    given, env, cache = tmp_path / "given", tmp_path / "env", tmp_path / "cache" / "cifar10" / cf.FOLDER
    a_given, a_env, a_cache = (write_cifar_dir(d, seed=s) for d, s in ((given, 1), (env, 2), (cache, 3)))
    monkeypatch.setenv(cf.ENV_DIR, str(env))
    data = get_cifar10(given, allow_download=False)
    assert "path argument" in data.source and data.directory == str(given.resolve())
    np.testing.assert_array_equal(data.train_images.reshape(5 * N, -1), a_given["train_images"])
    np.testing.assert_array_equal(data.test_labels, a_given["test_labels"])
    assert data.name == "cifar10" and data.label_names == cf.CLASS_NAMES
    data = get_cifar10(allow_download=False)
    assert f"${cf.ENV_DIR}" in data.source
    np.testing.assert_array_equal(data.train_labels, a_env["train_labels"])
    monkeypatch.delenv(cf.ENV_DIR)
    data = get_cifar10(allow_download=False)
    assert "the cache" in data.source
    np.testing.assert_array_equal(data.test_images.reshape(N, -1), a_cache["test_images"])
    # a parent folder holding cifar-10-batches-py/ works too
    parent = tmp_path / "parent"
    write_cifar_dir(parent / cf.FOLDER, seed=4)
    assert get_cifar10(parent, allow_download=False).directory == str((parent / cf.FOLDER).resolve())


def test_unpacks_and_is_read_only(tmp_path):
    write_cifar_dir(tmp_path / "c")
    train_x, train_y, test_x, test_y = get_cifar10(tmp_path / "c", allow_download=False)
    assert train_x.shape == (5 * N, 3, 32, 32) and test_x.shape == (N, 3, 32, 32)
    assert train_y.shape == (5 * N,) and train_y.dtype == np.int64
    with pytest.raises(ValueError):
        train_x[0, 0, 0, 0] = 1


def test_empty_given_folder_falls_back_with_a_notice(tmp_path, monkeypatch, capsys):
    write_cifar_dir(tmp_path / "env")
    monkeypatch.setenv(cf.ENV_DIR, str(tmp_path / "env"))
    (tmp_path / "empty").mkdir()
    data = get_cifar10(tmp_path / "empty", allow_download=False)
    assert "COURSE_CIFAR10_DIR" in data.source
    assert "NOTE: no CIFAR-10 files via the path argument" in capsys.readouterr().out


def test_nothing_found_lists_what_was_tried(tmp_path, monkeypatch):
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "data_batch_1").write_bytes(b"x")
    monkeypatch.setenv(cf.ENV_DIR, str(tmp_path / "nowhere"))
    with pytest.raises(CIFARError) as info:
        get_cifar10(tmp_path / "partial", allow_download=False)
    msg = str(info.value)
    assert "Tried, in order:" in msg
    assert "1. the path argument" in msg and "missing data_batch_2" in msg
    assert "2. $COURSE_CIFAR10_DIR" in msg and "no such directory" in msg
    assert "3. the cache" in msg and "4. a download: not attempted" in msg
    assert "set the environment variable COURSE_CIFAR10_DIR" in msg
    assert_clean(info.value)


def test_download_refused_connection_is_reported(tmp_path):
    with pytest.raises(CIFARError, match=r"4\. a download: http://127\.0\.0\.1:9/.*") as info:
        get_cifar10()
    assert_clean(info.value)
    cache = tmp_path / "cache" / "cifar10"
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))


def test_corrupt_cache_is_not_fatal_but_given_folder_is(tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "cifar10" / cf.FOLDER
    write_cifar_dir(cache)
    (cache / "test_batch").write_bytes(b"garbage")
    with pytest.raises(CIFARError, match=r"3\. the cache: .*unusable.*test_batch"):
        get_cifar10(allow_download=False)
    monkeypatch.setenv(cf.ENV_DIR, str(cache))
    with pytest.raises(BatchError, match=r"found via \$COURSE_CIFAR10_DIR .* are unusable"):
        get_cifar10(allow_download=False)


# --------------------------------------------------------------------------- decoded cache
def decoded_dirs(tmp_path) -> list:
    root = tmp_path / "cache" / "cifar10" / "decoded"
    return sorted(p for p in root.iterdir() if not p.name.startswith(".")) if root.exists() else []


def test_decoded_cache_cold_then_warm(tmp_path):
    folder = tmp_path / "c"
    arrays = write_cifar_dir(folder)
    cold = get_cifar10(folder, allow_download=False)
    assert cold.decoded_cache == "written"
    (entry,) = decoded_dirs(tmp_path)
    assert sorted(p.name for p in entry.iterdir()) == [
        "complete.json", "test_images.npy", "test_labels.npy", "train_images.npy", "train_labels.npy"]
    warm = get_cifar10(folder, allow_download=False)
    assert warm.decoded_cache == "hit" and isinstance(warm.train_images, np.memmap)
    for a, b in zip(cold, warm):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(warm.train_labels, arrays["train_labels"])
    assert get_cifar10(folder, allow_download=False, use_cache=False).decoded_cache == "off"


def test_decoded_cache_follows_the_files(tmp_path):
    folder = tmp_path / "c"
    write_cifar_dir(folder, seed=1)
    get_cifar10(folder, allow_download=False)
    new = write_cifar_dir(folder, seed=2)  # same sizes, new contents and times
    st = (folder / "data_batch_1").stat()
    os.utime(folder / "data_batch_1", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    data = get_cifar10(folder, allow_download=False)
    assert data.decoded_cache == "written"
    np.testing.assert_array_equal(data.train_images.reshape(5 * N, -1), new["train_images"])
    assert len(decoded_dirs(tmp_path)) == 1  # the stale entry of this folder was removed
    write_cifar_dir(tmp_path / "other")
    get_cifar10(tmp_path / "other", allow_download=False)
    assert len(decoded_dirs(tmp_path)) == 2  # one entry per source folder


def test_broken_decoded_cache_is_rebuilt(tmp_path):
    folder = tmp_path / "c"
    arrays = write_cifar_dir(folder)
    get_cifar10(folder, allow_download=False)
    (entry,) = decoded_dirs(tmp_path)
    npy = entry / "train_images.npy"
    npy.write_bytes(npy.read_bytes()[:1000])  # truncated
    data = get_cifar10(folder, allow_download=False)
    assert data.decoded_cache == "written"
    np.testing.assert_array_equal(data.train_images.reshape(5 * N, -1), arrays["train_images"])
    assert get_cifar10(folder, allow_download=False).decoded_cache == "hit"


def test_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    write_cifar_dir(folder)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_DATA_CACHE", str(blocker / "cache"))
    assert get_cifar10(folder, allow_download=False).decoded_cache == "off"


# --------------------------------------------------------------------------- download
def fake_archive(tmp_path: Path, *, members=None, seed: int = 5) -> tuple[Path, dict]:
    """A small cifar-10-python.tar.gz (members under cifar-10-batches-py/) and its arrays."""
    src = tmp_path / "archive-src" / cf.FOLDER
    arrays = write_cifar_dir(src, seed=seed)
    archive = tmp_path / "served" / cf.ARCHIVE
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tar:
        for name in members if members is not None else cf.FILES + ("readme.html",):
            if name == "readme.html":
                info = tarfile.TarInfo(f"{cf.FOLDER}/readme.html")
                info.size = 5
                tar.addfile(info, io.BytesIO(b"hello"))
            elif isinstance(name, tarfile.TarInfo):
                tar.addfile(name, io.BytesIO(b"x" * name.size) if name.isfile() else None)
            else:
                tar.add(src / name, arcname=f"{cf.FOLDER}/{name}")
    return archive, arrays


def checksums(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """Base URL of an HTTP server on 127.0.0.1 serving tmp_path/served."""
    root = tmp_path / "served"
    root.mkdir(exist_ok=True)
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a, **k: _Quiet(*a, directory=str(root), **k))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def use_archive(monkeypatch, base: str, archive: Path, *, sha=None, md5=None):
    real_sha, real_md5 = checksums(archive)
    monkeypatch.setattr(cf, "URL", f"{base}/{archive.name}")
    monkeypatch.setattr(cf, "ARCHIVE_SHA256", sha or real_sha)
    monkeypatch.setattr(cf, "ARCHIVE_MD5", md5 or real_md5)


def cache_files(tmp_path) -> list:
    root = tmp_path / "cache" / "cifar10"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_download_verify_extract(tmp_path, server, monkeypatch, capsys):
    archive, arrays = fake_archive(tmp_path)
    use_archive(monkeypatch, server, archive)
    data = get_cifar10()
    assert "downloaded" in data.source
    np.testing.assert_array_equal(data.train_images.reshape(5 * N, -1), arrays["train_images"])
    np.testing.assert_array_equal(data.test_labels, arrays["test_labels"])
    folder = tmp_path / "cache" / "cifar10" / cf.FOLDER
    assert sorted(p.name for p in folder.iterdir()) == sorted(cf.FILES)  # readme.html not extracted
    assert not (tmp_path / "cache" / "cifar10" / cf.ARCHIVE).exists()  # deleted after extraction
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no temporaries
    # next time: the cache, no server needed
    monkeypatch.setattr(cf, "URL", "http://127.0.0.1:9/gone")
    assert "the cache" in get_cifar10().source
    # the registry finds the same folder
    loc = registry.locate("cifar10", allow_download=False)
    assert loc.directory == folder.resolve() and loc.found_via == "cache"
    assert loc.env_var == "COURSE_CIFAR10_DIR"


@pytest.mark.parametrize("which", ["sha256", "md5"])
def test_checksum_mismatch_is_refused(tmp_path, server, monkeypatch, which):
    archive, _ = fake_archive(tmp_path)
    wrong = {"sha": "0" * 64} if which == "sha256" else {"md5": "0" * 32}
    use_archive(monkeypatch, server, archive, **wrong)
    pattern = r"SHA-256 mismatch" if which == "sha256" else r"MD5 mismatch"
    with pytest.raises(CIFARError, match=pattern) as info:
        get_cifar10()
    assert_clean(info.value)
    assert cache_files(tmp_path) == []  # neither the archive, nor a temporary, nor batches
    with pytest.raises(ChecksumError, match=pattern):
        cf.download_cifar10(tmp_path / "cache" / "cifar10", progress=False)


def test_download_http_error(tmp_path, server, monkeypatch):
    monkeypatch.setattr(cf, "URL", f"{server}/missing.tar.gz")
    with pytest.raises(CIFARError, match=r"HTTP 404") as info:
        get_cifar10()
    assert_clean(info.value)
    assert cache_files(tmp_path) == []


def _link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(f"{cf.FOLDER}/{name}")
    info.type, info.linkname = kind, target
    return info


@pytest.mark.parametrize("case, pattern", [
    ("missing member", r"has no cifar-10-batches-py/test_batch"),
    ("symlink member", r"data_batch_1 is not a regular file"),
    ("truncated archive", r"corrupted or truncated"),
])
def test_hostile_or_broken_archive(tmp_path, server, monkeypatch, case, pattern):
    if case == "missing member":
        archive, _ = fake_archive(tmp_path, members=[f for f in cf.FILES if f != "test_batch"])
    elif case == "symlink member":
        escape = tarfile.TarInfo("../../escaped")
        escape.size = 1
        archive, _ = fake_archive(tmp_path, members=[escape, _link("data_batch_1", "/etc/passwd")]
                                  + [f for f in cf.FILES if f != "data_batch_1"])
    else:
        archive, _ = fake_archive(tmp_path)
        archive.write_bytes(archive.read_bytes()[:-200])
    use_archive(monkeypatch, server, archive)
    with pytest.raises(CIFARError, match=pattern) as info:
        get_cifar10()
    assert_clean(info.value)
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "cache" / "escaped").exists()
    assert not (tmp_path / "cache" / "cifar10" / cf.FOLDER).exists()
    assert not [p for p in (tmp_path / "cache" / "cifar10").iterdir() if p.name.startswith(".")]


# --------------------------------------------------------------------------- CIFAR10_data
def test_cifar10_data_split_and_mean(tmp_path):
    folder = tmp_path / "c"
    arrays = write_cifar_dir(folder)
    data = CIFAR10_data(60, 30, 15, path=folder, allow_download=False)
    assert type(data) is dict
    assert list(data) == ["data_train", "labels_train", "data_val", "labels_val", "data_test",
                          "labels_test"]
    assert data["data_train"].shape == (60, 3, 32, 32) and data["data_val"].shape == (30, 3, 32, 32)
    assert data["data_test"].shape == (15, 3, 32, 32)
    assert data["data_train"].dtype == np.float64 and data["labels_train"].dtype == np.int64
    train = arrays["train_images"].reshape(-1, 3, 32, 32).astype(np.float64)
    mean = train[:60].mean(axis=0)
    np.testing.assert_allclose(data["data_train"], train[:60] - mean, atol=1e-12)
    np.testing.assert_allclose(data["data_val"], train[60:90] - mean, atol=1e-12)
    np.testing.assert_allclose(data["data_test"],
                               arrays["test_images"][:15].reshape(-1, 3, 32, 32) - mean, atol=1e-12)
    np.testing.assert_array_equal(data["labels_val"], arrays["train_labels"][60:90])
    np.testing.assert_array_equal(data["labels_test"], arrays["test_labels"][:15])
    np.testing.assert_allclose(data["data_train"].mean(axis=0), 0, atol=1e-9)
    raw = CIFAR10_data(60, 30, 15, subtract_mean=False, path=folder, dtype=np.float32)
    assert raw["data_train"].dtype == np.float32
    np.testing.assert_array_equal(raw["data_train"], train[:60])


@pytest.mark.parametrize("kwargs, match", [
    ({"num_training": 90, "num_val": 20}, r"num_training \+ num_val must be <= 100"),
    ({"num_test": 21}, r"num_test <= 20"),
    ({"num_training": 0}, r"num_training >= 1"),
    ({"dtype": np.int32}, r"float dtype"),
])
def test_cifar10_data_validates(tmp_path, kwargs, match):
    write_cifar_dir(tmp_path / "c")
    args = {"num_training": 50, "num_val": 10, "num_test": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        CIFAR10_data(path=tmp_path / "c", allow_download=False, **args)


# --------------------------------------------------------------------------- registry
def test_registry_cifar10(tmp_path, monkeypatch):
    with pytest.raises(DataError, match=r"(?s)CIFAR-10.*could not be found.*Set COURSE_CIFAR10_DIR"):
        registry.locate("cifar10", allow_download=False)
    write_cifar_dir(tmp_path / "env")
    monkeypatch.setenv(cf.ENV_DIR, str(tmp_path / "env"))
    loc = registry.locate("cifar10")
    assert loc == registry.DatasetLocation("cifar10", (tmp_path / "env").resolve(),
                                           "$COURSE_CIFAR10_DIR", "COURSE_CIFAR10_DIR")


# --------------------------------------------------------------------------- the real copy
needs_real = pytest.mark.skipif(not REAL_DIR, reason="COURSE_CIFAR10_DIR is not set (point it at "
                                                     "../shared/data/cifar-10-batches-py)")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real CIFAR-10 via COURSE_CIFAR10_DIR, loaded cold then warm with a private cache."""
    cache = tmp_path_factory.mktemp("real-cifar-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COURSE_DATA_CACHE", str(cache))
        mp.setenv(cf.ENV_DIR, REAL_DIR)
        mp.setattr(cf, "BATCH_SIZE", 10000)
        times = {}
        for kind in ("cold", "warm"):
            start = time.perf_counter()
            data = get_cifar10(allow_download=False)
            times[kind] = time.perf_counter() - start
    return data, times, cache


@pytest.fixture
def real_env(real, monkeypatch):
    """Undo the isolation for one test: the real folder, its warm cache, full-size batches."""
    monkeypatch.setenv("COURSE_DATA_CACHE", str(real[2]))
    monkeypatch.setenv(cf.ENV_DIR, REAL_DIR)
    monkeypatch.setattr(cf, "BATCH_SIZE", 10000)
    return real


@needs_real
def test_real_cifar10(real_env):
    data, times, _ = real_env
    assert data.decoded_cache == "hit" and "COURSE_CIFAR10_DIR" in data.source
    assert data.train_images.shape == (50000, 3, 32, 32) and data.test_images.shape == (10000, 3, 32, 32)
    assert data.train_images.dtype == np.uint8
    assert data.train_labels.shape == (50000,) and data.test_labels.shape == (10000,)
    assert data.label_names[3] == "cat" and len(data.label_names) == 10
    assert np.bincount(data.train_labels, minlength=10).tolist() == [5000] * 10
    assert np.bincount(data.test_labels, minlength=10).tolist() == [1000] * 10
    assert data.train_images.min() == 0 and data.train_images.max() == 255
    means = data.train_images.mean(axis=(0, 2, 3), dtype=np.float64) / 255
    np.testing.assert_allclose(means, [0.4914, 0.4822, 0.4465], atol=6e-5)  # the README's figures
    print(f"\nreal CIFAR-10 load: cold {times['cold']:.2f} s, warm {times['warm']:.3f} s")
    assert times["warm"] < times["cold"] and times["warm"] < 2.0
    assert registry.locate("cifar10", allow_download=False).directory == Path(REAL_DIR).resolve()


@needs_real
def test_real_cifar10_data(real_env):
    data = CIFAR10_data()
    shapes = {k: v.shape for k, v in data.items()}
    assert shapes == {"data_train": (49000, 3, 32, 32), "labels_train": (49000,),
                      "data_val": (1000, 3, 32, 32), "labels_val": (1000,),
                      "data_test": (1000, 3, 32, 32), "labels_test": (1000,)}
    assert data["data_train"].dtype == np.float64
    mean_pixel = data["data_train"].mean(axis=0)
    assert np.abs(mean_pixel).max() < 1e-8  # the mean training image was subtracted
    assert -200 < data["data_val"].min() < 0 < data["data_val"].max() < 200
    for key in ("labels_train", "labels_val", "labels_test"):
        assert data[key].min() == 0 and data[key].max() == 9
    counts = np.bincount(data["labels_val"], minlength=10)
    assert counts.min() > 70 and counts.max() < 130  # 1,000 images, all classes
