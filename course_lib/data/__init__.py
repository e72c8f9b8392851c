"""Data sets for the course.

* ``get_mnist()`` returns :class:`MNISTData` (images as (784, m) float64 in [-1, 1],
  labels as (1, m) int64); see :mod:`course_lib.data.mnist` for the search order.
* ``get_cifar10()`` returns :class:`CIFAR10Data` (uint8 (N, 3, 32, 32), labels (N,));
  ``CIFAR10_data()`` the CS231n split for ``layers``; see :mod:`course_lib.data.cifar10`.

Every failure is a :class:`DataError` (``MNISTError``, ``CIFARError``, ...) with a
message that lists what was tried and how to fix it. Importing this package does no I/O.
"""

from .cifar10 import CIFAR10_data, CIFAR10Data, get_cifar10
from .errors import (BatchError, ChecksumError, CIFARError, DataError, DownloadError, IDXError,
                     MNISTError, UnsafePickleError)
from .mnist import MNISTData, get_mnist, load_subset

__all__ = ["get_mnist", "load_subset", "MNISTData", "get_cifar10", "CIFAR10Data", "CIFAR10_data",
           "DataError", "MNISTError", "IDXError", "DownloadError",
           "ChecksumError", "CIFARError", "BatchError", "UnsafePickleError"]
