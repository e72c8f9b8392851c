"""Conformance of the reference solution (solutions/optimization.py) with the spec.

The spec (shared/spec/optimization.md) fixes names, signatures, caches, the order
of the random draws and the numerics, quirks included.  Expected values here come
from small independent re-implementations written in this file (trusted, different
code) or from replaying the global RNG; tolerances are explicit.
"""

import copy

import numpy as np
import pytest

from conftest import rng_state, same_state
from solutions import optimization as opt

SEED = 20240


@pytest.fixture
def rng():
    return np.random.default_rng(7)





def deep_copy(obj):
    return copy.deepcopy(obj)


def assert_same(a, b):
    """Deep equality of nested dicts/lists/tuples/arrays (exact)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys()
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, (list, tuple)) and not isinstance(a, np.ndarray):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        np.testing.assert_array_equal(a, b)
        assert np.shape(a) == np.shape(b)
    else:
        assert a == b


# --------------------------------------------------------------------------
# independent re-implementations (trusted)
# --------------------------------------------------------------------------
def ind_softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    lse = np.logaddexp.reduce(Z, axis=0, keepdims=True)
    return np.exp(Z - lse), lse


def ind_loss(Z, Y):
    _, lse = ind_softmax(Z)
    y = np.asarray(Y).astype(int).ravel()
    m = Z.shape[1]
    return float(np.mean(lse[0] - Z[y, np.arange(m)]))


def ind_onehot(Y, n):
    y = np.asarray(Y).astype(int).ravel()
    return (np.arange(n)[:, None] == y[None, :]).astype(float)


def ind_batchnorm(A, beta, gamma, eps=1e-5):
    mu = np.mean(A, axis=1, keepdims=True)
    var = np.var(A, axis=1, keepdims=True)
    return gamma * (A - mu) / np.sqrt(var + eps) + beta


def small_network(seed=SEED, net_dims=(6, 5, 4, 3), acts=("relu", "relu", "linear"),
                  drops=(0.0, 0.3, 0.0), bnorm=(1, 0, 1), momentum=True):
    np.random.seed(seed)
    p = opt.initialize_network(list(net_dims), list(acts), list(drops))
    p = opt.initialize_velocity(p, momentum)
    p = opt.initialize_bnorm_params(p, list(bnorm), momentum)
    return p


# --------------------------------------------------------------------------
# activations
# --------------------------------------------------------------------------
def test_relu_values_cache_and_list_input():
    Z = np.array([[-1.0, 0.0, 2.5], [3.0, -0.5, 0.0]])
    A, cache = opt.relu(Z)
    np.testing.assert_array_equal(A, [[0, 0, 2.5], [3, 0, 0]])
    assert cache["Z"] is Z
    A_list, cache_list = opt.relu([[-1.0, 2.0], [0.5, -3.0]])
    assert isinstance(A_list, np.ndarray)
    np.testing.assert_array_equal(A_list, [[0, 2.0], [0.5, 0]])
    # the derivative works on the cache of a list input as well
    np.testing.assert_array_equal(opt.relu_der(np.ones((2, 2)), cache_list), [[0, 1], [1, 0]])


def test_relu_der_is_strict_at_zero_and_does_not_modify_dA(rng):
    Z = np.array([[0.0, 1e-300, -1e-300, 2.0]])
    dA = np.array([[5.0, 6.0, 7.0, 8.0]])
    dA_before = dA.copy()
    dZ = opt.relu_der(dA, {"Z": Z})
    np.testing.assert_array_equal(dZ, [[0.0, 6.0, 0.0, 8.0]])
    np.testing.assert_array_equal(dA, dA_before)
    Z = rng.standard_normal((7, 9))
    dA = rng.standard_normal((7, 9))
    np.testing.assert_array_equal(opt.relu_der(dA, {"Z": Z}), np.where(Z > 0, dA, 0))


def test_linear_and_linear_der(rng):
    Z = rng.standard_normal((3, 2))
    A, cache = opt.linear(Z)
    np.testing.assert_array_equal(A, Z)
    assert cache["Z"] is Z
    dA = rng.standard_normal((3, 2))
    dZ = opt.linear_der(dA, cache)
    np.testing.assert_array_equal(dZ, dA)
    assert dZ is not dA and not np.shares_memory(dZ, dA)


# --------------------------------------------------------------------------
# softmax and cross-entropy
# --------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(10, 1), (3, 5), (10, 257)])
def test_softmax_and_loss_against_independent_code(rng, shape):
    Z = rng.standard_normal(shape) * 4
    Y = rng.integers(0, shape[0], size=(1, shape[1]))
    A, cache, loss = opt.softmax_cross_entropy_loss(Z, Y)
    assert A.shape == shape and set(cache) == {"A"} and cache["A"] is A
    np.testing.assert_allclose(A, ind_softmax(Z)[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-14)
    assert loss == pytest.approx(ind_loss(Z, Y), rel=1e-12)
    dZ = opt.softmax_cross_entropy_loss_der(Y, cache)
    np.testing.assert_allclose(dZ, (ind_softmax(Z)[0] - ind_onehot(Y, shape[0])) / shape[1],
                               rtol=1e-12, atol=1e-16)


def test_loss_is_empty_list_without_labels(rng):
    Z = rng.standard_normal((4, 3))
    A, cache, loss = opt.softmax_cross_entropy_loss(Z)
    assert loss == [] and isinstance(loss, list)
    A2, _, loss2 = opt.softmax_cross_entropy_loss(Z, np.array([]))
    assert loss2 == []
    np.testing.assert_array_equal(A, A2)


def test_float_labels_are_used_as_integers(rng):
    Z = rng.standard_normal((3, 4))
    Y_int = np.array([[1, 0, 2, 2]])
    Y_float = Y_int.astype(float)
    _, cache, loss_i = opt.softmax_cross_entropy_loss(Z, Y_int)
    _, _, loss_f = opt.softmax_cross_entropy_loss(Z, Y_float)
    assert loss_f == loss_i
    np.testing.assert_array_equal(opt.softmax_cross_entropy_loss_der(Y_float, cache),
                                  opt.softmax_cross_entropy_loss_der(Y_int, cache))


def test_huge_logits_do_not_overflow_or_warn(strict_numpy):
    Z = np.array([[1000.0, -1000.0, 0.0, 1000.0],
                  [-1000.0, 1000.0, 0.0, 1000.0],
                  [0.0, 0.0, 0.0, -1000.0]])
    Y = np.array([[1.0, 1.0, 2.0, 2.0]])
    A, cache, loss = opt.softmax_cross_entropy_loss(Z, Y)
    dZ = opt.softmax_cross_entropy_loss_der(Y, cache)
    classes = opt.softmax_cross_entropy_loss(Z)[0]
    assert np.all(np.isfinite(A)) and np.all(np.isfinite(dZ)) and np.isfinite(loss)
    np.testing.assert_allclose(A[:, 0], [1, 0, 0], atol=1e-300)
    np.testing.assert_allclose(A[:, 2], [1 / 3] * 3, rtol=1e-15)
    np.testing.assert_allclose(A[:, 3], [0.5, 0.5, 0], atol=1e-300)
    # log A[1, 0] = -2000, log A[2, 3] = -2000 - log 2: no log(0)
    assert loss == pytest.approx((2000 + 0 + np.log(3) + 2000 + np.log(2)) / 4, rel=1e-14)
    np.testing.assert_array_equal(classes, A)


# --------------------------------------------------------------------------
# dropout
# --------------------------------------------------------------------------
def test_dropout_train_draws_exactly_once(rng):
    A = rng.standard_normal((5, 7))
    drop_prob = 0.3
    np.random.seed(SEED)
    out, cache = opt.dropout(A, drop_prob, 'train')
    after = rng_state()
    np.random.seed(SEED)
    expected_mask = (np.random.rand(5, 7) < 0.7) / 0.7
    assert same_state(after, rng_state())
    p, mode, mask = cache
    assert (p, mode) == (drop_prob, 'train')
    np.testing.assert_array_equal(mask, expected_mask)
    np.testing.assert_array_equal(out, expected_mask * A)
    assert set(np.unique(mask)) <= {0.0, 1 / 0.7}


def test_dropout_default_mode_is_train(rng):
    A = rng.standard_normal((2, 3))
    np.random.seed(SEED)
    out_default, _ = opt.dropout(A, 0.5)
    np.random.seed(SEED)
    out_train, _ = opt.dropout(A, 0.5, 'train')
    np.testing.assert_array_equal(out_default, out_train)


@pytest.mark.parametrize("drop_prob, mode", [(0, 'train'), (0.0, 'test'), (0.4, 'test')])
def test_dropout_without_draw(rng, drop_prob, mode):
    A = rng.standard_normal((3, 4))
    np.random.seed(SEED)
    before = rng_state()
    out, cache = opt.dropout(A, drop_prob, mode)
    assert same_state(before, rng_state())
    assert out is A
    assert cache == (drop_prob, mode, None)
    dA = rng.standard_normal((3, 4))
    assert opt.dropout_der(dA, cache) is dA


def test_dropout_bad_mode(rng):
    A = rng.standard_normal((2, 2))
    np.random.seed(SEED)
    before = rng_state()
    with pytest.raises(ValueError, match="evaluate"):
        opt.dropout(A, 0.5, 'evaluate')
    assert same_state(before, rng_state())
    with pytest.raises(ValueError, match="bogus"):
        opt.dropout_der(A, (0.5, 'bogus', None))


def test_dropout_with_zero_probability_returns_before_checking_mode(rng):
    # fixed by the spec: "If drop_prob == 0: return A unchanged" comes first
    A = rng.standard_normal((2, 2))
    out, cache = opt.dropout(A, 0, 'bogus')
    assert out is A and cache == (0, 'bogus', None)


def test_dropout_der_train(rng):
    mask = (rng.random((4, 6)) < 0.6) / 0.6
    dA = rng.standard_normal((4, 6))
    np.testing.assert_array_equal(opt.dropout_der(dA, (0.4, 'train', mask)), mask * dA)


# --------------------------------------------------------------------------
# batchnorm
# --------------------------------------------------------------------------
@pytest.mark.parametrize("m", [1, 2, 9, 300])
def test_batchnorm_forward_against_independent_code(rng, m):
    A = rng.standard_normal((6, m)) * 3 + 1
    beta = rng.standard_normal((6, 1))
    gamma = rng.standard_normal((6, 1))
    out, cache = opt.batchnorm(A, beta, gamma)
    assert out.shape == (6, m) and isinstance(cache, dict) and cache
    np.testing.assert_allclose(out, ind_batchnorm(A, beta, gamma), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("beta, gamma", [(np.asarray([]), np.asarray([])), ([], []),
                                         (np.asarray([]), np.ones((3, 1))),
                                         (np.ones((3, 1)), np.asarray([]))])
def test_batchnorm_without_parameters(rng, beta, gamma):
    A = rng.standard_normal((3, 4))
    out, cache = opt.batchnorm(A, beta, gamma)
    assert out is A and cache == {}
    dA = rng.standard_normal((3, 4))
    dA_out, dbeta, dgamma = opt.batchnorm_der(dA, cache)
    assert dA_out is dA and dbeta == [] and dgamma == []


def test_batchnorm_der_shapes_and_sums(rng):
    A = rng.standard_normal((4, 10))
    beta, gamma = rng.standard_normal((4, 1)), rng.standard_normal((4, 1))
    out, cache = opt.batchnorm(A, beta, gamma)
    dA = rng.standard_normal((4, 10))
    dA_out, dbeta, dgamma = opt.batchnorm_der(dA, cache)
    assert dA_out.shape == (4, 10) and dbeta.shape == (4, 1) and dgamma.shape == (4, 1)
    A_hat = (out - beta) / gamma
    np.testing.assert_allclose(dbeta, dA.sum(axis=1, keepdims=True), rtol=1e-13)
    np.testing.assert_allclose(dgamma, (dA * A_hat).sum(axis=1, keepdims=True), rtol=1e-10)
    # batchnorm output is invariant to shifting A: the gradient sums to 0 per row
    np.testing.assert_allclose(dA_out.sum(axis=1), 0, atol=1e-12)


# --------------------------------------------------------------------------
# initialisation and the order of the random draws
# --------------------------------------------------------------------------
def test_initialize_network_values_and_factor():
    net_dims, acts, drops = [7, 5, 3], ["relu", "linear"], [0.1, 0.0]
    np.random.seed(SEED)
    p = opt.initialize_network(net_dims, acts, drops)
    np.random.seed(SEED)
    W1 = np.random.randn(5, 7) * 2. / np.sqrt(7)    # factor 2/sqrt(n_in), fixed
    W2 = np.random.randn(3, 5) * 2. / np.sqrt(5)
    assert list(p) == ["numLayers", "act1", "dropout1", "W1", "b1", "act2", "dropout2", "W2", "b2"]
    assert p["numLayers"] == 2
    assert (p["act1"], p["act2"], p["dropout1"], p["dropout2"]) == ("relu", "linear", 0.1, 0.0)
    np.testing.assert_array_equal(p["W1"], W1)
    np.testing.assert_array_equal(p["W2"], W2)
    assert_same(p["b1"], np.zeros((5, 1)))
    assert_same(p["b2"], np.zeros((3, 1)))


@pytest.mark.parametrize("momentum", [True, False])
def test_initialize_velocity(momentum):
    np.random.seed(SEED)
    p = opt.initialize_network([4, 3, 2], ["relu", "linear"], [0, 0])
    state = rng_state()
    q = opt.initialize_velocity(p, momentum)
    assert q is p and q["apply_momentum"] is momentum
    assert same_state(state, rng_state())
    for l, (n, n_in) in enumerate([(3, 4), (2, 3)], start=1):
        if momentum:
            for name, shape in [("VdW", (n, n_in)), ("Vdb", (n, 1)), ("GdW", (n, n_in)), ("Gdb", (n, 1))]:
                assert_same(q[f"{name}{l}"], np.zeros(shape))
        else:
            assert not any(k.startswith(("V", "G")) for k in q)


@pytest.mark.parametrize("momentum", [True, False])
def test_initialize_bnorm_params_draw_order_and_empty_layers(momentum):
    np.random.seed(SEED)
    p = opt.initialize_network([4, 3, 5, 2], ["relu", "relu", "linear"], [0, 0, 0])
    p = opt.initialize_velocity(p, momentum)
    state = rng_state()
    q = opt.initialize_bnorm_params(p, [1, 0, 1], momentum)
    np.random.set_state(state)
    beta1, gamma1 = np.random.randn(3, 1), np.random.randn(3, 1)
    beta3, gamma3 = np.random.randn(2, 1), np.random.randn(2, 1)
    assert same_state(rng_state(), np.random.get_state())
    assert q is p and q["bnorm_list"] == [1, 0, 1]
    np.testing.assert_array_equal(q["bnorm_beta1"], beta1)
    np.testing.assert_array_equal(q["bnorm_gamma1"], gamma1)
    np.testing.assert_array_equal(q["bnorm_beta3"], beta3)
    np.testing.assert_array_equal(q["bnorm_gamma3"], gamma3)
    for stem in ["bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"]:
        assert isinstance(q[f"{stem}2"], np.ndarray) and q[f"{stem}2"].size == 0
    for l, n in [(1, 3), (3, 2)]:
        for stem in ["Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"]:
            if momentum:
                assert_same(q[f"{stem}{l}"], np.zeros((n, 1)))
            else:
                assert f"{stem}{l}" not in q


def test_training_draw_order_network_then_beta_then_gamma():
    # num_epochs=0: multi_layer_network only initialises
    np.random.seed(SEED)
    costs, p = opt.multi_layer_network(np.zeros((4, 3)), np.zeros((1, 3)), [4, 3, 2],
                                       ["relu", "linear"], [0, 0], [1, 1], num_epochs=0, log=False)
    end_state = rng_state()
    np.random.seed(SEED)
    W1 = np.random.randn(3, 4) * 2. / np.sqrt(4)
    W2 = np.random.randn(2, 3) * 2. / np.sqrt(3)
    beta1, gamma1 = np.random.randn(3, 1), np.random.randn(3, 1)
    beta2, gamma2 = np.random.randn(2, 1), np.random.randn(2, 1)
    assert same_state(end_state, rng_state())
    assert costs == []
    for key, value in [("W1", W1), ("W2", W2), ("bnorm_beta1", beta1), ("bnorm_gamma1", gamma1),
                       ("bnorm_beta2", beta2), ("bnorm_gamma2", gamma2)]:
        np.testing.assert_array_equal(p[key], value, err_msg=key)
    assert p["apply_momentum"] is True and p["bnorm_list"] == [1, 1]


# --------------------------------------------------------------------------
# forward / backward plumbing
# --------------------------------------------------------------------------
def test_linear_forward_and_backward(rng):
    A_prev = rng.standard_normal((4, 6))
    W, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    Z, cache = opt.linear_forward(A_prev, W, b)
    np.testing.assert_allclose(Z, np.einsum("ij,jk->ik", W, A_prev) + b, rtol=1e-12, atol=1e-14)
    assert cache == {"A": A_prev} and cache["A"] is A_prev
    dZ = rng.standard_normal((3, 6))
    dA_prev, dW, db = opt.linear_backward(dZ, cache, W, b)
    np.testing.assert_allclose(dA_prev, np.einsum("ji,jk->ik", W, dZ), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dW, np.einsum("ik,jk->ij", dZ, A_prev), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(db, dZ.sum(axis=1)[:, None], rtol=1e-12)
    assert db.shape == (3, 1)


def test_layer_forward_cache_layout_and_order(rng):
    A_prev = rng.standard_normal((4, 5))
    W, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    beta, gamma = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    np.random.seed(SEED)
    A, cache = opt.layer_forward(A_prev, W, b, "relu", 0.25, beta, gamma, 'train')
    np.random.seed(SEED)
    mask = (np.random.rand(3, 5) < 0.75) / 0.75
    expected = mask * ind_batchnorm(np.maximum(W @ A_prev + b, 0), beta, gamma)
    np.testing.assert_allclose(A, expected, rtol=1e-12, atol=1e-12)
    assert set(cache) == {"lin_cache", "act_cache", "bnorm_cache", "drop_cache"}
    np.testing.assert_array_equal(cache["drop_cache"][2], mask)


def test_unknown_activation_is_a_value_error(rng):
    A_prev = rng.standard_normal((2, 3))
    W, b = rng.standard_normal((2, 2)), np.zeros((2, 1))
    with pytest.raises(ValueError, match="tanh"):
        opt.layer_forward(A_prev, W, b, "tanh", 0, [], [], 'train')
    _, cache = opt.layer_forward(A_prev, W, b, "relu", 0, [], [], 'train')
    with pytest.raises(ValueError, match="sigmoid"):
        opt.layer_backward(np.ones((2, 3)), cache, W, b, "sigmoid")


def test_multi_layer_forward_matches_independent_forward(rng):
    p = small_network()
    X = rng.standard_normal((6, 8))
    np.random.seed(SEED)
    AL, caches = opt.multi_layer_forward(X, p, 'train')
    assert len(caches) == 3 and AL.shape == (3, 8)
    np.random.seed(SEED)
    A = X
    for l in range(1, 4):
        A = p[f"W{l}"] @ A + p[f"b{l}"]
        if p[f"act{l}"] == "relu":
            A = np.maximum(A, 0)
        if p["bnorm_list"][l - 1]:
            A = ind_batchnorm(A, p[f"bnorm_beta{l}"], p[f"bnorm_gamma{l}"])
        if p[f"dropout{l}"] > 0:
            keep = 1 - p[f"dropout{l}"]
            A = A * ((np.random.rand(*A.shape) < keep) / keep)
    np.testing.assert_allclose(AL, A, rtol=1e-11, atol=1e-12)
    # test mode: no draw, no dropout
    before = rng_state()
    AL_test, _ = opt.multi_layer_forward(X, p, 'test')
    assert same_state(before, rng_state())
    assert AL_test.shape == (3, 8)


def test_multi_layer_backward_keys_and_empty_bnorm(rng):
    p = small_network()
    X = rng.standard_normal((6, 5))
    Y = rng.integers(0, 3, size=(1, 5))
    AL, caches = opt.multi_layer_forward(X, p, 'train')
    _, cache, _ = opt.softmax_cross_entropy_loss(AL, Y)
    grads = opt.multi_layer_backward(opt.softmax_cross_entropy_loss_der(Y, cache), caches, p)
    assert set(grads) == {f"{s}{l}" for s in ["dW", "db", "dbnorm_beta", "dbnorm_gamma"] for l in (1, 2, 3)}
    assert grads["dbnorm_beta2"] == [] and grads["dbnorm_gamma2"] == []
    for l in (1, 2, 3):
        assert grads[f"dW{l}"].shape == p[f"W{l}"].shape
        assert grads[f"db{l}"].shape == p[f"b{l}"].shape
    assert grads["dbnorm_beta1"].shape == (5, 1) and grads["dbnorm_gamma3"].shape == (3, 1)


def test_network_without_bnorm_keys_runs(rng):
    # initialize_bnorm_params never called: no batchnorm anywhere
    np.random.seed(SEED)
    p = opt.initialize_velocity(opt.initialize_network([3, 4, 2], ["relu", "linear"], [0, 0]), False)
    X = rng.standard_normal((3, 5))
    AL, caches = opt.multi_layer_forward(X, p, 'test')
    grads = opt.multi_layer_backward(np.ones_like(AL), caches, p)
    q = opt.update_parameters_with_momentum_Adam(p, grads, 0.1)
    assert q["W1"].shape == (4, 3)


def test_classify(rng):
    p = small_network(drops=(0, 0, 0))
    X = rng.standard_normal((6, 11))
    before = rng_state()
    pred = opt.classify(X, p)
    assert same_state(before, rng_state())
    AL, _ = opt.multi_layer_forward(X, p, 'test')
    assert pred.shape == (1, 11) and np.issubdtype(pred.dtype, np.integer)
    np.testing.assert_array_equal(pred, np.argmax(AL, axis=0)[None, :])


def test_classify_train_mode_draws_dropout(rng):
    p = small_network()          # dropout 0.3 in layer 2
    X = rng.standard_normal((6, 4))
    np.random.seed(SEED)
    opt.classify(X, p, mode='train')
    after = rng_state()
    np.random.seed(SEED)
    np.random.rand(4, 4)
    assert same_state(after, rng_state())


# --------------------------------------------------------------------------
# update
# --------------------------------------------------------------------------
def random_gradients(p, rng):
    g = {}
    for l in range(1, p["numLayers"] + 1):
        g[f"dW{l}"] = rng.standard_normal(p[f"W{l}"].shape)
        g[f"db{l}"] = rng.standard_normal(p[f"b{l}"].shape)
        flagged = p["bnorm_list"][l - 1]
        n = p[f"W{l}"].shape[0]
        g[f"dbnorm_beta{l}"] = rng.standard_normal((n, 1)) if flagged else []
        g[f"dbnorm_gamma{l}"] = rng.standard_normal((n, 1)) if flagged else []
    return g


def test_plain_gradient_descent(rng):
    p = small_network(momentum=False)
    g = random_gradients(p, rng)
    old = deep_copy(p)
    q = opt.update_parameters_with_momentum_Adam(p, g, 0.05)
    for l in (1, 2, 3):
        np.testing.assert_allclose(q[f"W{l}"], old[f"W{l}"] - 0.05 * g[f"dW{l}"], rtol=1e-15)
        np.testing.assert_allclose(q[f"b{l}"], old[f"b{l}"] - 0.05 * g[f"db{l}"], rtol=1e-15)
    for l in (1, 3):
        for s in ("beta", "gamma"):
            np.testing.assert_allclose(q[f"bnorm_{s}{l}"],
                                       old[f"bnorm_{s}{l}"] - 0.05 * g[f"dbnorm_{s}{l}"], rtol=1e-15)
    assert q["bnorm_beta2"].size == 0


def test_momentum_update_one_step_and_unflagged_layers(rng):
    p = small_network()
    g = random_gradients(p, rng)
    old = deep_copy(p)
    q = opt.update_parameters_with_momentum_Adam(p, g, 0.01, beta=0.8, beta2=0.95, eps=1e-6)
    for l in (1, 2, 3):
        for theta, grad, V, G in [("W", "dW", "VdW", "GdW"), ("b", "db", "Vdb", "Gdb")] + (
                [("bnorm_beta", "dbnorm_beta", "Vbnorm_beta", "Gbnorm_beta"),
                 ("bnorm_gamma", "dbnorm_gamma", "Vbnorm_gamma", "Gbnorm_gamma")] if l != 2 else []):
            gl = g[f"{grad}{l}"]
            v = 0.8 * old[f"{V}{l}"] + 0.2 * gl
            s = 0.95 * old[f"{G}{l}"] + 0.05 * gl ** 2
            np.testing.assert_allclose(q[f"{V}{l}"], v, rtol=1e-14)
            np.testing.assert_allclose(q[f"{G}{l}"], s, rtol=1e-14)
            np.testing.assert_allclose(q[f"{theta}{l}"], old[f"{theta}{l}"] - 0.01 * v / np.sqrt(s + 1e-6),
                                       rtol=1e-13, atol=1e-15)
    for stem in ["bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"]:
        assert q[f"{stem}2"].size == 0


def test_update_rebinds_entries_and_keeps_old_arrays(rng):
    p = small_network()
    g = random_gradients(p, rng)
    old_arrays = {k: v for k, v in p.items() if isinstance(v, np.ndarray)}
    old_values = deep_copy(old_arrays)
    g_copy = deep_copy(g)
    q = opt.update_parameters_with_momentum_Adam(p, g, 0.1)
    assert q is p
    assert_same(old_arrays, old_values)     # no array was modified in place
    assert_same(g, g_copy)
    assert not np.array_equal(q["W1"], old_values["W1"])


# --------------------------------------------------------------------------
# no input is modified in place
# --------------------------------------------------------------------------
def test_no_function_modifies_its_inputs(rng):
    p = small_network()
    X = rng.standard_normal((6, 7))
    Y = rng.integers(0, 3, size=(1, 7)).astype(float)
    snapshot = deep_copy((p, X, Y))
    AL, caches = opt.multi_layer_forward(X, p, 'train')
    caches_snapshot = deep_copy(caches)
    A, soft_cache, _ = opt.softmax_cross_entropy_loss(AL, Y)
    AL_copy, soft_copy = AL.copy(), deep_copy(soft_cache)
    dAL = opt.softmax_cross_entropy_loss_der(Y, soft_cache)
    dAL_copy = dAL.copy()
    grads = opt.multi_layer_backward(dAL, caches, p)
    opt.classify(X, p)
    assert_same((p, X, Y), snapshot)
    assert_same(caches, caches_snapshot)
    assert_same(soft_cache, soft_copy)
    np.testing.assert_array_equal(AL, AL_copy)
    np.testing.assert_array_equal(dAL, dAL_copy)
    grads_copy = deep_copy(grads)
    opt.update_parameters_with_momentum_Adam(p, grads, 0.1)
    assert_same(grads, grads_copy)
    # the single-operation functions
    Z = rng.standard_normal((4, 5))
    Z_copy = Z.copy()
    dA = rng.standard_normal((4, 5))
    dA_copy = dA.copy()
    _, c = opt.relu(Z)
    opt.relu_der(dA, c)
    _, c = opt.batchnorm(Z, np.ones((4, 1)), np.ones((4, 1)))
    opt.batchnorm_der(dA, c)
    _, c = opt.dropout(Z, 0.5)
    opt.dropout_der(dA, c)
    np.testing.assert_array_equal(Z, Z_copy)
    np.testing.assert_array_equal(dA, dA_copy)


def test_no_warnings_on_normal_use(rng, strict_numpy):
    p = small_network()
    X = rng.standard_normal((6, 1))         # m = 1: batchnorm variance 0
    Y = np.array([[2.0]])
    AL, caches = opt.multi_layer_forward(X, p, 'train')
    _, cache, loss = opt.softmax_cross_entropy_loss(AL, Y)
    grads = opt.multi_layer_backward(opt.softmax_cross_entropy_loss_der(Y, cache), caches, p)
    opt.update_parameters_with_momentum_Adam(p, grads, 0.1)
    assert np.isfinite(loss)


# --------------------------------------------------------------------------
# training loop: slicing, cadence of the costs, decay of alpha
# --------------------------------------------------------------------------
def independent_training(X, Y, net_dims, acts, drops, bnorm, num_epochs, batch_size, learning_rate,
                         decay_rate, apply_momentum, log_step):
    """The spec's loop written independently, on the reference's public building blocks."""
    p = opt.initialize_network(net_dims, acts, drops)
    p = opt.initialize_velocity(p, apply_momentum)
    p = opt.initialize_bnorm_params(p, bnorm, apply_momentum)
    m = X.shape[1]
    costs, batches, itr = [], [], 0
    for epoch in range(num_epochs):
        alpha = learning_rate / (1 + decay_rate * epoch)
        for start in range(0, m, batch_size):
            stop = min(start + batch_size, m)
            batches.append((start, stop))
            Xb, Yb = X[:, start:stop], Y[:, start:stop]
            AL, caches = opt.multi_layer_forward(Xb, p, 'train')
            _, cache, cost = opt.softmax_cross_entropy_loss(AL, Yb)
            grads = opt.multi_layer_backward(opt.softmax_cross_entropy_loss_der(Yb, cache), caches, p)
            p = opt.update_parameters_with_momentum_Adam(p, grads, alpha)
            if itr % log_step == 0:
                costs.append(cost)
            itr += 1
    return costs, p, batches


@pytest.mark.parametrize("m, batch_size, num_epochs, log_step, momentum, drops", [
    (50, 16, 3, 3, True, [0.0, 0.2, 0.0]),     # m not a multiple of the batch size
    (10, 64, 4, 1, True, [0.0, 0.0, 0.0]),     # m < batch size: one minibatch per epoch
    (48, 16, 2, 4, False, [0.1, 0.0, 0.0]),    # exact multiple, plain gradient descent
])
def test_training_loop_matches_independent_loop(rng, m, batch_size, num_epochs, log_step, momentum, drops):
    net_dims, acts, bnorm = [5, 4, 4, 3], ["relu", "relu", "linear"], [1, 0, 1]
    X = rng.standard_normal((5, m))
    Y = rng.integers(0, 3, size=(1, m)).astype(float)
    args = dict(num_epochs=num_epochs, batch_size=batch_size, learning_rate=0.05,
                decay_rate=0.5, apply_momentum=momentum)
    np.random.seed(SEED)
    costs, p = opt.multi_layer_network(X, Y, net_dims, acts, drops, bnorm, log=False,
                                       log_step=log_step, **args)
    ref_state = rng_state()
    np.random.seed(SEED)
    exp_costs, exp_p, batches = independent_training(X, Y, net_dims, acts, drops, bnorm,
                                                     log_step=log_step, **args)
    assert same_state(ref_state, rng_state())
    n_batches = -(-m // batch_size)
    assert len(batches) == n_batches * num_epochs
    assert len(costs) == len(range(0, n_batches * num_epochs, log_step))
    np.testing.assert_allclose(costs, exp_costs, rtol=1e-10)
    for key, value in exp_p.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_allclose(p[key], value, rtol=1e-9, atol=1e-12, err_msg=key)
        else:
            assert p[key] == value, key


def test_learning_rate_decays_per_epoch(rng):
    # with a different decay the trained parameters differ, and only from epoch 1 on
    X = rng.standard_normal((4, 20))
    Y = rng.integers(0, 2, size=(1, 20))
    results = {}
    for decay, epochs in [(0.0, 1), (5.0, 1), (0.0, 2), (5.0, 2)]:
        np.random.seed(SEED)
        _, p = opt.multi_layer_network(X, Y, [4, 3, 2], ["relu", "linear"], [0, 0], [0, 0],
                                       num_epochs=epochs, batch_size=8, learning_rate=0.1,
                                       decay_rate=decay, log=False)
        results[decay, epochs] = p["W1"]
    np.testing.assert_array_equal(results[0.0, 1], results[5.0, 1])
    assert not np.allclose(results[0.0, 2], results[5.0, 2])


def test_logging_prints_the_logged_costs(rng, capsys):
    X = rng.standard_normal((4, 30))
    Y = rng.integers(0, 2, size=(1, 30))
    np.random.seed(SEED)
    costs, _ = opt.multi_layer_network(X, Y, [4, 3, 2], ["relu", "linear"], [0, 0], [1, 1],
                                       num_epochs=2, batch_size=4, log=True, log_step=5)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(costs) == len(range(0, 2 * 8, 5)) == 4
    assert len(out) == len(costs)
    np.random.seed(SEED)
    opt.multi_layer_network(X, Y, [4, 3, 2], ["relu", "linear"], [0, 0], [1, 1],
                            num_epochs=2, batch_size=4, log=False, log_step=5)
    assert capsys.readouterr().out == ""


def test_training_does_not_modify_data(rng):
    X = rng.standard_normal((4, 12))
    Y = rng.integers(0, 2, size=(1, 12)).astype(float)
    X0, Y0 = X.copy(), Y.copy()
    np.random.seed(SEED)
    opt.multi_layer_network(X, Y, [4, 3, 2], ["relu", "linear"], [0.2, 0], [1, 1],
                            num_epochs=2, batch_size=5, log=False)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


def test_training_loop_equals_step_by_step_public_calls(rng):
    # multi_layer_network updates its own arrays in place; the numbers must be
    # exactly those of the public, non-mutating update function
    X = rng.standard_normal((5, 40))
    Y = rng.integers(0, 3, size=(1, 40))
    dims, acts, drops, bnorm = [5, 6, 3], ["relu", "linear"], [0.1, 0.0], [1, 1]
    np.random.seed(SEED)
    costs, p = opt.multi_layer_network(X, Y, dims, acts, drops, bnorm, num_epochs=2, batch_size=16,
                                       learning_rate=0.01, decay_rate=0.3, log=False, log_step=1)
    np.random.seed(SEED)
    q = opt.initialize_bnorm_params(opt.initialize_velocity(opt.initialize_network(dims, acts, drops)),
                                    bnorm, True)
    expected_costs = []
    for epoch in range(2):
        alpha = 0.01 * (1 / (1 + 0.3 * epoch))
        for ii in range(3):
            Xb, Yb = X[:, ii * 16:(ii + 1) * 16], Y[:, ii * 16:(ii + 1) * 16]
            AL, caches = opt.multi_layer_forward(Xb, q, 'train')
            _, cache, cost = opt.softmax_cross_entropy_loss(AL, Yb)
            grads = opt.multi_layer_backward(opt.softmax_cross_entropy_loss_der(Yb, cache), caches, q)
            q = opt.update_parameters_with_momentum_Adam(q, grads, alpha)
            expected_costs.append(cost)
    assert costs == expected_costs
    assert_same(p, q)
