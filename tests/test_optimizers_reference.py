"""Conformance of the ``optimizers`` reference (solutions/optimizers) with shared/spec/optimizers.md.

Expected values come from small independent re-implementations in this file,
from replaying the global RNG, from course_lib's numerical gradients and, when
PyTorch is installed, from its autodiff. The spec's quirks are checked as
quirks: ReLU'(0) = 1 as integers, the activation at the output layer, the
squared-error cost over 2m, epsilon outside the square root, Adam without
bias correction.
"""

import copy

import numpy as np
import pytest

from course_lib.gradcheck import eval_numerical_gradient, rel_error
from solutions import optimizers as ref



def _net_data(seed, dims, m):
    rng = np.random.default_rng(seed)
    P = {}
    for l in range(1, len(dims)):
        P[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        P[f"b{l}"] = rng.standard_normal((dims[l], 1))
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((dims[-1], m)) > 0.5).astype(float)
    return P, X, Y


# --- initialisation and draws ----------------------------------------------------

def test_initialize_draw_order_and_scale():
    np.random.seed(3)
    P = ref.initialize_dnn_parameters([5, 4, 2])
    np.random.seed(3)
    W1 = np.sqrt(1 / 5) * np.random.randn(4, 5)
    W2 = np.sqrt(1 / 4) * np.random.randn(2, 4)
    after = np.random.rand()
    np.testing.assert_array_equal(P["W1"], W1)
    np.testing.assert_array_equal(P["W2"], W2)
    assert np.array_equal(P["b1"], np.zeros((4, 1))) and np.array_equal(P["b2"], np.zeros((2, 1)))
    np.random.seed(3)
    ref.initialize_dnn_parameters([5, 4, 2])
    assert np.random.rand() == after


def test_network_layer_sizes_and_initialize_draws():
    np.random.seed(5)
    net = ref.NeuralNetwork(6, 2, 3, 4)
    np.random.seed(5)
    P = ref.initialize_dnn_parameters([6, 3, 3, 3, 2])
    assert net.parameters.keys() == P.keys()
    for k in P:
        np.testing.assert_array_equal(net.parameters[k], P[k])
    assert (net.n_x, net.n_y, net.n_h, net.depth) == (6, 2, 3, 4) and isinstance(net.act, ref.ReLU)


# --- quirks ----------------------------------------------------------------------

def test_relu_derivative_is_integer_and_one_at_zero():
    x = np.array([[-1.0, 0.0, 2.0], [-0.0, 1e-300, -1e-300]])
    d = ref.ReLU().derivative(x)
    assert d.dtype.kind == "i"
    np.testing.assert_array_equal(d, [[0, 1, 1], [1, 1, 0]])
    np.testing.assert_array_equal(ref.ReLU()(x), np.maximum(0, x))


def test_activation_at_the_output_layer_and_cost():
    P, X, Y = _net_data(1, [3, 4, 2], 5)
    A, caches = ref.forward_propagation(X, P)
    Z2 = P["W2"] @ np.maximum(0, P["W1"] @ X + P["b1"]) + P["b2"]
    np.testing.assert_allclose(A, np.maximum(0, Z2), rtol=1e-12)
    assert set(caches) == {"A0", "Z1", "A1", "Z2", "A2"} and caches["A0"] is X
    assert ref.compute_cost(A, Y) == pytest.approx(np.sum((A - Y) ** 2) / (2 * 5))


def _fixed(seed, dims, scale=1.0):
    P, _, _ = _net_data(seed, dims, 1)
    rng = np.random.default_rng(seed + 100)
    G = {"d" + k: scale * rng.standard_normal(v.shape) for k, v in P.items()}
    return ref.FixedNetwork(copy.deepcopy(P), G), P, G


