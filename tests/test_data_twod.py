"""Tests of the 2-D datasets (regularization): make_moons against scikit-learn (a test
extra), the course layout, determinism without touching the global RNG, and a reference
network showing that L2 and dropout raise the test accuracy on the over-fitting set."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.data import load_moons, load_overfit_data, make_moons, make_noisy_rings


@pytest.fixture
def global_rng_untouched():
    """Fail if the test changes numpy's global RNG state."""
    before = np.random.get_state()
    yield
    after = np.random.get_state()
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


# --------------------------------------------------------------------------- make_moons
@pytest.mark.parametrize("n_samples, noise, seed, shuffle", [
    (300, 0.2, 3, True), (100, None, 0, True), (101, 0.05, 42, True), (7, 0.5, 1, False),
    ((5, 9), 0.1, 2, True), (1, 0.3, 7, True), (2000, 0.3, 123, True),
])
def test_make_moons_matches_sklearn_exactly(n_samples, noise, seed, shuffle, global_rng_untouched):
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = make_moons(n_samples, noise, seed, shuffle=shuffle)
    X_ref, y_ref = datasets.make_moons(n_samples, noise=noise, random_state=seed, shuffle=shuffle)
    np.testing.assert_array_equal(X, X_ref)  # bit for bit
    np.testing.assert_array_equal(y, y_ref)
    assert X.dtype == np.float64 and y.dtype == np.int64 and X.shape == X_ref.shape


def test_make_moons_random_state_and_global_rng():
    datasets = pytest.importorskip("sklearn.datasets")
    ours, theirs = np.random.RandomState(5), np.random.RandomState(5)
    for n in (10, 31):  # a RandomState's draws continue across calls, as in sklearn
        np.testing.assert_array_equal(make_moons(n, 0.1, ours)[0],
                                      datasets.make_moons(n, noise=0.1, random_state=theirs)[0])
    state = np.random.get_state()
    try:  # seed=None draws from the global RNG, as sklearn's random_state=None
        np.random.seed(3)
        X, y = make_moons(300, 0.2)
        np.random.seed(3)
        X_ref, y_ref = datasets.make_moons(300, noise=0.2)
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)


