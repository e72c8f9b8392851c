"""Cat vs non-cat from CIFAR-10, for the ``dnn_basics`` assignment.

A deterministic, balanced subset (../shared/spec/dnn_basics.md):

* training set: 1,000 cats and 1,000 non-cats from the five training batches;
* test set: 250 cats and 250 non-cats from the test batch.

How the images are chosen (:func:`balanced_indices`): the cats are the first ones in
dataset order (training images in the order ``data_batch_1`` .. ``data_batch_5``). The
non-cats are spread as evenly as possible over the nine other classes, taken in class
order airplane, automobile, bird, deer, dog, frog, horse, ship, truck: each class gets
``n // 9`` images and the remainder ``n % 9`` goes one extra image each to the first
classes in that order. So the training set has 112 airplanes and 111 of each other
non-cat class (1,000 = 9 x 111 + 1); the test set has 28 each of airplane, automobile,
bird, deer, dog, frog and horse, and 27 each of ship and truck (250 = 9 x 27 + 7).
Within a class the first images in dataset order are taken. The chosen images keep
their dataset order (the columns are sorted by their CIFAR-10 index), so cats and
non-cats are interleaved as in CIFAR-10.

Format: ``X`` is (3072, m) float64, ``pixel / 255`` in [0, 1]; ``Y`` is (1, m) int64,
1 = cat, 0 = non-cat; ``classes = ("non-cat", "cat")`` is indexed by the label.

Flattening order: each image is taken as (32, 32, 3), i.e. (row, column, channel), and
flattened row-major, so entry ``(r * 32 + c) * 3 + k`` of a column is the value of
channel ``k`` (0 = R, 1 = G, 2 = B) at row ``r``, column ``c``. This is what
``images.reshape(m, -1).T`` gives for images stored as (m, 32, 32, 3).
:func:`column_to_image` undoes it for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cifar10 import CLASS_NAMES, get_cifar10

__all__ = ["CatNonCatData", "get_cat_noncat", "balanced_indices", "images_to_columns",
           "column_to_image", "columns_to_images", "CAT", "CLASSES"]

CAT = CLASS_NAMES.index("cat")  # 3
CLASSES = ("non-cat", "cat")  # by label
COUNTS = {"train": (1000, 1000), "test": (250, 250)}  # (cats, non-cats)


@dataclass(frozen=True, repr=False, eq=False)
class CatNonCatData:
    """Cat vs non-cat: one example per column.

    Attributes:
        train_x: (3072, 2000) float64 in [0, 1], flattened (row, column, channel).
        train_y: (1, 2000) int64, 1 = cat, 0 = non-cat.
        test_x: (3072, 500) float64 in [0, 1].
        test_y: (1, 500) int64.
        classes: ``("non-cat", "cat")``: ``classes[label]`` names a label.
        train_indices: (2000,) int64, the CIFAR-10 training index of each column.
        test_indices: (500,) int64, the CIFAR-10 test index of each column.
        train_cifar_labels: (2000,) int64, the CIFAR-10 class (0..9) of each column.
        test_cifar_labels: (500,) int64.
        source: where the CIFAR-10 files came from.
        name: always ``"cifar10-cat-vs-noncat"``.

    Unpacks like the classic ``load_data()``:
    ``train_x, train_y, test_x, test_y, classes = get_cat_noncat()``.
    """

    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    classes: tuple
    train_indices: np.ndarray
    test_indices: np.ndarray
    train_cifar_labels: np.ndarray
    test_cifar_labels: np.ndarray
    source: str
    name: str = "cifar10-cat-vs-noncat"

    def __iter__(self):
        return iter((self.train_x, self.train_y, self.test_x, self.test_y, self.classes))

    def __len__(self) -> int:
        return 5

    def __repr__(self) -> str:
        return (f"CatNonCatData(train_x={self.train_x.shape}, test_x={self.test_x.shape}, "
                f"source={self.source!r})")


def balanced_indices(labels: np.ndarray, n_cats: int, n_noncats: int, cat: int = CAT) -> np.ndarray:
    """Indices of a balanced cat/non-cat subset, in dataset order.

    Args:
        labels: (N,) ints in 0..9, the CIFAR-10 labels in dataset order.
        n_cats: number of cats (the first ``n_cats`` cats).
        n_noncats: number of non-cats: ``n_noncats // 9`` per other class, plus one more
            for each of the first ``n_noncats % 9`` other classes in class order.
        cat: the label of "cat".

    Returns:
        (n_cats + n_noncats,) int64 indices into ``labels``, sorted ascending.

    Raises:
        ValueError: a class has fewer images than it must give.
    """
    labels = np.asarray(labels).ravel()
    others = [k for k in range(10) if k != cat]
    base, extra = divmod(int(n_noncats), len(others))
    quotas = {cat: int(n_cats)}
    quotas.update({k: base + (1 if i < extra else 0) for i, k in enumerate(others)})
    chosen = []
    for k, quota in quotas.items():
        where = np.flatnonzero(labels == k)
        if where.size < quota:
            raise ValueError(f"class {k} ({CLASS_NAMES[k]}) has {where.size} images, {quota} needed")
        chosen.append(where[:quota])
    return np.sort(np.concatenate(chosen)).astype(np.int64)


def images_to_columns(images: np.ndarray) -> np.ndarray:
    """Images (m, 3, 32, 32) uint8 (CIFAR-10 layout) to (3072, m) float64 in [0, 1].

    Column ``j`` is image ``j`` as (row, column, channel), flattened row-major.
    """
    m = images.shape[0]
    hwc = np.asarray(images).transpose(0, 2, 3, 1).reshape(m, -1)
    return np.ascontiguousarray(hwc.T, dtype=np.float64) / 255.0


def columns_to_images(X: np.ndarray) -> np.ndarray:
    """Columns (3072, m) back to images (m, 32, 32, 3), for ``plt.imshow``.

    Values are returned as given (in [0, 1] for the course data).
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != 3072:
        raise ValueError(f"X must have shape (3072, m), one image per column; got {X.shape}")
    return X.T.reshape(-1, 32, 32, 3)


