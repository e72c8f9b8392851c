"""CIFAR-10 for the course: ``get_cifar10()`` and ``CIFAR10_data()``.

Search order of :func:`get_cifar10` (the first folder holding all seven files wins):

1. the ``path`` argument;
2. the folder in ``$COURSE_CIFAR10_DIR``;
3. the cache, ``$COURSE_DATA_CACHE/cifar10/cifar-10-batches-py`` (default
   ``~/.cache/dl-course/cifar10/...``);
4. a download of the official ``cifar-10-python.tar.gz`` (170,498,071 bytes, ~163 MiB)
   into the cache with ``pooch`` (tqdm bar, SHA-256 and MD5 verified, atomic move),
   then an atomic extraction of the seven files.

A folder is laid out like the official ``cifar-10-batches-py``: ``data_batch_1`` ..
``data_batch_5``, ``test_batch`` and ``batches.meta`` (a parent folder holding
``cifar-10-batches-py/`` works too). Local files are validated structurally
(restricted unpickler, shapes, counts, label range; see
:mod:`course_lib.data.cifar_pickle`), never against the official checksums: those
apply only to the archive this module downloads itself.

Decoded cache: after the first load of a folder, its arrays are written as ``.npy``
files under ``$COURSE_DATA_CACHE/cifar10/decoded/<fingerprint>/`` (fingerprint: the
folder's path and each file's size and modification time), so the next load
memory-maps them instead of unpickling 180 MB. Writing is atomic and best-effort: a
read-only cache only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .arraycache import write_arrays
from .cifar_pickle import IMAGE_SHAPE, N_CLASSES, load_batch, load_meta
from .download import DEFAULT_TIMEOUT, data_cache_dir, fetch_verified
from .errors import BatchError, CIFARError, DownloadError

__all__ = ["CIFAR10Data", "get_cifar10", "CIFAR10_data", "find_cifar10_dir", "download_cifar10",
           "CLASS_NAMES"]

FOLDER = "cifar-10-batches-py"
TRAIN_FILES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_FILE = "test_batch"
META_FILE = "batches.meta"
FILES = TRAIN_FILES + (TEST_FILE, META_FILE)

#: The official archive. The MD5 is the one torchvision pins; the SHA-256 is the one Keras
#: pins (keras.datasets.cifar10) and matches that MD5 and the size in independent records.
URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
ARCHIVE = "cifar-10-python.tar.gz"
ARCHIVE_MD5 = "c58f30108f718f92721af3b95e74349a"
ARCHIVE_SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
ARCHIVE_SIZE = 170_498_071

#: Images per batch file (monkeypatched by the tests, which write small batches).
BATCH_SIZE = 10000
#: The class names, by label (also read from batches.meta and checked against this).
CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
               "truck")

ENV_DIR = "COURSE_CIFAR10_DIR"
_DECODED_VERSION = 1
_FIX = ("How to fix: set the environment variable COURSE_CIFAR10_DIR to a folder laid out like "
        "the official cifar-10-batches-py ({files}), or call get_cifar10(path=...) with such a "
        "folder; or allow the download (about 163 MiB) into the cache.")


@dataclass(frozen=True, repr=False, eq=False)
class CIFAR10Data:
    """CIFAR-10 as stored: one example per row (N first), pixels as uint8.

    Attributes:
        train_images: (50000, 3, 32, 32) uint8 0..255, channels R, G, B; read-only (often a
            memory map of the decoded cache). Row ``i`` is training image ``i`` in the
            original order (``data_batch_1`` first).
        train_labels: (50000,) int64 in 0..9.
        test_images: (10000, 3, 32, 32) uint8, read-only.
        test_labels: (10000,) int64 in 0..9.
        label_names: the 10 class names, by label (``label_names[3] == "cat"``).
        source: where the data came from (a folder and how it was found).
        directory: the ``cifar-10-batches-py`` folder that was read.
        decoded_cache: ``"hit"`` (arrays memory-mapped from the .npy cache), ``"written"``
            (batches unpickled, cache written), or ``"off"`` (unpickled, no cache written).
        name: always ``"cifar10"``.

    Unpacks like a tuple: ``train_x, train_y, test_x, test_y = get_cifar10()``.
    """

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    label_names: tuple
    source: str
    directory: str
    decoded_cache: str
    name: str = "cifar10"

    def __iter__(self):
        return iter((self.train_images, self.train_labels, self.test_images, self.test_labels))

    def __len__(self) -> int:
        return 4

    def __repr__(self) -> str:
        return (f"CIFAR10Data(train_images={self.train_images.shape}, test_images="
                f"{self.test_images.shape}, decoded_cache={self.decoded_cache!r}, "
                f"source={self.source!r})")


# --------------------------------------------------------------------------- folders
def _batches_folder(folder: Path) -> Path:
    """``folder`` itself, or its ``cifar-10-batches-py`` child when ``folder`` has none of the files."""
    child = folder / FOLDER
    if not (folder / META_FILE).exists() and child.is_dir():
        return child
    return folder


def _missing(folder: Path) -> list:
    return [name for name in FILES if not (folder / name).is_file()]


def _candidates(path) -> list:
    """(label, folder or None, why absent) in search order, without the download."""
    env = os.environ.get(ENV_DIR, "").strip()
    return [
        ("the path argument", Path(path).expanduser() if path is not None else None, "not given"),
        (f"${ENV_DIR}", Path(env).expanduser() if env else None, "not set"),
        ("the cache", data_cache_dir("cifar10", FOLDER), ""),
    ]


def _scan(path) -> tuple[list, list]:
    """Folders holding all seven files, and the reasons for those that do not.

    Returns:
        (usable, tried): usable lists (label, folder); tried lists (label, reason).
    """
    usable, tried = [], []
    for label, folder, absent in _candidates(path):
        if folder is None:
            tried.append((label, absent))
            continue
        if not folder.is_dir():
            what = "not a directory" if folder.exists() else "no such directory"
            tried.append((label, f"{folder}: {what}"))
            continue
        folder = _batches_folder(folder)
        missing = _missing(folder)
        if missing:
            tried.append((label, f"{folder}: missing {', '.join(missing)}"))
            continue
        usable.append((label, folder))
    return usable, tried


def find_cifar10_dir(path=None, *, allow_download: bool = True) -> tuple[Path, str]:
    """Find (or download) a ``cifar-10-batches-py`` folder without reading it.

    Same search order as :func:`get_cifar10`; only the presence of the seven files is
    checked. Used by the grader's preflight (:func:`course_lib.data.registry.locate`).

    Returns:
        (folder, how it was found), e.g. ``(Path(...), "$COURSE_CIFAR10_DIR")``.

    Raises:
        CIFARError: not found and not downloaded; the message lists what was tried.
    """
    usable, tried = _scan(path)
    if usable:
        label, folder = usable[0]
        return folder.resolve(), label
    if not allow_download:
        tried.append(("a download", "not attempted (allow_download=False)"))
        raise _not_found(tried)
    try:
        folder = download_cifar10(data_cache_dir("cifar10"))
    except (DownloadError, BatchError) as exc:
        tried.append(("a download", str(exc)))
        raise _not_found(tried) from None
    return folder.resolve(), "a download into the cache"


def _not_found(tried: list) -> CIFARError:
    lines = "\n".join(f"  {i}. {label}: {detail}" for i, (label, detail) in enumerate(tried, 1))
    return CIFARError("CIFAR-10 could not be loaded. Tried, in order:\n" + lines + "\n"
                      + _FIX.format(files=", ".join(FILES)))


# --------------------------------------------------------------------------- download
def _extract(archive: Path, dest: Path) -> Path:
    """Extract the seven batch files of ``archive`` into ``dest``, atomically.

    Only the expected regular-file members ``cifar-10-batches-py/<name>`` are read (no
    other member, link or path is ever written). They go to a temporary folder next to
    ``dest``, which then replaces ``dest`` in one rename.

    Raises:
        BatchError: the archive is not a readable gzip tar or lacks a file.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part"))
    try:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                for name in FILES:
                    try:
                        member = tar.getmember(f"{FOLDER}/{name}")
                    except KeyError:
                        raise BatchError(f"{archive}: the archive has no {FOLDER}/{name}") from None
                    if not member.isfile():
                        raise BatchError(f"{archive}: {FOLDER}/{name} is not a regular file")
                    with tar.extractfile(member) as src, open(tmp / name, "wb") as out:
                        shutil.copyfileobj(src, out, 1 << 20)
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise BatchError(f"{archive}: the archive is corrupted or truncated ({exc})") from None
        os.chmod(tmp, 0o755)
        old = None
        if dest.exists():  # a broken earlier copy: move it aside, then swap in the new one
            old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
            os.replace(dest, old)
        os.replace(tmp, dest)
        tmp = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return dest
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def download_cifar10(cache: str | Path, *, url: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                     progress: bool = True) -> Path:
    """Download the official archive into ``cache``, verify it and extract the batches.

    Args:
        cache: the CIFAR-10 cache folder (``data_cache_dir("cifar10")``).
        url: the archive's URL; default :data:`URL`.
        timeout: seconds for the connection and for each read.
        progress: show a tqdm progress bar.

    Returns:
        ``cache / "cifar-10-batches-py"``, holding the seven files. The archive is deleted
        after a successful extraction.

    Raises:
        ChecksumError: the SHA-256 (:data:`ARCHIVE_SHA256`) or MD5 (:data:`ARCHIVE_MD5`)
            differs; nothing is kept.
        DownloadError: network or disk problem; no partial file is left behind.
        BatchError: the verified archive could not be extracted.
    """
    cache = Path(cache)
    archive = fetch_verified(url or URL, cache / ARCHIVE, sha256=ARCHIVE_SHA256, md5=ARCHIVE_MD5,
                             timeout=timeout, progress=progress)
    folder = _extract(archive, cache / FOLDER)
    archive.unlink(missing_ok=True)
    return folder


