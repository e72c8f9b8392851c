"""Two-dimensional toy datasets for the ``regularization`` assignment, in numpy only.

* :func:`make_moons`: two interleaved half-moons; the same construction and the same
  random draws as ``sklearn.datasets.make_moons(n_samples, noise=noise,
  random_state=seed)``, returned in sklearn's layout (X (n, 2), y (n,)).
* :func:`load_moons`: the spec's moons in the course layout: 300 training and 100
  test points, noise 0.2 (../shared/spec/regularization.md).
* :func:`make_noisy_rings` / :func:`load_overfit_data`: noisy concentric rings with a
  few flipped labels, small enough that the spec's unregularised 3-layer network
  over-fits them, with fixed training and test sets.

The course layout is (features, samples): ``X`` is (2, m) float64 and ``Y`` is
(1, m) int64 of 0/1. Randomness comes only from a local
``np.random.RandomState(seed)``; numpy's global RNG is never seeded here (with
``seed=None``, :func:`make_moons` draws from it, as sklearn does).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

__all__ = ["TwoDData", "make_moons", "load_moons", "make_noisy_rings", "load_overfit_data"]


@dataclass(frozen=True, repr=False, eq=False)
class TwoDData:
    """A 2-D binary dataset with fixed training and test sets, one example per column.

    Attributes:
        train_x: (2, m_train) float64 points.
        train_y: (1, m_train) int64 labels 0/1.
        test_x: (2, m_test) float64.
        test_y: (1, m_test) int64.
        name: ``"moons"`` or ``"noisy-rings"``.
        params: how it was made (sizes, noise, seed), enough to make it again.

    Unpacks like a tuple: ``train_X, train_Y, test_X, test_Y = load_moons()``.
    """

    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    name: str
    params: dict

    def __iter__(self):
        return iter((self.train_x, self.train_y, self.test_x, self.test_y))

    def __len__(self) -> int:
        return 4

    def __repr__(self) -> str:
        return (f"TwoDData(name={self.name!r}, train_x={self.train_x.shape}, "
                f"test_x={self.test_x.shape}, params={self.params})")


def _random_state(seed) -> np.random.RandomState:
    """sklearn's ``check_random_state``: None -> the global legacy RNG, int -> a new
    ``RandomState(seed)``, a ``RandomState`` -> itself."""
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return np.random.RandomState(seed)
    if isinstance(seed, np.random.RandomState):
        return seed
    raise ValueError(f"seed must be None, an int or a numpy RandomState; got {seed!r}")


def make_moons(n_samples=100, noise: float | None = None, seed=None, *, shuffle: bool = True):
    """Two interleaving half circles, exactly as ``sklearn.datasets.make_moons``.

    Construction (sklearn's, step for step): ``n_out = n // 2`` points on the upper
    half circle ``(cos t, sin t)`` and ``n_in = n - n_out`` on the lower one
    ``(1 - cos t, 0.5 - sin t)``, ``t = linspace(0, pi)``; labels 0 (upper) and 1
    (lower); then, with ``shuffle``, one ``rng.shuffle`` of the indices; then, if
    ``noise`` is given, ``X += rng.normal(scale=noise, size=X.shape)``.

    Args:
        n_samples: total number of points, or a pair ``(n_out, n_in)``.
        noise: standard deviation of the Gaussian noise, or None for none.
        seed: int (a fresh ``np.random.RandomState(seed)``), a ``RandomState`` (its
            draws continue), or None (numpy's global legacy RNG, as sklearn).
        shuffle: shuffle the points.

    Returns:
        (X, y): X float64 (n, 2) and y int64 (n,), sklearn's layout (one point per row).
        Use ``X.T`` and ``y.reshape(1, -1)`` for the course layout, or :func:`load_moons`.

    Raises:
        ValueError: bad ``n_samples``, negative ``noise`` or a bad ``seed``.
    """
    if isinstance(n_samples, numbers.Integral):
        if n_samples < 1:
            raise ValueError(f"n_samples must be >= 1; got {n_samples}")
        n_out = int(n_samples) // 2
        n_in = int(n_samples) - n_out
    else:
        try:
            n_out, n_in = (int(v) for v in n_samples)
        except (TypeError, ValueError):
            raise ValueError(f"n_samples must be an int or a pair of ints; got {n_samples!r}") from None
    if noise is not None and noise < 0:
        raise ValueError(f"noise must be >= 0 or None; got {noise}")
    rng = _random_state(seed)

    outer_x = np.cos(np.linspace(0, np.pi, n_out))
    outer_y = np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    if shuffle:
        order = np.arange(n_out + n_in)
        rng.shuffle(order)
        X, y = X[order], y[order]
    if noise is not None:
        X += rng.normal(scale=noise, size=X.shape)
    return X, y


def load_moons(n_train: int = 300, n_test: int = 100, noise: float = 0.2, seed: int = 3) -> TwoDData:
    """The moons of the ``regularization`` notebook, in the course layout.

    One ``RandomState(seed)`` makes the training set, ``make_moons(n_train, noise, rs)``,
    and then, continuing the same stream, the test set ``make_moons(n_test, noise, rs)``.
    So the training set equals ``make_moons(n_train, noise, seed)`` (with the default
    seed 3, the classic ``np.random.seed(3); sklearn.datasets.make_moons(300, noise=.2)``).

    Returns:
        :class:`TwoDData`: ``train_x`` (2, n_train), ``train_y`` (1, n_train), ``test_x``
        (2, n_test), ``test_y`` (1, n_test).
    """
    rng = np.random.RandomState(seed)
    sets = [make_moons(n, noise, rng) for n in (n_train, n_test)]
    (xtr, ytr), (xte, yte) = ((np.ascontiguousarray(X.T), y.reshape(1, -1)) for X, y in sets)
    return TwoDData(xtr, ytr, xte, yte, name="moons",
                    params={"n_train": n_train, "n_test": n_test, "noise": noise, "seed": seed})


def make_noisy_rings(n_samples: int = 200, noise: float = 0.2, flip: float = 0.05, seed=None, *,
                     radii: tuple = (2.0, 1.0)):
    """Two noisy concentric rings with a few flipped labels (sklearn's layout).

    Construction, with ``rng`` from ``seed`` (as in :func:`make_moons`):

    1. labels: ``n // 2`` zeros (outer ring) then ``n - n // 2`` ones (inner ring);
    2. radius ``radii[label] + noise * rng.standard_normal(n)``;
    3. angle ``rng.uniform(0, 2*pi, n)``; point ``(r cos a, r sin a)``;
    4. exactly ``round(flip * n)`` labels, at ``rng.choice(n, k, replace=False)``, are
       flipped (0 <-> 1): the isolated wrong points a large network learns by heart;
    5. the points are shuffled with ``rng.permutation(n)``.

    Args:
        n_samples: number of points (>= 2).
        noise: standard deviation of the radius.
        flip: fraction of labels flipped, in [0, 1).
        seed: int, ``RandomState`` or None, as in :func:`make_moons`.
        radii: (radius of class 0, radius of class 1).

    Returns:
        (X, y): X float64 (n, 2), y int64 (n,) of 0/1.
    """
    if int(n_samples) != n_samples or n_samples < 2:
        raise ValueError(f"n_samples must be an integer >= 2; got {n_samples!r}")
    if noise < 0 or not 0 <= flip < 1:
        raise ValueError(f"noise must be >= 0 and flip in [0, 1); got noise={noise}, flip={flip}")
    rng = _random_state(seed)
    n = int(n_samples)
    y = np.hstack([np.zeros(n // 2, dtype=np.int64), np.ones(n - n // 2, dtype=np.int64)])
    radius = np.asarray(radii, dtype=np.float64)[y] + noise * rng.standard_normal(n)
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    flipped = rng.choice(n, int(round(flip * n)), replace=False)
    y[flipped] = 1 - y[flipped]
    order = rng.permutation(n)
    return X[order], y[order]


def load_overfit_data(n_train: int = 200, n_test: int = 500, noise: float = 0.2, flip: float = 0.05,
                      seed: int = 4) -> TwoDData:
    """The over-fitting dataset of the ``regularization`` notebook, in the course layout.

    Noisy concentric rings (:func:`make_noisy_rings`): the class is the ring (outer 0,
    inner 1), and 5% of the labels are flipped in both sets. One ``RandomState(seed)``
    makes the training set and then, continuing the stream, the test set.

    Measured with a reference of the spec's 3-layer network ``[2, 20, 3, 1]``
    (``W = randn / sqrt(n_prev)`` after ``seed(3)``, full-batch gradient descent, lr 0.3;
    dropout re-seeded with ``seed(1)`` before every forward pass, as the spec fixes),
    train / test accuracy with the defaults:

    ==========  ==================  ==================  ==================
    iterations  no regularisation   L2, lambd = 0.7     dropout, keep 0.86
    ==========  ==================  ==================  ==================
    10,000      97.5% / 90.4%       94.5% / 93.0%       95.0% / 92.0%
    20,000      98.5% / 88.6%       95.0% / 92.4%       95.0% / 91.4%
    30,000      96.0% / 87.0%       95.0% / 92.4%       95.0% / 91.2%
    ==========  ==================  ==================  ==================

    The unregularised network carves islands around the flipped training points; both
    regularisers smooth them away (``tests/test_data_twod.py`` checks this at 10,000
    iterations). The seed was chosen (among 0..5) for gains that hold at every budget
    above; with other seeds L2 still helps but dropout's gain varies.

    Returns:
        :class:`TwoDData`: ``train_x`` (2, n_train), ``train_y`` (1, n_train), ``test_x``
        (2, n_test), ``test_y`` (1, n_test).
    """
    rng = np.random.RandomState(seed)
    sets = [make_noisy_rings(n, noise, flip, rng) for n in (n_train, n_test)]
    (xtr, ytr), (xte, yte) = ((np.ascontiguousarray(X.T), y.reshape(1, -1)) for X, y in sets)
    return TwoDData(xtr, ytr, xte, yte, name="noisy-rings",
                    params={"n_train": n_train, "n_test": n_test, "noise": noise, "flip": flip,
                            "seed": seed})
