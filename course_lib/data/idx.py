"""Read and validate IDX files (the MNIST file format), gzip-compressed or raw.

IDX layout (big-endian): two zero bytes, a type byte (``0x08`` = uint8), the
number of dimensions ``ndim``, then ``ndim`` uint32 sizes, then the data in
row-major order. So the magic number is 2049 for a 1-D label file and 2051
for a 3-D image file.

All problems raise :class:`~course_lib.data.errors.IDXError` with the file
name and what is wrong; errors from ``gzip``/``zlib`` never escape.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from .errors import IDXError

__all__ = [
    "IMAGES_MAGIC",
    "LABELS_MAGIC",
    "read_idx_bytes",
    "parse_idx",
    "load_idx",
    "load_images",
    "load_labels",
    "check_pair",
]

LABELS_MAGIC = 2049  # 0x00000801: uint8, 1 dimension
IMAGES_MAGIC = 2051  # 0x00000803: uint8, 3 dimensions
IMAGE_SHAPE = (28, 28)
_GZIP_MAGIC = b"\x1f\x8b"
_UBYTE = 0x08


def read_idx_bytes(path: str | Path) -> bytes:
    """Return the uncompressed bytes of an IDX file.

    The file is decompressed when it starts with the gzip magic bytes,
    whatever its name; otherwise it is taken as a raw IDX file.

    Raises:
        IDXError: the file cannot be read, or is a truncated or corrupted gzip.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IDXError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except EOFError:
        problem = "the gzip data is truncated (the file ended early; an interrupted copy or download?)"
    except (OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        problem = f"the gzip data is corrupted ({exc})"
    raise IDXError(f"{path}: {problem}") from None


def parse_idx(data: bytes, *, name: str = "<bytes>", expected_magic: int | None = None) -> np.ndarray:
    """Parse uncompressed IDX bytes into a read-only uint8 array.

    Args:
        data: the whole uncompressed file.
        name: file name used in error messages.
        expected_magic: ``IMAGES_MAGIC`` (2051), ``LABELS_MAGIC`` (2049) or None.

    Returns:
        uint8 array of the shape stored in the header, e.g. (n, 28, 28) or (n,).

    Raises:
        IDXError: wrong magic number, header or length.
    """
    if len(data) < 4:
        raise IDXError(f"{name}: file too short to be an IDX file ({len(data)} bytes)")
    zero, dtype_code, ndim = int.from_bytes(data[:2], "big"), data[2], data[3]
    magic = int.from_bytes(data[:4], "big")
    if zero != 0 or dtype_code != _UBYTE or not 1 <= ndim <= 4:
        raise IDXError(
            f"{name}: not an IDX file of unsigned bytes (magic number {magic:#010x}, first bytes "
            f"{data[:4].hex()}); expected a gzip-compressed or raw IDX file such as the original "
            "MNIST files"
        )
    if expected_magic is not None and magic != expected_magic:
        kinds = {IMAGES_MAGIC: "images", LABELS_MAGIC: "labels"}
        raise IDXError(
            f"{name}: wrong magic number {magic} (expected {expected_magic}, an IDX "
            f"{kinds.get(expected_magic, 'data')} file); is the file swapped with another?"
        )
    header_len = 4 + 4 * ndim
    if len(data) < header_len:
        raise IDXError(f"{name}: truncated header ({len(data)} of {header_len} bytes)")
    dims = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    expected_len = header_len + int(np.prod(dims, dtype=np.int64))
    if len(data) != expected_len:
        how = "truncated" if len(data) < expected_len else "has trailing bytes"
        raise IDXError(
            f"{name}: the file {how}: its header says shape {dims}, which needs "
            f"{expected_len} bytes, but it has {len(data)}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_len).reshape(dims)


def load_idx(path: str | Path, expected_magic: int | None = None) -> np.ndarray:
    """Read, decompress (if gzip) and parse one IDX file; see :func:`parse_idx`."""
    return parse_idx(read_idx_bytes(path), name=str(path), expected_magic=expected_magic)


def load_images(path: str | Path) -> np.ndarray:
    """Load an IDX image file: uint8 array of shape (n, 28, 28), pixels 0..255."""
    images = load_idx(path, IMAGES_MAGIC)
    if images.shape[1:] != IMAGE_SHAPE:
        raise IDXError(f"{path}: images are {images.shape[1]}x{images.shape[2]}, expected 28x28")
    return images


def load_labels(path: str | Path) -> np.ndarray:
    """Load an IDX label file: uint8 array of shape (n,), values 0..9."""
    labels = load_idx(path, LABELS_MAGIC)
    if labels.size and labels.max() > 9:
        raise IDXError(f"{path}: label value {int(labels.max())} is out of range 0..9")
    return labels


def check_pair(images: np.ndarray, labels: np.ndarray, *, name: str,
               expected_count: int | None = None) -> None:
    """Check that an image array (n, 28, 28) and a label array (n,) belong together.

    Raises:
        IDXError: the counts differ from each other or from ``expected_count``.
    """
    n_img, n_lab = images.shape[0], labels.shape[0]
    if n_img != n_lab:
        raise IDXError(f"{name}: {n_img} images but {n_lab} labels; the two files do not belong together")
    if expected_count is not None and n_img != expected_count:
        raise IDXError(f"{name}: {n_img} examples, expected {expected_count}")