# --------------------------------------------------------------------------- decoding
def _fingerprint(folder: Path) -> str:
    """Identify a folder's current contents cheaply: path, sizes and modification times."""
    stats = []
    for name in FILES:
        st = (folder / name).stat()
        stats.append([name, st.st_size, st.st_mtime_ns])
    key = json.dumps([_DECODED_VERSION, BATCH_SIZE, str(folder.resolve()), stats])
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _decode(folder: Path) -> dict:
    """Unpickle and validate the seven files of ``folder`` (restricted unpickler)."""
    n = BATCH_SIZE
    train_images = np.empty((len(TRAIN_FILES) * n,) + IMAGE_SHAPE, dtype=np.uint8)
    train_labels = np.empty(len(TRAIN_FILES) * n, dtype=np.int64)
    for i, name in enumerate(TRAIN_FILES):
        images, labels = load_batch(folder / name, expected_count=n)
        train_images[i * n:(i + 1) * n], train_labels[i * n:(i + 1) * n] = images, labels
    test_images, test_labels = load_batch(folder / TEST_FILE, expected_count=n)
    label_names = load_meta(folder / META_FILE)
    if label_names != CLASS_NAMES:
        raise BatchError(f"{folder / META_FILE}: class names {label_names} differ from CIFAR-10's "
                         f"{CLASS_NAMES}")
    return {"train_images": train_images, "train_labels": train_labels,
            "test_images": np.ascontiguousarray(test_images), "test_labels": test_labels}


