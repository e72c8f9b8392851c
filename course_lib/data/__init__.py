"""Data sets for the course.

* ``get_mnist()`` returns :class:`MNISTData` (images as (784, m) float64 in [-1, 1],
  labels as (1, m) int64); see :mod:`course_lib.data.mnist` for the search order.
* ``get_mnist_01()``: MNIST digits 0 and 1 for ``optimizers``, (784, m) in [0, 1].
* ``get_cifar10()`` returns :class:`CIFAR10Data` (uint8 (N, 3, 32, 32), labels (N,));
  ``CIFAR10_data()`` the CS231n split for ``layers``; see :mod:`course_lib.data.cifar10`.
* ``get_cat_noncat()``: the balanced cat vs non-cat subset of CIFAR-10 for ``dnn_basics``.
* ``make_moons``, ``load_moons``, ``load_overfit_data``: 2-D sets for ``regularization``.

Every failure is a :class:`DataError` (``MNISTError``, ``CIFARError``, ...) with a
message that lists what was tried and how to fix it. Importing this package does no I/O.
"""

from .catnoncat import CatNonCatData, column_to_image, columns_to_images, get_cat_noncat
from .cifar10 import CIFAR10_data, CIFAR10Data, get_cifar10
from .errors import (BatchError, ChecksumError, CIFARError, DataError, DownloadError, IDXError,
                     MNISTError, UnsafePickleError)
from .mnist import MNISTData, get_mnist, load_subset
from .mnist01 import MNIST01Data, get_mnist_01
from .twod import TwoDData, load_moons, load_overfit_data, make_moons, make_noisy_rings

__all__ = ["get_mnist", "load_subset", "MNISTData", "get_mnist_01", "MNIST01Data",
           "get_cifar10", "CIFAR10Data", "CIFAR10_data", "get_cat_noncat", "CatNonCatData",
           "column_to_image", "columns_to_images", "make_moons", "load_moons", "make_noisy_rings",
           "load_overfit_data", "TwoDData", "DataError", "MNISTError", "IDXError", "DownloadError",
           "ChecksumError", "CIFARError", "BatchError", "UnsafePickleError"]
