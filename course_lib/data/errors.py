"""Exception classes of :mod:`course_lib.data`.

Every problem with the data (missing, corrupted, failed download) is raised
as a :class:`DataError`, a :class:`RuntimeError`, with a message that says
what was tried and how to fix it. Low-level errors (``gzip``, ``zlib``,
``urllib``) are never allowed to escape on their own.
"""

from __future__ import annotations

__all__ = ["DataError", "MNISTError", "IDXError", "DownloadError", "ChecksumError", "CIFARError",
           "BatchError", "UnsafePickleError"]


class DataError(RuntimeError):
    """Base class: a data set could not be found, read, or downloaded."""


class MNISTError(DataError):
    """MNIST could not be loaded (the message lists every location tried)."""


class IDXError(MNISTError):
    """An IDX file (``.gz`` or raw) is corrupted, truncated or malformed."""


class DownloadError(DataError):
    """A download failed; no partial file was left behind."""


class ChecksumError(DownloadError):
    """A downloaded file did not have the expected SHA-256; it was discarded."""


class CIFARError(DataError):
    """CIFAR-10 could not be loaded (the message lists every location tried)."""


class BatchError(CIFARError):
    """A CIFAR-10 batch file (or the archive) is corrupted, truncated or malformed."""


class UnsafePickleError(BatchError):
    """A pickle asked for something a CIFAR-10 batch never contains; it was refused, not run."""