_ARRAYS = ("train_images", "train_labels", "test_images", "test_labels")


def _expected_shapes() -> dict:
    n_train, n_test = len(TRAIN_FILES) * BATCH_SIZE, BATCH_SIZE
    return {"train_images": ((n_train,) + IMAGE_SHAPE, np.uint8), "train_labels": ((n_train,), np.int64),
            "test_images": ((n_test,) + IMAGE_SHAPE, np.uint8), "test_labels": ((n_test,), np.int64)}


def _read_decoded(where: Path) -> dict | None:
    """Memory-map a decoded cache entry; None if it is absent or does not check out."""
    if not (where / "complete.json").is_file():
        return None
    arrays = {}
    try:
        for key, (shape, dtype) in _expected_shapes().items():
            arr = np.load(where / f"{key}.npy", mmap_mode="r", allow_pickle=False)
            if arr.shape != shape or arr.dtype != dtype:
                return None
            arrays[key] = arr
    except (OSError, ValueError):
        return None
    for key in ("train_labels", "test_labels"):
        labels = arrays[key]
        if labels.size and (labels.min() < 0 or labels.max() >= N_CLASSES):
            return None
        arrays[key] = np.array(labels)  # small: keep an ordinary array
    return arrays


def _write_decoded(where: Path, arrays: dict, folder: Path) -> bool:
    """Write the arrays as .npy into ``where`` atomically; False if that is not possible.

    Older entries decoded from the same ``folder`` (before its files changed) are removed,
    so the cache holds one entry (~180 MB) per source folder.
    """
    source = str(folder.resolve())
    try:
        write_arrays(where, {key: arrays[key] for key in _ARRAYS}, "complete.json",
                     {"version": _DECODED_VERSION, "folder": source})
    except OSError:  # read-only or full cache, or another process won the race
        return False
    for other in where.parent.iterdir():
        if other == where or other.name.startswith("."):
            continue
        try:
            stale = json.loads((other / "complete.json").read_text()).get("folder") == source
        except (OSError, ValueError, AttributeError):
            continue
        if stale:
            shutil.rmtree(other, ignore_errors=True)
    return True


