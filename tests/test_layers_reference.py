"""Conformance of the ``layers`` reference (solutions/layers) with shared/spec/layers.md.

Expected values come from small independent re-implementations in this file,
from replaying the global RNG, from course_lib's numerical gradients and, when
PyTorch is installed, from its autodiff and its optimisers. The spec's quirks
are checked as quirks: (samples, features) data, ``p`` as the DROP probability,
a fresh ``RandomState(seed)`` per dropout call, ``v = momentum v - lr dw``,
Adam's ``t`` counted once per step, the last partial minibatch, the training
accuracy on the first 1,000 samples, the first best epoch, copies.
"""

import contextlib
import io
import math
import warnings

import numpy as np
import pytest

from course_lib.gradcheck import eval_numerical_gradient, eval_numerical_gradient_array, rel_error
from solutions import layers as ref


@contextlib.contextmanager
def no_numpy_warnings():
    """Every warning is an error; overflow, division by zero and invalid values raise (underflow to 0 is fine)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            yield


def _rng_after(fn):
    fn()
    return np.random.rand()


# --- fc ------------------------------------------------------------------------------

def test_fc_draws_names_and_shapes():
    np.random.seed(3)
    layer = ref.fc(6, 4, init_scale=0.5, name="q")
    np.random.seed(3)
    w = 0.5 * np.random.randn(6, 4)
    after_draw = np.random.rand()
    np.random.seed(3)
    ref.fc(6, 4, 0.5, "q")
    assert np.random.rand() == after_draw
    assert (layer.w_name, layer.b_name) == ("q_w", "q_b")
    np.testing.assert_array_equal(layer.params["q_w"], w)
    np.testing.assert_array_equal(layer.params["q_b"], np.zeros(4))
    assert set(layer.grads) == {"q_w", "q_b"}
    default = ref.fc(3, 2)
    assert default.name == "fc" and set(default.params) == {"fc_w", "fc_b"}


def test_fc_flattens_and_matches_numerical_gradients():
    rng = np.random.default_rng(0)
    layer = ref.fc(24, 5, init_scale=1.0, name="l")
    ref.set_params(layer, {"l_b": rng.standard_normal(5)})
    x = rng.standard_normal((3, 2, 3, 4))
    out = layer.forward(x)
    np.testing.assert_allclose(out, x.reshape(3, 24) @ layer.params["l_w"] + layer.params["l_b"])
    dout = rng.standard_normal((3, 5))
    dx = layer.backward(dout)
    assert dx.shape == x.shape
    w, b = layer.params["l_w"].copy(), layer.params["l_b"].copy()
    assert rel_error(dx, eval_numerical_gradient_array(layer.forward, x.copy(), dout)) < 1e-8
    layer.forward(x)
    assert rel_error(layer.grads["l_w"], eval_numerical_gradient_array(lambda v: x.reshape(3, -1) @ v + b, w.copy(), dout)) < 1e-8
    assert rel_error(layer.grads["l_b"], eval_numerical_gradient_array(lambda v: x.reshape(3, -1) @ w + v, b.copy(), dout)) < 1e-8


# --- relu, dropout, cross_entropy ------------------------------------------------------

def test_relu_gradient_is_zero_at_zero_and_inputs_unchanged():
    layer = ref.relu()
    x = np.array([[-1.0, 0.0, 2.0]])
    x_copy = x.copy()
    np.testing.assert_array_equal(layer.forward(x), [[0.0, 0.0, 2.0]])
    np.testing.assert_array_equal(layer.backward(np.ones((1, 3))), [[0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(x, x_copy)
    assert layer.params == {} and layer.grads == {}


def test_dropout_seeded_mask_is_fresh_randomstate_per_call():
    x = np.arange(1.0, 21.0).reshape(4, 5)
    layer = ref.dropout(0.3, seed=11)
    state = np.random.get_state()
    out1, out2 = layer.forward(x), layer.forward(x)
    assert np.random.get_state()[2] == state[2], "a seeded dropout must not touch the global RNG"
    keep = np.random.RandomState(11).rand(4, 5) >= 0.3
    np.testing.assert_allclose(out1, x * keep / 0.7)
    np.testing.assert_array_equal(out1, out2)
    dprev = np.ones_like(x)
    np.testing.assert_allclose(layer.backward(dprev), keep / 0.7)


def test_dropout_global_rng_test_mode_and_p_zero():
    x = np.ones((3, 4))
    layer = ref.dropout(0.5)
    np.random.seed(5)
    out = layer.forward(x)
    after = np.random.rand()
    np.random.seed(5)
    keep = np.random.rand(3, 4) >= 0.5
    assert np.random.rand() == after
    np.testing.assert_allclose(out, keep * 2.0)
    np.random.seed(5)
    assert layer.forward(x, is_Training=False) is x and ref.dropout(0.0).forward(x) is x
    assert np.random.rand() == _rng_after(lambda: np.random.seed(5))
    np.testing.assert_array_equal(layer.backward(np.full((3, 4), 3.0)), np.full((3, 4), 3.0))


def test_dropout_backward_matches_numerical_gradient():
    rng = np.random.default_rng(1)
    x, dout = rng.standard_normal((5, 7)), rng.standard_normal((5, 7))
    layer = ref.dropout(0.4, seed=3)
    layer.forward(x)
    num = eval_numerical_gradient_array(lambda v: ref.dropout(0.4, seed=3).forward(v), x, dout)
    assert rel_error(layer.backward(dout), num) < 1e-9


def _ce_numpy(s, y):
    s = np.asarray(s, dtype=np.longdouble)
    m = s.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(s - m).sum(axis=1))
    return float(np.mean(lse - s[np.arange(len(y)), y]))


def test_cross_entropy_value_gradient_and_stability():
    rng = np.random.default_rng(2)
    s, y = 2 * rng.standard_normal((6, 4)), rng.integers(0, 4, size=6)
    loss = ref.cross_entropy()
    assert loss.forward(s, y) == pytest.approx(_ce_numpy(s, y), rel=1e-12)
    num = eval_numerical_gradient(lambda v: ref.cross_entropy().forward(v, y), s.copy())
    assert rel_error(loss.backward(), num) < 1e-7
    big = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 1000.0]])
    with no_numpy_warnings():
        value = ref.cross_entropy().forward(big, np.array([2, 1]))
        grad_loss = ref.cross_entropy()
        grad_loss.forward(big, np.array([2, 1]))
        grad = grad_loss.backward()
    assert value == pytest.approx((2000.0 + math.log(2)) / 2, rel=1e-12)
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-15)


# --- sequential ---------------------------------------------------------------------------

def test_sequential_names_assign_load_and_errors():
    a, b = ref.fc(3, 2, name="a"), ref.fc(2, 2, name="b")
    net = ref.sequential(a, ref.relu(), b)
    assert list(net.params) == ["a_w", "a_b", "b_w", "b_b"]
    new = np.ones((2, 2))
    net.assign("b_w", new)
    assert b.params["b_w"] is new and net.get_params("b_w") is new
    net.assign_grads("a_b", np.arange(2.0))
    np.testing.assert_array_equal(net.get_grads("a_b"), [0.0, 1.0])
    pre = {"b_b": np.array([5.0, 6.0]), "a_w": np.zeros((3, 2))}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        net.load(pre)
    assert out.getvalue().splitlines() == ["Loading Params: b_b Shape: (2,)", "Loading Params: a_w Shape: (3, 2)"]
    pre["b_b"][0] = -1
    np.testing.assert_array_equal(net.get_params("b_b"), [5.0, 6.0])
    for call in (lambda: net.get_params("c_w"), lambda: net.assign("c_w", 0), lambda: net.get_grads("x"),
                 lambda: net.assign_grads("x", 0), lambda: net.load({"nope": np.zeros(1)})):
        with pytest.raises(ValueError):
            call()
    with pytest.raises(ValueError):
        ref.sequential(ref.fc(2, 2, name="same"), ref.fc(2, 2, name="same"))


# --- networks ------------------------------------------------------------------------------

def test_given_and_student_networks():
    np.random.seed(0)
    m = ref.TestFCReLU()
    assert {k: v.shape for k, v in m.net.params.items()} == {"my_fc_w": (12, 10), "my_fc_b": (10,)}
    assert m.forward(np.ones((2, 3, 4))).shape == (2, 10)
    np.random.seed(1)
    s = ref.SmallFullyConnectedNetwork()
    np.random.seed(1)
    w1, w2 = 0.02 * np.random.randn(4, 30), 0.02 * np.random.randn(30, 7)
    np.testing.assert_array_equal(s.net.params["fc1_w"], w1)
    np.testing.assert_array_equal(s.net.params["fc2_w"], w2)
    np.random.seed(2)
    d = ref.DropoutNet(dropout_p=0.5, seed=1)
    x, y = np.random.randn(50, 15), np.random.randint(10, size=50)
    assert ref.cross_entropy().forward(d.forward(x), y) == pytest.approx(2.30, abs=0.02)
    t = ref.TinyNet()
    assert {k: (v.shape[0], v.dtype) for k, v in t.net.params.items() if k.endswith("_w")}["fc1_w"] == (3072, np.float32)


# --- oracles: PyTorch autodiff ----------------------------------------------------------------

def test_network_backward_against_torch():
    torch = pytest.importorskip("torch")
    np.random.seed(4)
    model = ref.DropoutNet(dropout_p=0.3, seed=9)
    x, y = np.random.randn(6, 15), np.random.randint(10, size=6)
    loss = ref.cross_entropy()
    value = loss.forward(model.forward(x), y)
    dx = model.backward(loss.backward())
    T = {k: torch.tensor(v, requires_grad=True) for k, v in model.net.params.items()}
    tx = torch.tensor(x, requires_grad=True)
    masks = [layer.meta for layer in model.net.layers if isinstance(layer, ref.dropout)]
    h = torch.relu(tx @ T["fc1_w"] + T["fc1_b"]) * torch.tensor(masks[0])
    h = torch.relu(h @ T["fc2_w"] + T["fc2_b"]) * torch.tensor(masks[1])
    out = h @ T["fc3_w"] + T["fc3_b"]
    tloss = torch.nn.functional.cross_entropy(out, torch.tensor(y))
    tloss.backward()
    assert value == pytest.approx(tloss.item(), rel=1e-12)
    assert rel_error(dx, tx.grad.numpy()) < 1e-10
    for k, t in T.items():
        assert rel_error(model.net.grads[k], t.grad.numpy()) < 1e-10, k


def test_fc_on_images_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    layer = ref.fc(12, 3, init_scale=1.0, name="f")
    x, dout = rng.standard_normal((2, 3, 2, 2)), rng.standard_normal((2, 3))
    layer.forward(x)
    dx = layer.backward(dout)
    tx, tw = torch.tensor(x, requires_grad=True), torch.tensor(layer.params["f_w"], requires_grad=True)
    (torch.flatten(tx, 1) @ tw * torch.tensor(dout)).sum().backward()
    assert rel_error(dx, tx.grad.numpy()) < 1e-12 and rel_error(layer.grads["f_w"], tw.grad.numpy()) < 1e-12


@pytest.mark.parametrize("name", ["SGD", "SGDM", "RMSProp", "Adam"])
def test_optimizers_against_torch(name):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    w0 = rng.standard_normal((3, 2))
    grads = [rng.standard_normal((3, 2)) for _ in range(4)]
    layer = ref.FixedLayer({"a_w": w0.copy()}, {"a_w": grads[0].copy()})
    make = {"SGD": (lambda n: ref.SGD(n, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
            "SGDM": (lambda n: ref.SGDM(n, lr=0.1, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
            "RMSProp": (lambda n: ref.RMSProp(n, lr=0.01, decay=0.9), lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8)),
            "Adam": (lambda n: ref.Adam(n, lr=0.01, beta1=0.8, beta2=0.9), lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.9), eps=1e-8))}
    ours = make[name][0](ref.FixedSequential(layer))
    tp = torch.tensor(w0.copy(), requires_grad=True)
    theirs = make[name][1]([tp])
    for g in grads:
        layer.set_grads({"a_w": g.copy()})
        ours.step()
        tp.grad = torch.tensor(g.copy())
        theirs.step()
    np.testing.assert_allclose(layer.params["a_w"], tp.detach().numpy(), rtol=1e-10, atol=1e-12)


# --- optimisers: the spec's cases --------------------------------------------------------------

def test_optimizer_reads_replaced_dicts_and_prefilled_state():
    first = ref.FixedLayer({"a_w": np.ones(2), "a_b": np.ones(2)}, {"a_w": np.ones(2), "a_b": np.ones(2)})
    opt = ref.SGDM(ref.FixedSequential(first), lr=0.5, momentum=0.5)
    ref.prefill(opt, "velocity", {"a_w": np.full(2, 2.0)})
    opt.step()
    np.testing.assert_allclose(opt.velocity["a_w"], 0.5 * 2.0 - 0.5)
    np.testing.assert_allclose(opt.velocity["a_b"], -0.5)
    first.params = {"x_w": np.zeros(2)}
    first.grads = {"x_w": np.ones(2)}
    opt.step()
    np.testing.assert_allclose(first.params["x_w"], -0.5)
    adam = ref.Adam(ref.FixedSequential(ref.FixedLayer({"w": np.zeros(1)}, {"w": np.ones(1)})), lr=0.1, t=4)
    ref.prefill(adam, "mt", {"w": np.array([0.5])})
    ref.prefill(adam, "vt", {"w": np.array([0.25])})
    adam.step()
    m, v = 0.9 * 0.5 + 0.1, 0.999 * 0.25 + 0.001
    expected = -0.1 * (m / (1 - 0.9 ** 5)) / (math.sqrt(v / (1 - 0.999 ** 5)) + 1e-8)
    assert adam.t == 5
    np.testing.assert_allclose(adam.net.layers[0].params["w"], expected)


# --- training loop ------------------------------------------------------------------------------

def _linear_model(d, c, seed):
    np.random.seed(seed)
    net = ref.sequential(ref.fc(d, c, init_scale=0.1, name="lin"))
    return ref.Model(net), net


def test_train_net_batches_shuffles_and_keeps_first_best_copies():
    rng = np.random.default_rng(7)
    X, y = rng.standard_normal((1030, 3)), rng.integers(0, 3, size=1030)
    data = {"data_train": (X[:1010], y[:1010]), "data_val": (X[1010:], y[1010:]), "data_test": (X[1010:], y[1010:])}
    model, net = _linear_model(3, 3, 0)
    np.random.seed(1)
    opt_params, losses, train_acc, val_acc = ref.train_net(data, model, ref.cross_entropy(), ref.SGD(net, lr=0.5),
                                                          batch_size=400, max_epochs=3)
    assert len(losses) == 3 * 3 and len(train_acc) == len(val_acc) == 3
    np.random.seed(1)
    orders = [np.random.permutation(1010) for _ in range(3)]
    # replay: the same losses with an independent loop
    replay, rnet = _linear_model(3, 3, 0)
    sgd, loss_fn, replay_losses, replay_val = ref.SGD(rnet, lr=0.5), ref.cross_entropy(), [], []
    best, best_params = -1, None
    for order in orders:
        for s in range(0, 1010, 400):
            idx = order[s:s + 400]
            replay_losses.append(loss_fn.forward(replay.forward(X[idx]), y[idx]))
            replay.backward(loss_fn.backward())
            sgd.step()
        assert ref.compute_acc(replay, X[:1000], y[:1000]) == train_acc[len(replay_val)]
        acc = ref.compute_acc(replay, X[1010:], y[1010:])
        replay_val.append(acc)
        if acc > best:
            best, best_params = acc, {k: v.copy() for k, v in rnet.params.items()}
    np.testing.assert_allclose(losses, replay_losses, rtol=1e-12)
    assert val_acc == replay_val
    for k in best_params:
        np.testing.assert_array_equal(opt_params[k], best_params[k])
        assert opt_params[k] is not net.layers[0].params[k]


def test_compute_acc_test_mode_batches_and_no_draws():
    scores = np.array([[0.0, 1.0], [2.0, 1.0], [0.0, 3.0]])
    model = ref.ScoresModel()
    np.random.seed(0)
    assert ref.compute_acc(model, scores, np.array([1, 0, 0]), batch_size=2) == pytest.approx(2 / 3)
    assert model.batch_sizes == [2, 1]
    assert np.random.rand() == _rng_after(lambda: np.random.seed(0))
    assert ref.compute_acc(ref.ScoresModel(), scores, np.array([1, 0, 0]), num_samples=2) == 1.0


# --- the activation zoo ------------------------------------------------------------------------------

def _expected(name, x):
    f = {"Sigmoid": lambda v: 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)),
         "LeakyReLU": lambda v: v if v > 0 else 0.1 * v, "ReLU": lambda v: max(0.0, v),
         "ELU": lambda v: v if v > 0 else 0.5 * math.expm1(v),
         "SeLU": lambda v: 1.0507 * (v if v > 0 else 1.6732 * math.expm1(v)), "Tanh": math.tanh}[name]
    return np.array([f(float(v)) for v in x])


@pytest.mark.parametrize("name", ["Sigmoid", "LeakyReLU", "ReLU", "ELU", "SeLU", "Tanh"])
def test_activation_zoo_values_and_no_warnings(name):
    x = np.concatenate([np.linspace(-5, 5, 10), [0.0, -1000.0, -745.0, -50.0, 50.0, 745.0, 1000.0]])
    with no_numpy_warnings():
        got = ref.activation_values(name, x)
    np.testing.assert_allclose(got, _expected(name, x), rtol=1e-12, atol=1e-300)
    assert isinstance(ref.relu, type), "the zoo must not rebind the relu class"
