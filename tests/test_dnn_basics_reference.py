"""Conformance of the reference solution of ``dnn_basics`` with the spec (shared/spec/dnn_basics.md).

Expected values come from the instructors' classic worked examples (the
seeded initialisations), from replaying the global RNG, from small independent
re-implementations written here, from course_lib's numerical gradients and
from PyTorch's autodiff (skipped cleanly when torch is not installed).
"""

import copy

import numpy as np
import pytest

from course_lib.gradcheck import eval_numerical_gradient, eval_numerical_gradient_array, rel_error
from solutions import dnn_basics as ref


@pytest.fixture
def rng():
    return np.random.default_rng(12)



@pytest.fixture
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed: PyTorch oracle skipped")


def network(rng, dims):
    P = {}
    for l in range(1, len(dims)):
        P[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        P[f"b{l}"] = 0.3 * rng.standard_normal((dims[l], 1))
    return P


def labels(rng, m):
    return rng.integers(0, 2, size=(1, m)).astype(float)


# --- initialisation: the classic worked examples and the draw order -------------------

def test_initialize_parameters_classic_example():
    P = ref.initialize_parameters(3, 2, 1)
    np.testing.assert_allclose(P["W1"], [[0.01624345, -0.00611756, -0.00528172],
                                         [-0.01072969, 0.00865408, -0.02301539]], atol=1e-8)
    np.testing.assert_allclose(P["W2"], [[0.01744812, -0.00761207]], atol=1e-8)
    assert sorted(P) == ["W1", "W2", "b1", "b2"]
    assert P["b1"].shape == (2, 1) and P["b2"].shape == (1, 1) and not P["b1"].any() and not P["b2"].any()


def test_initialize_parameters_deep_classic_example():
    P = ref.initialize_parameters_deep([5, 4, 3])
    np.testing.assert_allclose(P["W1"][0], [0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388], atol=1e-8)
    np.testing.assert_allclose(P["W2"][0], [-0.01185047, -0.0020565, 0.01486148, 0.00236716], atol=1e-8)
    assert sorted(P) == ["W1", "W2", "b1", "b2"] and P["b2"].shape == (3, 1)


@pytest.mark.parametrize("fn, seed, args", [
    ("initialize_parameters", 1, (6, 4, 2)),
    ("initialize_parameters_deep", 3, ([7, 5, 3, 1],)),
    ("initialize_parameters_deep_scaled", 1, ([7, 5, 3, 1],)),
])
def test_initialisers_draw_order_and_final_rng_state(fn, seed, args):
    P = getattr(ref, fn)(*args)
    after = np.random.get_state()[1].copy(), np.random.get_state()[2]
    np.random.seed(seed)
    dims = [args[0], args[1], args[2]] if fn == "initialize_parameters" else args[0]
    for l in range(1, len(dims)):
        W = np.random.randn(dims[l], dims[l - 1])
        W = W / np.sqrt(dims[l - 1]) if fn.endswith("scaled") else W * 0.01
        np.testing.assert_array_equal(P[f"W{l}"], W)
        np.testing.assert_array_equal(P[f"b{l}"], np.zeros((dims[l], 1)))
    assert np.array_equal(np.random.get_state()[1], after[0]) and np.random.get_state()[2] == after[1]


# --- forward ------------------------------------------------------------------------------

def test_linear_forward_cache_is_the_inputs(rng):
    A, W, b = rng.standard_normal((4, 3)), rng.standard_normal((2, 4)), rng.standard_normal((2, 1))
    Z, cache = ref.linear_forward(A, W, b)
    np.testing.assert_allclose(Z, W @ A + b)
    assert isinstance(cache, tuple) and cache[0] is A and cache[1] is W and cache[2] is b


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_forward_structure(rng, activation):
    A, W, b = rng.standard_normal((4, 1)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    out, (linear_cache, activation_cache) = ref.linear_activation_forward(A, W, b, activation)
    Z = W @ A + b
    expected = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(Z, 0)
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    assert linear_cache[0] is A and linear_cache[1] is W and linear_cache[2] is b
    np.testing.assert_allclose(activation_cache, Z)


@pytest.mark.parametrize("bad", ["tanh", "Relu", "", None])
def test_unknown_activation_raises_value_error(rng, bad):
    A, W, b = rng.standard_normal((2, 3)), rng.standard_normal((1, 2)), rng.standard_normal((1, 1))
    with pytest.raises(ValueError):
        ref.linear_activation_forward(A, W, b, bad)
    with pytest.raises(ValueError):
        ref.linear_activation_backward(rng.standard_normal((1, 3)), ((A, W, b), W @ A + b), bad)


@pytest.mark.parametrize("dims", [[5, 1], [4, 3, 1], [6, 5, 4, 3, 1]])
def test_L_model_forward_matches_independent_forward(rng, dims):
    P, X = network(rng, dims), rng.standard_normal((dims[0], 7))
    AL, caches = ref.L_model_forward(X, P)
    A = X
    for l in range(1, len(dims)):
        Z = P[f"W{l}"] @ A + P[f"b{l}"]
        A = np.maximum(Z, 0) if l < len(dims) - 1 else 1 / (1 + np.exp(-Z))
    np.testing.assert_allclose(AL, A, rtol=1e-12)
    assert AL.shape == (1, 7) and isinstance(caches, list) and len(caches) == len(dims) - 1


# --- cost -----------------------------------------------------------------------------------

def test_compute_cost_worked_example_and_0d():
    cost = ref.compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert np.shape(cost) == ()
    np.testing.assert_allclose(cost, 0.2797765635793422, rtol=1e-12)


def test_compute_cost_m1_and_extreme_probabilities_no_warnings(strict_numpy):
    cost = ref.compute_cost(np.array([[1e-12]]), np.array([[0]]))
    assert np.shape(cost) == () and 0 <= cost < 1e-10


# --- backward: numerical gradients and the PyTorch oracle -----------------------------------

def test_linear_backward_numerical(rng):
    A, W, b = rng.standard_normal((5, 4)), rng.standard_normal((3, 5)), rng.standard_normal((3, 1))
    dZ = rng.standard_normal((3, 4))
    dA_prev, dW, db = ref.linear_backward(dZ, (A, W, b))
    m = A.shape[1]
    # linear_backward averages dW and db over the m samples (the 1/m of the cost), not dA_prev
    assert rel_error(dA_prev, eval_numerical_gradient_array(lambda a: ref.linear_forward(a, W, b)[0], A.copy(), dZ)) < 1e-8
    assert rel_error(dW, eval_numerical_gradient_array(lambda w: ref.linear_forward(A, w, b)[0], W.copy(), dZ) / m) < 1e-8
    assert rel_error(db, eval_numerical_gradient_array(lambda c: ref.linear_forward(A, W, c)[0], b.copy(), dZ) / m) < 1e-8


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_linear_activation_backward_numerical(rng, activation):
    A, W, b = rng.standard_normal((4, 6)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    dA = rng.standard_normal((3, 6))
    _, cache = ref.linear_activation_forward(A, W, b, activation)
    dA_prev, dW, db = ref.linear_activation_backward(dA, cache, activation)
    f = lambda a, w, c: ref.linear_activation_forward(a, w, c, activation)[0]  # noqa: E731
    assert rel_error(dA_prev, eval_numerical_gradient_array(lambda a: f(a, W, b), A.copy(), dA)) < 1e-7
    assert rel_error(dW, eval_numerical_gradient_array(lambda w: f(A, w, b), W.copy(), dA) / 6) < 1e-7
    assert rel_error(db, eval_numerical_gradient_array(lambda c: f(A, W, c), b.copy(), dA) / 6) < 1e-7


def _cost_of(P, X, Y):
    return float(ref.compute_cost(ref.L_model_forward(X, P)[0], Y))


@pytest.mark.parametrize("dims", [[5, 1], [4, 3, 1], [6, 5, 4, 1]])
def test_L_model_backward_numerical_and_keys(rng, dims):
    P, X, Y = network(rng, dims), rng.standard_normal((dims[0], 5)), labels(rng, 5)
    AL, caches = ref.L_model_forward(X, P)
    grads = ref.L_model_backward(AL, Y, caches)
    L = len(dims) - 1
    assert set(grads) == {f"dA{l}" for l in range(L)} | {f"dW{l}" for l in range(1, L + 1)} | \
        {f"db{l}" for l in range(1, L + 1)}
    for name in P:
        def f(value, name=name):
            Q = dict(P)
            Q[name] = value
            return _cost_of(Q, X, Y)
        assert rel_error(grads["d" + name], eval_numerical_gradient(f, P[name].copy())) < 1e-6, name
    # dA0 is the gradient of the per-example losses with respect to X (no 1/m): m * dJ/dX
    num_dX = eval_numerical_gradient(lambda x: _cost_of(P, x, Y), X.copy()) * X.shape[1]
    assert rel_error(grads["dA0"], num_dX) < 1e-6


def test_L_model_backward_reshapes_Y(rng):
    P, X, Y = network(rng, [4, 3, 1]), rng.standard_normal((4, 6)), labels(rng, 6)
    AL, caches = ref.L_model_forward(X, P)
    g = ref.L_model_backward(AL, Y, caches)
    for shaped in (Y.ravel(), Y.reshape(6, 1)):
        g2 = ref.L_model_backward(AL, shaped, caches)
        for k in g:
            np.testing.assert_array_equal(g[k], g2[k])


@pytest.mark.parametrize("dims", [[5, 1], [4, 3, 1], [7, 6, 5, 3, 1]])
def test_L_model_backward_against_torch(rng, torch, dims):
    P, X, Y = network(rng, dims), rng.standard_normal((dims[0], 9)), labels(rng, 9)
    AL, caches = ref.L_model_forward(X, P)
    grads = ref.L_model_backward(AL, Y, caches)
    T = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in P.items()}
    A = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    A0 = A
    L = len(dims) - 1
    for l in range(1, L + 1):
        Z = T[f"W{l}"] @ A + T[f"b{l}"]
        A = torch.relu(Z) if l < L else torch.sigmoid(Z)
    cost = torch.nn.functional.binary_cross_entropy(A, torch.tensor(Y, dtype=torch.float64))
    cost.backward()
    np.testing.assert_allclose(cost.item(), ref.compute_cost(AL, Y), rtol=1e-12)
    for k, t in T.items():
        np.testing.assert_allclose(grads["d" + k], t.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grads["dA0"], A0.grad.numpy() * X.shape[1], rtol=1e-9, atol=1e-12)


# --- update, models, predict ------------------------------------------------------------------

def test_update_parameters_returns_gradient_step(rng):
    P = network(rng, [4, 3, 1])
    G = {"d" + k: rng.standard_normal(v.shape) for k, v in P.items()}
    before = copy.deepcopy(P)
    out = ref.update_parameters(P, G, 0.1)
    for k in before:
        np.testing.assert_allclose(out[k], before[k] - 0.1 * G["d" + k])


def test_models_cost_schedule_and_descent(rng):
    X = rng.standard_normal((4, 20))
    Y = (X[:1] > 0).astype(int)
    P2, c2 = ref.two_layer_model(X, Y, (4, 3, 1), learning_rate=0.5, num_iterations=301)
    PL, cL = ref.L_layer_model(X, Y, [4, 5, 3, 1], learning_rate=0.1, num_iterations=301)
    assert len(c2) == 4 and len(cL) == 4 and all(type(c) is float for c in c2 + cL)
    assert c2[-1] < c2[0] and cL[-1] < cL[0]
    # the first recorded cost is that of the initial parameters
    np.testing.assert_allclose(c2[0], _cost_of(ref.initialize_parameters(4, 3, 1), X, Y), rtol=1e-12)
    np.testing.assert_allclose(cL[0], _cost_of(ref.initialize_parameters_deep_scaled([4, 5, 3, 1]), X, Y),
                               rtol=1e-12)


def test_predict_strict_threshold_and_print(rng, capsys):
    P = network(rng, [3, 2, 1])
    P["W2"], P["b2"] = np.zeros((1, 2)), np.zeros((1, 1))
    p = ref.predict(rng.standard_normal((3, 4)), np.ones((1, 4)), P)
    assert p.shape == (1, 4) and not p.any()
    assert "Accuracy: 0.0" in capsys.readouterr().out


def test_edge_cases_emit_no_numpy_warnings(rng, strict_numpy):
    P, X, Y = network(rng, [4, 3, 1]), rng.standard_normal((4, 1)), np.array([[1.0]])
    AL, caches = ref.L_model_forward(X, P)
    ref.compute_cost(AL, Y)
    ref.L_model_backward(AL, Y, caches)
    ref.update_parameters(P, ref.L_model_backward(AL, Y, caches), 0.01)
    ref.two_layer_model(X, Y, (4, 2, 1), num_iterations=3)
    ref.L_layer_model(X, Y, [4, 3, 1], num_iterations=3)
    ref.predict(X, Y, P)