@pytest.mark.parametrize("kwargs, match", [
    ({"n_samples": 0}, r"n_samples must be >= 1"),
    ({"n_samples": "many"}, r"int or a pair"),
    ({"noise": -1.0}, r"noise must be >= 0"),
    ({"seed": "x"}, r"seed must be None, an int or a numpy RandomState"),
])
def test_make_moons_validates(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_moons(**{"n_samples": 10, "noise": 0.1, "seed": 0, **kwargs})


def test_load_moons(global_rng_untouched):
    data = load_moons()
    train_x, train_y, test_x, test_y = data
    assert train_x.shape == (2, 300) and train_y.shape == (1, 300)  # the spec's sizes
    assert test_x.shape == (2, 100) and test_y.shape == (1, 100)
    assert train_y.dtype == np.int64 and set(np.unique(train_y)) == {0, 1}
    assert train_y.sum() == 150 and test_y.sum() == 50
    X, y = make_moons(300, 0.2, 3)  # the training set is make_moons(300, 0.2, seed=3)
    np.testing.assert_array_equal(train_x, X.T)
    np.testing.assert_array_equal(train_y[0], y)
    assert not np.allclose(test_x[:, :5], train_x[:, :5])
    again = load_moons()
    for a, b in zip(data, again):
        np.testing.assert_array_equal(a, b)
    assert data.name == "moons" and data.params["noise"] == 0.2


# --------------------------------------------------------------------------- over-fitting set
def test_noisy_rings(global_rng_untouched):
    X, y = make_noisy_rings(200, 0.2, 0.05, seed=0)
    assert X.shape == (200, 2) and y.shape == (200,) and y.dtype == np.int64
    X0, y0 = make_noisy_rings(200, 0.2, 0.0, seed=0)
    np.testing.assert_array_equal(X, X0)  # same points, only labels flipped
    assert (y != y0).sum() == 10  # exactly round(0.05 * 200)
    radius = np.hypot(X0[:, 0], X0[:, 1])
    assert abs(radius[y0 == 0].mean() - 2.0) < 0.1 and abs(radius[y0 == 1].mean() - 1.0) < 0.1
    with pytest.raises(ValueError, match=r"flip in \[0, 1\)"):
        make_noisy_rings(10, 0.2, 1.5, seed=0)


def test_load_overfit_data_fixed_splits(global_rng_untouched):
    data = load_overfit_data()
    train_x, train_y, test_x, test_y = data
    assert train_x.shape == (2, 200) and train_y.shape == (1, 200)
    assert test_x.shape == (2, 500) and test_y.shape == (1, 500)
    again = load_overfit_data()
    for a, b in zip(data, again):
        np.testing.assert_array_equal(a, b)
    assert data.name == "noisy-rings" and data.params["seed"] == 4


# The spec's given 3-layer model (regularization.md), written independently of solutions/.
def _train(X, Y, lambd=0.0, keep_prob=1.0, learning_rate=0.3, num_iterations=10000):
    dims = [X.shape[0], 20, 3, 1]
    rs = np.random.RandomState(3)  # the given initialiser: seed(3), randn / sqrt(n_prev)
    p = {}
    for l in range(1, 4):
        p[f"W{l}"] = rs.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        p[f"b{l}"] = np.zeros((dims[l], 1))
    m = X.shape[1]
    # forward_propagation_with_dropout calls np.random.seed(1) first, then draws D1 (20, m)
    # and D2 (3, m): the same masks on every iteration, so they are drawn once here.
    drop = np.random.RandomState(1)
    D1, D2 = drop.rand(dims[1], m) < keep_prob, drop.rand(dims[2], m) < keep_prob
    for _ in range(num_iterations):
        A1 = np.maximum(0, p["W1"] @ X + p["b1"])
        if keep_prob < 1:
            A1 = A1 * D1 / keep_prob
        A2 = np.maximum(0, p["W2"] @ A1 + p["b2"])
        if keep_prob < 1:
            A2 = A2 * D2 / keep_prob
        A3 = 1 / (1 + np.exp(-(p["W3"] @ A2 + p["b3"])))
        dZ3 = A3 - Y
        dA2 = p["W3"].T @ dZ3
        if keep_prob < 1:
            dA2 = dA2 * D2 / keep_prob
        dZ2 = dA2 * (A2 > 0)
        dA1 = p["W2"].T @ dZ2
        if keep_prob < 1:
            dA1 = dA1 * D1 / keep_prob
        dZ1 = dA1 * (A1 > 0)
        for l, dZ, A_prev in ((3, dZ3, A2), (2, dZ2, A1), (1, dZ1, X)):
            p[f"W{l}"] -= learning_rate * (dZ @ A_prev.T / m + lambd / m * p[f"W{l}"])
            p[f"b{l}"] -= learning_rate * dZ.sum(axis=1, keepdims=True) / m
    return p


def _accuracy(p, X, Y):
    A1 = np.maximum(0, p["W1"] @ X + p["b1"])
    A2 = np.maximum(0, p["W2"] @ A1 + p["b2"])
    return float(((p["W3"] @ A2 + p["b3"] > 0).astype(int) == Y).mean())


def test_l2_and_dropout_raise_test_accuracy_on_the_overfit_set(global_rng_untouched):
    train_x, train_y, test_x, test_y = load_overfit_data()
    acc = {}
    for name, kwargs in (("plain", {}), ("l2", {"lambd": 0.7}), ("dropout", {"keep_prob": 0.86})):
        p = _train(train_x, train_y, **kwargs)
        acc[name] = (_accuracy(p, train_x, train_y), _accuracy(p, test_x, test_y))
    plain_train, plain_test = acc["plain"]
    print(f"\nreference network, (train, test) accuracy: {acc}")
    assert plain_train - plain_test > 0.05, acc  # the unregularised network over-fits
    assert acc["l2"][1] > plain_test + 0.015, acc  # measured: 0.904 -> 0.930
    assert acc["dropout"][1] > plain_test + 0.01, acc  # measured: 0.904 -> 0.920
