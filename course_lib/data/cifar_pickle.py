"""Read CIFAR-10 python batches safely: a restricted unpickler and validation.

The official ``cifar-10-batches-py`` files are Python 2 pickles (protocol 2).
Loading a pickle with :func:`pickle.load` can run arbitrary code, so this
module uses an unpickler whose ``find_class`` allows exactly the three globals
that a CIFAR-10 batch references to rebuild its one numpy array:

=====================================  ==========================================
``numpy.core.multiarray._reconstruct``  (``numpy._core.multiarray`` on numpy 2),
                                        only to rebuild a plain ``numpy.ndarray``
``numpy.ndarray``                       the array type given to ``_reconstruct``
``numpy.dtype``                         the array's dtype (object dtypes refused)
=====================================  ==========================================

Every other global (``os.system``, ``builtins.eval``, ...) raises
:class:`~course_lib.data.errors.UnsafePickleError` before anything is called.
Dicts, lists, bytes, strings and ints need no globals.

A data batch is a dict with ``b'data'`` (uint8 array (n, 3072): one image per row,
the R, G and B planes of 32x32 each, row-major), ``b'labels'`` (n ints in 0..9),
``b'batch_label'`` and ``b'filenames'``. ``batches.meta`` holds ``b'label_names'``
(10 names). Every problem raises :class:`~course_lib.data.errors.BatchError` with
the file name and what is wrong; errors from inside ``pickle`` never escape.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import numpy as np

from .errors import BatchError, UnsafePickleError

__all__ = ["IMAGE_SHAPE", "N_CLASSES", "restricted_loads", "parse_batch", "parse_meta",
           "load_batch", "load_meta"]

IMAGE_SHAPE = (3, 32, 32)  # channels, rows, columns: the layout of one row of b'data'
N_FEATURES = 3 * 32 * 32
N_CLASSES = 10
_RECONSTRUCT = np.array(0).__reduce__()[0]  # numpy's _reconstruct, without naming numpy.core


def _reconstruct_ndarray(subtype, shape, dtype):
    """``_reconstruct`` limited to plain ndarrays (no subclass can sneak in a constructor)."""
    if subtype is not np.ndarray:
        raise UnsafePickleError(f"the pickle rebuilds an array of type {subtype!r}, not numpy.ndarray")
    return _RECONSTRUCT(subtype, shape, dtype)


def _plain_dtype(*args):
    """``numpy.dtype`` limited to dtypes without Python objects."""
    dtype = np.dtype(*args)
    if dtype.hasobject:
        raise UnsafePickleError(f"the pickle asks for dtype {dtype}, which holds Python objects")
    return dtype


#: (module, name) -> the object returned for it; nothing else can be loaded.
ALLOWED_GLOBALS = {
    ("numpy.core.multiarray", "_reconstruct"): _reconstruct_ndarray,
    ("numpy._core.multiarray", "_reconstruct"): _reconstruct_ndarray,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): _plain_dtype,
}


class _CIFARUnpickler(pickle.Unpickler):
    """An unpickler that resolves only :data:`ALLOWED_GLOBALS`."""

    def find_class(self, module, name):
        try:
            return ALLOWED_GLOBALS[(module, name)]
        except KeyError:
            pass
        if module.split(".")[0] == "numpy":  # e.g. a re-save with pickle protocol 5
            why = ("the official batches (pickle protocol 2) never need it; use the official "
                   "files, or re-save with protocol <= 4")
        else:
            why = "a CIFAR-10 batch never contains it"
        raise UnsafePickleError(f"the pickle asks for {module}.{name}: {why}; it was refused and "
                                "nothing in the file was run")

    def persistent_load(self, pid):
        raise UnsafePickleError("the pickle uses persistent ids, which a CIFAR-10 batch never contains")


def restricted_loads(data: bytes, *, name: str = "<bytes>"):
    """Unpickle ``data`` allowing only the globals of a CIFAR-10 batch.

    Args:
        data: the whole pickle file.
        name: file name used in error messages.

    Returns:
        The unpickled object (for a batch: a dict with bytes keys).

    Raises:
        UnsafePickleError: the pickle references any other global (nothing was run).
        BatchError: the pickle is truncated or corrupted.
    """
    try:
        return _CIFARUnpickler(io.BytesIO(data), encoding="bytes").load()
    except UnsafePickleError as exc:
        raise UnsafePickleError(
            f"{name}: refused to load: {exc}. Unless you re-saved it yourself, the file is not a "
            "genuine CIFAR-10 batch (it may be malicious): delete it and use an intact copy of "
            "cifar-10-batches-py."
        ) from None
    except Exception as exc:  # untrusted bytes: any failure inside pickle means a corrupt file
        if isinstance(exc, EOFError) or "truncated" in str(exc):
            problem = "the file ended early (truncated: an interrupted copy or download?)"
        else:
            problem = f"it is not a readable pickle ({type(exc).__name__}: {exc})"
    raise BatchError(f"{name}: {problem}") from None


def _text(value) -> str:
    return value.decode("latin1") if isinstance(value, bytes) else str(value)


def _as_str_keys(obj, name: str) -> dict:
    """A dict with bytes keys (Python 2 pickles) or str keys, as a dict with str keys."""
    if not isinstance(obj, dict):
        raise BatchError(f"{name}: expected a pickled dict, found {type(obj).__name__}")
    return {_text(key): value for key, value in obj.items()}


def parse_batch(data: bytes, *, name: str = "<bytes>", expected_count: int | None = None):
    """Parse and validate one data batch (``data_batch_1`` .. ``data_batch_5``, ``test_batch``).

    Args:
        data: the whole pickle file.
        name: file name used in error messages.
        expected_count: required number of images (10,000 in the real files), or None.

    Returns:
        (images, labels): images uint8 (n, 3, 32, 32), channels R, G, B; labels int64 (n,)
        in 0..9.

    Raises:
        UnsafePickleError: the pickle references a global outside :data:`ALLOWED_GLOBALS`.
        BatchError: truncated/corrupted file, missing keys, wrong shape, dtype, count or label.
    """
    batch = _as_str_keys(restricted_loads(data, name=name), name)
    missing = [key for key in ("data", "labels") if key not in batch]
    if missing:
        raise BatchError(f"{name}: the dict has no {' or '.join(repr(k) for k in missing)} entry "
                         f"(keys: {sorted(batch)}); is this a CIFAR-10 batch?")
    images = batch["data"]
    if not isinstance(images, np.ndarray) or images.dtype != np.uint8:
        what = f"dtype {images.dtype}" if isinstance(images, np.ndarray) else type(images).__name__
        raise BatchError(f"{name}: 'data' must be a uint8 array, found {what}")
    if images.ndim != 2 or images.shape[1] != N_FEATURES:
        raise BatchError(f"{name}: 'data' has shape {images.shape}, expected (n, {N_FEATURES}): "
                         "one 32x32 RGB image per row")
    try:
        labels = np.asarray(batch["labels"])
    except (TypeError, ValueError) as exc:
        raise BatchError(f"{name}: 'labels' is not a list of integers ({exc})") from None
    if labels.ndim != 1 or (labels.size and not np.issubdtype(labels.dtype, np.integer)):
        raise BatchError(f"{name}: 'labels' must be a flat list of integers, found "
                         f"{labels.dtype} with shape {labels.shape}")
    labels = labels.astype(np.int64)
    if labels.shape[0] != images.shape[0]:
        raise BatchError(f"{name}: {images.shape[0]} images but {labels.shape[0]} labels")
    if expected_count is not None and images.shape[0] != expected_count:
        raise BatchError(f"{name}: {images.shape[0]} images, expected {expected_count}")
    if labels.size and (labels.min() < 0 or labels.max() >= N_CLASSES):
        bad = labels[(labels < 0) | (labels >= N_CLASSES)][0]
        raise BatchError(f"{name}: label {int(bad)} is out of range 0..{N_CLASSES - 1}")
    return images.reshape((-1,) + IMAGE_SHAPE), labels


def parse_meta(data: bytes, *, name: str = "<bytes>") -> tuple[str, ...]:
    """Parse ``batches.meta``: return the 10 class names (``airplane`` .. ``truck``) as str.

    Raises:
        UnsafePickleError, BatchError: as :func:`parse_batch`; also when there are not 10 names.
    """
    meta = _as_str_keys(restricted_loads(data, name=name), name)
    names = meta.get("label_names")
    if not isinstance(names, (list, tuple)) or len(names) != N_CLASSES or \
            not all(isinstance(n, (bytes, str)) for n in names):
        raise BatchError(f"{name}: 'label_names' must be a list of {N_CLASSES} names, found {names!r:.80}")
    return tuple(_text(n) for n in names)


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise BatchError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def load_batch(path: str | Path, expected_count: int | None = None):
    """Read and parse one batch file; see :func:`parse_batch`."""
    return parse_batch(_read(Path(path)), name=str(path), expected_count=expected_count)


def load_meta(path: str | Path) -> tuple[str, ...]:
    """Read and parse ``batches.meta``; see :func:`parse_meta`."""
    return parse_meta(_read(Path(path)), name=str(path))