def _load_folder(folder: Path, use_cache: bool) -> tuple[dict, str]:
    """Arrays of ``folder``: from the decoded cache if possible, else unpickled (and cached)."""
    where = data_cache_dir("cifar10", "decoded", _fingerprint(folder))
    if use_cache:
        arrays = _read_decoded(where)
        if arrays is not None:
            return arrays, "hit"
    arrays = _decode(folder)
    if use_cache and _write_decoded(where, arrays, folder):
        return arrays, "written"
    return arrays, "off"


def _readonly(arrays: dict) -> dict:
    for arr in arrays.values():
        if arr.flags.writeable:
            arr.flags.writeable = False
    return arrays


# --------------------------------------------------------------------------- entry points
def get_cifar10(path: str | Path | None = None, *, allow_download: bool = True,
                use_cache: bool = True) -> CIFAR10Data:
    """Load CIFAR-10 for the course.

    Args:
        path: a ``cifar-10-batches-py`` folder (or its parent); searched first.
        allow_download: if nothing is found locally, download the official archive
            (~163 MiB, verified) into the cache.
        use_cache: read and write the decoded ``.npy`` cache (a warm load memory-maps it).

    Returns:
        :class:`CIFAR10Data`: ``train_images`` (50000, 3, 32, 32) and ``test_images``
        (10000, 3, 32, 32) uint8 (read-only), ``train_labels`` (50000,) and
        ``test_labels`` (10000,) int64 in 0..9, ``label_names``, ``source``.

    Search order: ``path``, ``$COURSE_CIFAR10_DIR``, the cache
    (``$COURSE_DATA_CACHE/cifar10/cifar-10-batches-py``), then a verified download.

    Raises:
        CIFARError: nothing usable was found; the message lists each location tried and
            how to fix it.
        BatchError: files given by ``path`` or ``$COURSE_CIFAR10_DIR`` exist but are
            corrupted (:class:`~course_lib.data.errors.UnsafePickleError` if one is a
            pickle that tries to load anything but numpy arrays). A broken cache is
            replaced by a download instead.
    """
    usable, tried = _scan(path)
    for label, folder in usable:
        try:
            arrays, how = _load_folder(folder, use_cache)
        except BatchError as exc:
            if label != "the cache":
                raise type(exc)(f"The CIFAR-10 files found via {label} ({folder}) are unusable: "
                                f"{exc}\nReplace them with intact copies, or point elsewhere. "
                                + _FIX.format(files=", ".join(FILES))) from None
            tried.append((label, f"{folder}: unusable ({exc})"))  # a download replaces it
            continue
        _notice_fallback(tried, f"{label} {folder}")
        return _make(arrays, f"{folder} ({label})", folder, how)

    if allow_download:
        try:
            folder = download_cifar10(data_cache_dir("cifar10"))
            arrays, how = _load_folder(folder, use_cache)
        except (DownloadError, BatchError) as exc:
            tried.append(("a download", str(exc)))
        else:
            _notice_fallback(tried, f"a fresh download into {folder}")
            return _make(arrays, f"{folder} (downloaded)", folder, how)
    else:
        tried.append(("a download", "not attempted (allow_download=False)"))
    raise _not_found(tried)


