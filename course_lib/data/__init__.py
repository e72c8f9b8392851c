"""Data sets for the course.

``get_mnist()`` returns :class:`MNISTData` (images as (784, m) float64 in [-1, 1],
labels as (1, m) int64); see :mod:`course_lib.data.mnist` for the search order.
Every failure is a :class:`DataError` (``MNISTError`` for MNIST) with a message
that lists what was tried and how to fix it. Importing this package does no I/O.
"""

from .errors import ChecksumError, DataError, DownloadError, IDXError, MNISTError
from .mnist import MNISTData, get_mnist, load_subset

__all__ = ["get_mnist", "load_subset", "MNISTData", "DataError", "MNISTError", "IDXError",
           "DownloadError", "ChecksumError"]