def column_to_image(x: np.ndarray) -> np.ndarray:
    """One column (3072,) or (3072, 1) back to an image (32, 32, 3), for ``plt.imshow``.

    Example: ``plt.imshow(column_to_image(train_x[:, 7]))``.
    """
    x = np.asarray(x)
    if x.shape not in ((3072,), (3072, 1)):
        raise ValueError(f"x must have shape (3072,) or (3072, 1); got {x.shape}")
    return x.reshape(32, 32, 3)


def get_cat_noncat(path: str | Path | None = None, *, allow_download: bool = True) -> CatNonCatData:
    """Load the cat vs non-cat subset of CIFAR-10 (see the module docstring for the rule).

    Args:
        path: passed to :func:`~course_lib.data.get_cifar10` (same search order).
        allow_download: passed to :func:`~course_lib.data.get_cifar10`.

    Returns:
        :class:`CatNonCatData`: ``train_x`` (3072, 2000), ``train_y`` (1, 2000),
        ``test_x`` (3072, 500), ``test_y`` (1, 500), ``classes``.

    Raises:
        CIFARError: as :func:`~course_lib.data.get_cifar10`.
    """
    cifar = get_cifar10(path, allow_download=allow_download)
    splits = {}
    for split, images, labels in (("train", cifar.train_images, cifar.train_labels),
                                  ("test", cifar.test_images, cifar.test_labels)):
        idx = balanced_indices(labels, *COUNTS[split])
        cifar_labels = np.asarray(labels[idx], dtype=np.int64)
        splits[split] = (images_to_columns(images[idx]), (cifar_labels == CAT).astype(np.int64)[None, :],
                         idx, cifar_labels)
    (train_x, train_y, train_idx, train_lab), (test_x, test_y, test_idx, test_lab) = \
        splits["train"], splits["test"]
    return CatNonCatData(train_x, train_y, test_x, test_y, CLASSES, train_idx, test_idx,
                         train_lab, test_lab, source=cifar.source)