def _notice_fallback(tried: list, used: str) -> None:
    """Print one line when a folder the user gave had no data and another one is used."""
    skipped = [label for label, detail in tried
               if label != "the cache" and detail not in ("not given", "not set")]
    if skipped:
        print(f"NOTE: no CIFAR-10 files via {' or '.join(skipped)}; using {used} instead.", flush=True)


def _make(arrays: dict, source: str, folder: Path, how: str) -> CIFAR10Data:
    arrays = _readonly(arrays)
    return CIFAR10Data(train_images=arrays["train_images"], train_labels=arrays["train_labels"],
                       test_images=arrays["test_images"], test_labels=arrays["test_labels"],
                       label_names=CLASS_NAMES, source=source, directory=str(Path(folder).resolve()),
                       decoded_cache=how)


def CIFAR10_data(num_training: int = 49000, num_val: int = 1000,  # noqa: N802 (name fixed by the spec)
                 num_test: int = 1000, subtract_mean: bool = True, *, path: str | Path | None = None,
                 dtype=np.float64, allow_download: bool = True) -> dict:
    """CIFAR-10 split as in CS231n (and the ``layers`` assignment): a dict of six arrays.

    The split, fixed by ../shared/spec/layers.md:

    * ``data_train``: the first ``num_training`` (49,000) training images, in order;
    * ``data_val``: the next ``num_val`` (1,000) training images (indices 49,000..49,999);
    * ``data_test``: the first ``num_test`` (1,000) test images.

    Images are (N, 3, 32, 32) (channels R, G, B first), pixel values 0..255 as
    ``dtype`` (float64 by default, numpy's "float"). With ``subtract_mean`` the mean
    training image (the per-pixel mean over ``data_train`` only, shape (3, 32, 32)) is
    subtracted from all three sets.

    Args:
        num_training, num_val, num_test: sizes of the three sets.
        subtract_mean: subtract the mean training image.
        path: passed to :func:`get_cifar10` (same search order).
        dtype: float dtype of the images (float32 halves the 1.2 GB of the default).
        allow_download: passed to :func:`get_cifar10`.

    Returns:
        A plain dict: ``data_train`` (num_training, 3, 32, 32), ``labels_train``
        (num_training,) int64; ``data_val``, ``labels_val``; ``data_test``, ``labels_test``.
        For the ``layers`` spec's ``train_net``, pair them as
        ``{"data_train": (d["data_train"], d["labels_train"]), ...}``.

    Raises:
        ValueError: sizes out of range or a non-float dtype.
        CIFARError: as :func:`get_cifar10`.
    """
    if not np.issubdtype(np.dtype(dtype), np.floating):
        raise ValueError(f"dtype must be a float dtype; got {dtype!r}")
    cifar = get_cifar10(path, allow_download=allow_download)
    n_train_all, n_test_all = cifar.train_images.shape[0], cifar.test_images.shape[0]
    sizes = {"num_training": num_training, "num_val": num_val, "num_test": num_test}
    if any(int(v) != v or v < 0 for v in sizes.values()) or num_training < 1:
        raise ValueError(f"sizes must be non-negative integers (num_training >= 1); got {sizes}")
    if num_training + num_val > n_train_all or num_test > n_test_all:
        raise ValueError(f"num_training + num_val must be <= {n_train_all} and num_test <= "
                         f"{n_test_all}; got {sizes}")

    train = cifar.train_images[:num_training]
    # The mean of data_train, computed from the uint8 pixels (the same float64 sums as
    # averaging the float copy); then one fused pass per set: out = pixels - mean.
    mean_image = train.mean(axis=0, dtype=np.float64) if subtract_mean else 0.0

    def centred(images):
        out = np.empty(images.shape, dtype=dtype)
        np.subtract(images, mean_image, out=out, casting="unsafe")
        return out

    data = {
        "data_train": centred(train),
        "labels_train": cifar.train_labels[:num_training].copy(),
        "data_val": centred(cifar.train_images[num_training:num_training + num_val]),
        "labels_val": cifar.train_labels[num_training:num_training + num_val].copy(),
        "data_test": centred(cifar.test_images[:num_test]),
        "labels_test": cifar.test_labels[:num_test].copy(),
    }
    return data