def test_optimizers_match_independent_updates(strict_numpy):
    lr = 0.05
    for cls, kwargs in [(ref.GradientDescent, {}), (ref.GradientDescentWithMomentum, {"beta": 0.8}),
                        (ref.RMSProp, {"beta": 0.7}), (ref.Adam, {"beta1": 0.85, "beta2": 0.95})]:
        net, P, G = _fixed(2, [4, 3, 2])
        opt = cls(net, lr, **kwargs)
        v = {k: np.zeros_like(p) for k, p in P.items()}
        s = {k: np.zeros_like(p) for k, p in P.items()}
        theta = copy.deepcopy(P)
        for _ in range(3):
            opt.step()
            for k in theta:
                g = G["d" + k]
                if cls is ref.GradientDescent:
                    theta[k] = theta[k] - lr * g
                elif cls is ref.GradientDescentWithMomentum:
                    v[k] = 0.8 * v[k] + 0.2 * g
                    theta[k] = theta[k] - lr * v[k]
                elif cls is ref.RMSProp:
                    s[k] = 0.7 * s[k] + 0.3 * g * g
                    theta[k] = theta[k] - lr * g / (np.sqrt(s[k]) + 1e-8)
                else:   # no bias correction, eps outside the root
                    v[k] = 0.85 * v[k] + 0.15 * g
                    s[k] = 0.95 * s[k] + 0.05 * g * g
                    theta[k] = theta[k] - lr * v[k] / (np.sqrt(s[k]) + 1e-8)
        for k in theta:
            np.testing.assert_allclose(net.parameters[k], theta[k], rtol=1e-12, atol=1e-15, err_msg=f"{cls.__name__} {k}")
        if hasattr(opt, "velocities"):
            assert opt.velocities.keys() == P.keys()
        if hasattr(opt, "squared_gradients"):
            assert opt.squared_gradients.keys() == P.keys()


def test_defaults():
    net, _, _ = _fixed(3, [2, 1])
    assert ref.GradientDescentWithMomentum(net, 0.1).beta == 0.9
    assert ref.RMSProp(net, 0.1).beta == 0.9
    adam = ref.Adam(net, 0.1)
    assert (adam.beta1, adam.beta2) == (0.9, 0.999)
    with pytest.raises(NotImplementedError):
        ref.Optimizer(net, 0.1).step()


def test_edge_cases_emit_no_warnings(strict_numpy):
    for cls in (ref.RMSProp, ref.Adam, ref.GradientDescentWithMomentum, ref.GradientDescent):
        for scale in (0.0, 1e-12):
            net, P, _ = _fixed(4, [3, 2, 1], scale=scale)
            opt = cls(net, 0.01)
            opt.step()
            opt.step()
            assert all(np.all(np.isfinite(v)) for v in net.parameters.values())
    # epsilon outside the square root: a tiny gradient's first RMSProp step is lr * g / (sqrt(0.1 g^2) + 1e-8)
    net, P, G = _fixed(5, [2, 1], scale=1e-9)
    ref.RMSProp(net, 1.0).step()
    g = G["dW1"]
    np.testing.assert_allclose(P["W1"] - net.parameters["W1"], g / (np.sqrt(0.1 * g * g) + 1e-8), rtol=1e-12)
    # m = 1, a network whose ReLUs are all off, and very large inputs
    P, X, Y = _net_data(6, [3, 2, 1], 1)
    for Xc in (X, -1e3 * np.abs(X) - 1, 1e150 * X):
        with np.errstate(over="ignore") if np.max(np.abs(Xc)) > 1e100 else np.errstate():
            A, caches = ref.forward_propagation(Xc, P)
            ref.back_propagation(Y, P, caches)
    ref.Sigmoid()(np.array([[-30.0, 0.0, 30.0]]))


# --- backward passes: numerical gradients and PyTorch --------------------------------

def _cost_of(P, X, Y, act):
    def f(_):
        A, _c = ref.forward_propagation(X, P, act)
        return ref.compute_cost(A, Y)
    return f


