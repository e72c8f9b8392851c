"""MNIST digits 0 and 1 only, for the ``optimizers`` assignment.

As ../shared/spec/optimizers.md fixes it: pixels scaled to [0, 1] (``pixel / 255``),
images as columns (784, m), labels as a row (1, m) with 1 for the digit 1 and 0 for
the digit 0; 12,665 training and 2,115 test samples on the full MNIST (5,923 + 6,742
and 980 + 1,135). Samples keep the original MNIST order.

Built on :func:`course_lib.data.mnist.find_mnist_arrays`, so the search order is
exactly :func:`~course_lib.data.get_mnist`'s: ``path``, ``$COURSE_MNIST_DIR``, the
cache, a verified download; and, only with ``$COURSE_MNIST_ALLOW_SUBSET=1``, the
embedded subset (then ``variant == "subset"`` and the counts are smaller).
Note the scaling differs from ``get_mnist()``'s [-1, 1]: this one follows the spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .mnist import find_mnist_arrays

__all__ = ["MNIST01Data", "get_mnist_01", "select_digits"]

#: Sizes on the full MNIST (optimizers.md): training and test samples of digits 0 and 1.
FULL_COUNTS = {"train": 12665, "test": 2115}


@dataclass(frozen=True, repr=False, eq=False)
class MNIST01Data:
    """MNIST 0-vs-1: one example per column.

    Attributes:
        train_x: (784, m_train) float64, ``pixel / 255`` in [0, 1]; column ``j`` is one
            image flattened row-major (28x28).
        train_y: (1, m_train) int64, 1 for the digit 1 and 0 for the digit 0.
        test_x: (784, m_test) float64 in [0, 1].
        test_y: (1, m_test) int64 of 0/1.
        variant: ``"full"`` (12,665 / 2,115) or ``"subset"`` (the embedded subset).
        source: where the MNIST files came from.
        directory: the folder read, or None for the embedded subset.
        name: always ``"mnist-0-vs-1"``.

    Unpacks like a tuple: ``X_train, Y_train, X_test, Y_test = get_mnist_01()``.
    """

    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    variant: str
    source: str
    directory: str | None = None
    name: str = "mnist-0-vs-1"

    def __iter__(self):
        return iter((self.train_x, self.train_y, self.test_x, self.test_y))

    def __len__(self) -> int:
        return 4

    def __repr__(self) -> str:
        return (f"MNIST01Data(variant={self.variant!r}, train_x={self.train_x.shape}, "
                f"test_x={self.test_x.shape}, source={self.source!r})")


def select_digits(images: np.ndarray, labels: np.ndarray, positive: int = 1, negative: int = 0):
    """Keep two digits, in their original order, as columns scaled to [0, 1].

    Args:
        images: uint8 (m, 28, 28), pixels 0..255.
        labels: uint8 or int (m,), digits 0..9.
        positive: the digit labelled 1.
        negative: the digit labelled 0.

    Returns:
        (X, Y): X float64 (784, k) with ``pixel / 255``; Y int64 (1, k) of 0/1, where k is
        the number of images of the two digits.
    """
    keep = (labels == positive) | (labels == negative)
    chosen = images[keep].reshape(int(keep.sum()), -1)
    X = np.ascontiguousarray(chosen.T, dtype=np.float64) / 255.0
    Y = (labels[keep] == positive).astype(np.int64).reshape(1, -1)
    return X, Y


def get_mnist_01(path: str | Path | None = None, *, allow_download: bool = True) -> MNIST01Data:
    """Load MNIST 0-vs-1 for the ``optimizers`` assignment.

    Args:
        path: folder with the four MNIST IDX files; searched first (as in ``get_mnist``).
        allow_download: if nothing is found locally, download into the cache.

    Returns:
        :class:`MNIST01Data`: ``train_x`` (784, 12665), ``train_y`` (1, 12665),
        ``test_x`` (784, 2115), ``test_y`` (1, 2115) on the full MNIST.

    Raises:
        MNISTError: as :func:`~course_lib.data.get_mnist`.
    """
    arrays, variant, source, directory = find_mnist_arrays(path, allow_download=allow_download)
    train_x, train_y = select_digits(arrays["train_images"], arrays["train_labels"])
    test_x, test_y = select_digits(arrays["test_images"], arrays["test_labels"])
    return MNIST01Data(train_x, train_y, test_x, test_y, variant=variant, source=source,
                       directory=str(Path(directory).resolve()) if directory is not None else None)
