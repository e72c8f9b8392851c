"""Conformance of the ``regularization`` reference with its spec (shared/spec/regularization.md).

* the instructors' worked examples (the classic values) reproduce;
* the fixed seeds: each initialiser seeds 3, dropout seeds 1, random_mini_batches seeds ``seed``,
  and the global RNG state after each call is the one the spec implies;
* every backward pass against course_lib's numerical gradients and against PyTorch autograd
  (skipped cleanly when torch is missing), and Adam against ``torch.optim.Adam`` step for step;
* no numpy warnings on the spec's edge cases (lambd = 0, keep_prob = 1, m = 1, m < one batch).
"""

import warnings

import numpy as np
import pytest

from course_lib.gradcheck import eval_numerical_gradient, rel_error
from conftest import rng_state, same_state
from solutions.regularization import reference as R

NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


@pytest.fixture
def strict_numpy():
    """Overrides conftest's: underflow is allowed here (sigmoid of large negative logits)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(divide="raise", over="raise", invalid="raise"):
            yield




def classic_params(seed=1, n0=3, m=5):
    """The classic test-case construction: seed, X = randn(n0, m), then W1, b1, ..., b3."""
    np.random.seed(seed)
    X = np.random.randn(n0, m)
    P = {"W1": np.random.randn(2, n0), "b1": np.random.randn(2, 1), "W2": np.random.randn(3, 2),
         "b2": np.random.randn(3, 1), "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
    return X, P


def net(rng, dims, m):
    X = rng.standard_normal((dims[0], m))
    Y = rng.integers(0, 2, size=(1, m))
    P = {}
    for l in range(1, 4):
        P[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * 0.8
        P[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.3
    return X, Y, P


# --- worked examples -------------------------------------------------------------------

def test_classic_regularised_cost():
    np.random.seed(1)
    Y = np.array([[1, 1, 0, 1, 0]])
    P = {"W1": np.random.randn(2, 3), "b1": np.random.randn(2, 1), "W2": np.random.randn(3, 2),
         "b2": np.random.randn(3, 1), "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
    A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    assert R.compute_cost_with_regularization(A3, Y, P, lambd=0.1) == pytest.approx(1.78648594516, rel=1e-10)


def test_classic_backward_with_regularization():
    X, P = classic_params()
    Y = np.array([[1, 1, 0, 1, 0]])
    _, cache = R.forward_propagation(X, P)
    g = R.backward_propagation_with_regularization(X, Y, cache, lambd=0.7)
    np.testing.assert_allclose(g["dW1"], [[-0.25604646, 0.12298827, -0.28297129],
                                          [-0.17706303, 0.34536094, -0.4410571]], atol=1e-8)
    assert set(g) == {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}


def test_classic_dropout_forward():
    X, P = classic_params()
    A3, cache = R.forward_propagation_with_dropout(X, P, keep_prob=0.7)
    np.testing.assert_allclose(A3, [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]], atol=1e-8)
    assert len(cache) == 14 and cache[1].dtype == bool and cache[6].dtype == bool
    np.testing.assert_allclose(cache[2], R.relu(cache[0]) * cache[1] / 0.7)


def test_classic_gradient_checks():
    assert R.gradient_check(2, 4) == pytest.approx(2.9193358829e-10, rel=1e-6)
    X, Y, P = R.gradcheck_example()
    _, cache = R.forward_propagation_n(X, Y, P)
    assert R.gradient_check_n(P, R.backward_propagation_n(X, Y, cache), X, Y) == pytest.approx(0.2850931567761624, rel=1e-6)
    assert R.gradient_check_n(P, R.backward_propagation_n_fixed(X, Y, cache), X, Y) < 2e-7


# --- seeds and draws -------------------------------------------------------------------

@pytest.mark.parametrize("fn,scale", [("initialize_parameters_random", lambda n: 10.0),
                                      ("initialize_parameters_he", lambda n: np.sqrt(2.0 / n))])
def test_initialisers_seed_3_and_draw_in_layer_order(fn, scale):
    dims = [3, 4, 2, 1]
    np.random.seed(99)
    P = getattr(R, fn)(dims)
    after = rng_state()
    np.random.seed(3)
    for l in range(1, 4):
        np.testing.assert_array_equal(P[f"W{l}"], np.random.randn(dims[l], dims[l - 1]) * scale(dims[l - 1]))
        assert P[f"b{l}"].shape == (dims[l], 1) and not P[f"b{l}"].any()
    assert same_state(after, rng_state())


def test_zeros_initialiser_leaves_the_state_of_seed_3():
    np.random.seed(5)
    P = R.initialize_parameters_zeros([2, 3, 1])
    after = rng_state()
    np.random.seed(3)
    assert same_state(after, rng_state())
    assert all(not v.any() for v in P.values()) and P["W1"].shape == (3, 2)


def test_dropout_seeds_1_and_draws_d1_then_d2():
    X, P = classic_params(m=7)
    np.random.seed(42)
    _, cache = R.forward_propagation_with_dropout(X, P, keep_prob=0.6)
    after = rng_state()
    np.random.seed(1)
    D1 = np.random.rand(2, 7) < 0.6
    D2 = np.random.rand(3, 7) < 0.6
    np.testing.assert_array_equal(cache[1], D1)
    np.testing.assert_array_equal(cache[6], D2)
    assert same_state(after, rng_state())


def test_random_mini_batches_seed_order_and_sizes():
    X = np.arange(2 * 148, dtype=float).reshape(2, 148)
    Y = (np.arange(148) % 3 == 0).astype(int).reshape(1, 148)
    batches = R.random_mini_batches(X, Y, 64, seed=7)
    np.random.seed(7)
    perm = list(np.random.permutation(148))
    assert [b[0].shape[1] for b in batches] == [64, 64, 20]
    np.testing.assert_array_equal(np.hstack([b[0] for b in batches]), X[:, perm])
    np.testing.assert_array_equal(np.hstack([b[1] for b in batches]), Y[:, perm])
    assert len(R.random_mini_batches(X[:, :5], Y[:, :5], 64, 1)) == 1
    assert [b[0].shape[1] for b in R.random_mini_batches(X[:, :128], Y[:, :128], 64, 1)] == [64, 64]


def test_model_first_epoch_uses_seed_11():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 10))
    Y = rng.integers(0, 2, size=(1, 10))
    P = R.model(X, Y, [2, 3, 2, 1], "gd", learning_rate=0.1, mini_batch_size=4, num_epochs=1, print_cost=False)
    Q = R.initialize_parameters_he([2, 3, 2, 1])
    for bX, bY in R.random_mini_batches(X, Y, 4, 11):
        A3, cache = R.forward_propagation(bX, Q)
        Q = R.update_parameters_with_gd(Q, R.backward_propagation(bX, bY, cache), 0.1)
    for k in NAMES:
        np.testing.assert_allclose(P[k], Q[k], rtol=1e-12)
    with pytest.raises(ValueError):
        R.model(X, Y, [2, 3, 2, 1], "sgd", num_epochs=1, print_cost=False)


# --- backward passes against numerical gradients ------------------------------------------

def _numerical(cost_of, P):
    out = {}
    for k in NAMES:
        x = P[k]

        def f(_):
            return cost_of(P)

        out["d" + k] = eval_numerical_gradient(f, x, h=1e-6)
    return out


@pytest.mark.parametrize("dims,m,lambd", [([3, 4, 3, 1], 6, 0.7), ([2, 3, 2, 1], 1, 0.0)])
def test_backward_with_regularization_numerically(dims, m, lambd):
    X, Y, P = net(np.random.default_rng(1), dims, m)
    _, cache = R.forward_propagation(X, P)
    g = R.backward_propagation_with_regularization(X, Y, cache, lambd)
    num = _numerical(lambda Q: R.compute_cost_with_regularization(R.forward_propagation(X, Q)[0], Y, Q, lambd), P)
    for k in NAMES:
        assert rel_error(g["d" + k], num["d" + k]) < 1e-6, k


@pytest.mark.parametrize("dims,m,kp", [([3, 5, 4, 1], 7, 0.7), ([2, 3, 2, 1], 1, 1.0)])
def test_backward_with_dropout_numerically(dims, m, kp):
    # the forward pass re-seeds, so the masks are the same at every evaluation
    X, Y, P = net(np.random.default_rng(2), dims, m)
    _, cache = R.forward_propagation_with_dropout(X, P, kp)
    g = R.backward_propagation_with_dropout(X, Y, cache, kp)
    num = _numerical(lambda Q: R.compute_cost(R.forward_propagation_with_dropout(X, Q, kp)[0], Y), P)
    for k in NAMES:
        assert rel_error(g["d" + k], num["d" + k]) < 1e-6, k


def test_fixed_backward_numerically():
    X, Y, P = net(np.random.default_rng(3), [4, 5, 3, 1], 5)
    _, cache = R.forward_propagation_n(X, Y, P)
    g = R.backward_propagation_n_fixed(X, Y, cache)
    num = _numerical(lambda Q: R.forward_propagation_n(X, Y, Q)[0], P)
    for k in NAMES:
        assert rel_error(g["d" + k], num["d" + k]) < 1e-6, k


# --- PyTorch oracle ---------------------------------------------------------------------

@pytest.fixture
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed: PyTorch oracle skipped")


def _torch_cost(torch, X, Y, T, masks=None, kp=1.0, lambd=0.0):
    A = torch.tensor(X, dtype=torch.float64)
    for l in (1, 2):
        A = torch.relu(T[f"W{l}"] @ A + T[f"b{l}"])
        if masks is not None:
            A = A * torch.tensor(masks[l - 1], dtype=torch.float64) / kp
    z = T["W3"] @ A + T["b3"]
    y = torch.tensor(Y, dtype=torch.float64)
    cost = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    return cost + lambd / (2 * X.shape[1]) * sum((T[f"W{l}"] ** 2).sum() for l in (1, 2, 3))


def _torch_grads(torch, P, **kw):
    T = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in P.items()}
    _torch_cost(torch, T=T, **kw).backward()
    return {"d" + k: T[k].grad.numpy() for k in NAMES}


def test_backward_passes_against_torch(torch):
    X, Y, P = net(np.random.default_rng(4), [3, 5, 4, 1], 9)
    _, cache = R.forward_propagation(X, P)
    ref = _torch_grads(torch, P, X=X, Y=Y, lambd=0.7)
    g = R.backward_propagation_with_regularization(X, Y, cache, 0.7)
    for k in NAMES:
        np.testing.assert_allclose(g["d" + k], ref["d" + k], rtol=1e-9, atol=1e-12)
    _, dcache = R.forward_propagation_with_dropout(X, P, 0.6)
    ref = _torch_grads(torch, P, X=X, Y=Y, masks=(dcache[1], dcache[6]), kp=0.6)
    g = R.backward_propagation_with_dropout(X, Y, dcache, 0.6)
    for k in NAMES:
        np.testing.assert_allclose(g["d" + k], ref["d" + k], rtol=1e-9, atol=1e-12)
    ref = _torch_grads(torch, P, X=X, Y=Y)
    g = R.backward_propagation_n_fixed(X, Y, R.forward_propagation_n(X, Y, P)[1])
    for k in NAMES:
        np.testing.assert_allclose(g["d" + k], ref["d" + k], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("lr,b1,b2,eps", [(0.01, 0.9, 0.999, 1e-8), (0.05, 0.8, 0.99, 1e-4)])
def test_adam_agrees_with_torch_step_for_step(torch, lr, b1, b2, eps):
    rng = np.random.default_rng(5)
    P = {k: rng.standard_normal(s) for k, s in (("W1", (4, 3)), ("b1", (4, 1)), ("W2", (1, 4)), ("b2", (1, 1)))}
    T = {k: torch.tensor(v.copy(), dtype=torch.float64, requires_grad=True) for k, v in P.items()}
    opt = torch.optim.Adam(list(T.values()), lr=lr, betas=(b1, b2), eps=eps, weight_decay=0)
    v, s = R.initialize_adam(P)
    for t in range(1, 8):
        grads = {"d" + k: rng.standard_normal(x.shape) * (1e-6 if t == 3 else 1.0) for k, x in P.items()}
        P, v, s = R.update_parameters_with_adam(P, grads, v, s, t, lr, b1, b2, eps)
        opt.zero_grad()
        for k, x in T.items():
            x.grad = torch.tensor(grads["d" + k], dtype=torch.float64)
        opt.step()
        for k in P:
            np.testing.assert_allclose(P[k], T[k].detach().numpy(), rtol=1e-10, atol=1e-13)


# --- edge cases without warnings ---------------------------------------------------------

def test_no_numpy_warnings_on_edge_cases(strict_numpy):
    X, Y, P = net(np.random.default_rng(6), [2, 3, 2, 1], 1)
    A3, cache = R.forward_propagation(X, P)
    R.compute_cost_with_regularization(A3, Y, P, 0.0)
    R.backward_propagation_with_regularization(X, Y, cache, 0.0)
    A3, dcache = R.forward_propagation_with_dropout(X, P, 1.0)
    R.backward_propagation_with_dropout(X, Y, dcache, 1.0)
    R.gradient_check_n(P, R.backward_propagation(X, Y, cache), X, Y)
    R.random_mini_batches(X, Y, 64, 3)
    for opt in ("gd", "momentum", "adam"):
        R.model(X, Y, [2, 3, 2, 1], opt, num_epochs=3, print_cost=False)