@pytest.mark.parametrize("act_name", ["ReLU", "Sigmoid"])
@pytest.mark.parametrize("dims,m", [([4, 3, 2], 5), ([3, 5, 4, 1], 1), ([6, 4, 4, 4, 2], 8)])
def test_backward_against_numerical_gradient(act_name, dims, m):
    act = getattr(ref, act_name)()
    P, X, Y = _net_data(sum(dims) + m, dims, m)
    if act_name == "ReLU":   # keep pre-activations away from the kink at 0
        for l in range(1, len(dims)):
            P[f"b{l}"] = P[f"b{l}"] + 0.5
    net = ref.NeuralNetwork(dims[0], dims[-1], dims[1], len(dims) - 1, act=act)
    net.parameters = P
    net.forward(X)
    net.backward(Y)
    grads = ref.back_propagation(Y, P, ref.forward_propagation(X, P, act)[1], act.derivative)
    for k in P:
        assert rel_error(net.grads["d" + k], grads["d" + k]) == 0
        num = eval_numerical_gradient(_cost_of(P, X, Y, act), P[k])
        assert rel_error(num, net.grads["d" + k]) < 1e-6, (act_name, dims, k)


@pytest.mark.parametrize("act_name", ["ReLU", "Sigmoid"])
def test_backward_against_torch(act_name):
    torch = pytest.importorskip("torch")
    act = getattr(ref, act_name)()
    dims, m = [5, 4, 3, 2], 7
    P, X, Y = _net_data(11, dims, m)
    _, caches = ref.forward_propagation(X, P, act)
    grads = ref.back_propagation(Y, P, caches, act.derivative)
    T = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in P.items()}
    A = torch.tensor(X, dtype=torch.float64)
    f = torch.relu if act_name == "ReLU" else torch.sigmoid
    for l in range(1, len(dims)):
        A = f(T[f"W{l}"] @ A + T[f"b{l}"])
    cost = ((A - torch.tensor(Y, dtype=torch.float64)) ** 2).sum() / (2 * m)
    cost.backward()
    assert float(cost.detach()) == pytest.approx(ref.compute_cost(ref.forward_propagation(X, P, act)[0], Y), rel=1e-12)
    for k in P:
        np.testing.assert_allclose(grads["d" + k], T[k].grad.numpy(), rtol=1e-9, atol=1e-12, err_msg=k)


def test_adam_against_torch_is_not_bias_corrected():
    """torch.optim.Adam (bias-corrected, eps outside) differs from the spec's Adam on the first step; the
    spec's update equals torch's formula with the bias terms removed."""
    torch = pytest.importorskip("torch")
    net, P, G = _fixed(8, [3, 2])
    ref.Adam(net, 0.01, beta1=0.9, beta2=0.999).step()
    p = torch.tensor(P["W1"], requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.01, betas=(0.9, 0.999), eps=1e-8)
    p.grad = torch.tensor(G["dW1"])
    opt.step()
    assert not np.allclose(p.detach().numpy(), net.parameters["W1"])   # torch corrects the bias
    g = G["dW1"]
    np.testing.assert_allclose(net.parameters["W1"], P["W1"] - 0.01 * (0.1 * g) / (np.sqrt(0.001 * g * g) + 1e-8),
                               rtol=1e-12)
    # torch's step is the bias-corrected one: lr * g / (|g| + eps)
    np.testing.assert_allclose(p.detach().numpy(), P["W1"] - 0.01 * g / (np.abs(g) + 1e-8), rtol=1e-9)


# --- training -------------------------------------------------------------------

def test_train_loop_and_train_order():
    P, X, Y = _net_data(9, [3, 4, 1], 6)
    Xt, Yt = X[:, :2], Y[:, :2]
    np.random.seed(0)
    net = ref.NeuralNetwork(3, 1, 4, 2)
    start = copy.deepcopy(net.parameters)
    train_losses, test_losses = ref.train(net, ref.GradientDescent(net, 0.1), X, Y, Xt, Yt, num_iterations=3)
    assert isinstance(train_losses, np.ndarray) and train_losses.shape == (3,) and test_losses.shape == (3,)
    # the first test loss is evaluated before any step; the first train loss too
    A0, _ = ref.forward_propagation(Xt, start)
    assert test_losses[0] == pytest.approx(ref.compute_cost(A0, Yt))
    A0, _ = ref.forward_propagation(X, start)
    assert train_losses[0] == pytest.approx(ref.compute_cost(A0, Y))
    loss = ref.train_loop(net, None, X, Y, evaluate=True)
    assert loss == pytest.approx(ref.compute_cost(ref.forward_propagation(X, net.parameters)[0], Y))
