"""Every backward pass of the reference solution against two kinds of oracle.

1. The numerical gradient (course_lib.gradcheck, centred differences) of the
   reference's own forward pass: forward and backward are consistent.
2. Automatic differentiation of forward passes written independently in this
   file: HIPS autograd (``autograd.numpy``) and PyTorch (float64), each skipped
   with a reason when not installed.  PyTorch's oracle uses its own
   cross-entropy and batch-norm functionals, so the definitions are checked
   too, not only the calculus.

Dropout uses fixed masks: the oracles redraw them by reseeding numpy's global
RNG, in the order the spec fixes (layers in order, one ``np.random.rand(n, m)``
per layer with ``drop_prob > 0``).

Error measure: the largest absolute deviation divided by the largest gradient
entry of the whole check (all gradients a backward pass returns, e.g. dA_prev,
dW, db, dbeta, dgamma together).  course_lib.gradcheck's ``rel_error``
(CS231n's element-wise maximum) is not used for the verdict: gradients with
structural zeros make it report errors near 1 for correct code (``db`` of a
layer whose linear activation is followed by batchnorm is exactly 0 in theory,
~1e-17 computed and ~1e-11 numerically; so is dA of a 2-sample batchnorm up
to its epsilon).  Tolerances: below 1e-7 against the numerical gradient
(h = 1e-5) and below 1e-10 against autodiff.
"""

import numpy as np
import pytest

from course_lib.gradcheck import eval_numerical_gradient, eval_numerical_gradient_array
from solutions import optimization as opt

NUM_TOL = 1e-7
AD_TOL = 1e-10
EPS = 1e-5          # batchnorm epsilon, fixed by the spec
SEED = 31337


@pytest.fixture(scope="module")
def ag():
    """(autograd.numpy, autograd.grad)."""
    anp = pytest.importorskip("autograd.numpy",
                              reason="HIPS autograd not installed (pip install autograd): "
                                     "autodiff oracle skipped")
    from autograd import grad
    return anp, grad


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed: PyTorch oracle skipped")


@pytest.fixture
def rng():
    return np.random.default_rng(2718)


def grad_errors(analytic, other):
    """Per-entry-of-the-list max deviation, relative to the largest entry of all arrays."""
    analytic = [np.asarray(a, dtype=np.float64) for a in analytic]
    other = [np.asarray(b, dtype=np.float64) for b in other]
    for a, b in zip(analytic, other, strict=True):
        assert a.shape == b.shape, f"shapes differ: {a.shape} vs {b.shape}"
    scale = max(np.max(np.abs(x), initial=0.0) for x in analytic + other)
    return [float(np.max(np.abs(a - b), initial=0.0) / max(scale, 1e-300))
            for a, b in zip(analytic, other)]


def grad_error(a, b):
    """:func:`grad_errors` of a single pair."""
    return grad_errors([a], [b])[0]


def assert_grads_match(analytic, other, names, tol, oracle):
    errors = grad_errors(analytic, other)
    bad = {n: e for n, e in zip(names, errors) if not e < tol}
    assert not bad, f"{oracle}: errors above {tol:g}: {bad} (all: {dict(zip(names, errors))})"


def away_from_zero(rng, shape, margin=0.05):
    """Standard normal entries with |x| >= margin (keeps relu kinks out of reach of h)."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < margin, np.sign(x + 1e-300) * margin, x)


def torch_grads(torch, fn, arrays):
    """Gradients of the scalar ``fn(*tensors)`` with respect to float64 copies of ``arrays``."""
    tensors = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    fn(*tensors).backward()
    return [t.grad.numpy() for t in tensors]


# --------------------------------------------------------------------------
# independent forward passes (autograd and torch)
# --------------------------------------------------------------------------
def ag_batchnorm(anp, A, beta, gamma):
    m = A.shape[1]
    mu = anp.sum(A, axis=1, keepdims=True) / m
    centred = A - mu
    var = anp.sum(centred * centred, axis=1, keepdims=True) / m
    return gamma * centred / anp.sqrt(var + EPS) + beta


def ag_cross_entropy(anp, Z, Y):
    n, m = Z.shape
    onehot = (np.arange(n)[:, None] == np.asarray(Y).astype(int).reshape(1, -1)).astype(float)
    shift = Z - anp.max(Z, axis=0, keepdims=True)
    log_softmax = shift - anp.log(anp.sum(anp.exp(shift), axis=0, keepdims=True))
    return -anp.sum(onehot * log_softmax) / m


def torch_batchnorm(torch, A, beta, gamma):
    F = torch.nn.functional
    # torch normalises over the batch dimension 0: samples as rows
    out = F.batch_norm(A.T, None, None, weight=gamma.reshape(-1), bias=beta.reshape(-1),
                       training=True, eps=EPS)
    return out.T


def torch_cross_entropy(torch, Z, Y):
    labels = torch.tensor(np.asarray(Y).astype(np.int64).reshape(-1))
    return torch.nn.functional.cross_entropy(Z.T, labels)


def dropout_masks(spec, m, seed):
    """The masks the reference draws in train mode after ``np.random.seed(seed)``."""
    np.random.seed(seed)
    masks = []
    for n, p in zip(spec["dims"][1:], spec["drops"]):
        masks.append((np.random.rand(n, m) < 1 - p) / (1 - p) if p > 0 else None)
    return masks


def ag_network_loss(anp, params, X, Y, spec, masks):
    A = X
    for l in range(1, len(spec["dims"])):
        A = anp.dot(params[f"W{l}"], A) + params[f"b{l}"]
        if spec["acts"][l - 1] == "relu":
            A = anp.maximum(A, 0.0)
        if spec["bnorm"][l - 1]:
            A = ag_batchnorm(anp, A, params[f"bnorm_beta{l}"], params[f"bnorm_gamma{l}"])
        if masks[l - 1] is not None:
            A = A * masks[l - 1]
    return ag_cross_entropy(anp, A, Y)


def torch_network_loss(torch, params, X, Y, spec, masks):
    A = torch.tensor(X)
    for l in range(1, len(spec["dims"])):
        A = params[f"W{l}"] @ A + params[f"b{l}"]
        if spec["acts"][l - 1] == "relu":
            A = torch.relu(A)
        if spec["bnorm"][l - 1]:
            A = torch_batchnorm(torch, A, params[f"bnorm_beta{l}"], params[f"bnorm_gamma{l}"])
        if masks[l - 1] is not None:
            A = A * torch.tensor(masks[l - 1])
    return torch_cross_entropy(torch, A, Y)


# --------------------------------------------------------------------------
# single operations
# --------------------------------------------------------------------------
def test_relu_der(rng, ag, torch):
    anp, grad = ag
    Z = away_from_zero(rng, (5, 8))
    dA = rng.standard_normal((5, 8))
    dZ = opt.relu_der(dA, opt.relu(Z)[1])
    num = eval_numerical_gradient_array(lambda z: opt.relu(z)[0], Z, dA)
    assert grad_error(dZ, num) < NUM_TOL
    auto = grad(lambda z: anp.sum(anp.maximum(z, 0.0) * dA))(Z)
    assert grad_error(dZ, auto) < AD_TOL
    (tz,) = torch_grads(torch, lambda z: (torch.relu(z) * torch.tensor(dA)).sum(), [Z])
    assert grad_error(dZ, tz) < AD_TOL


@pytest.mark.parametrize("n, m", [(10, 1), (4, 7), (10, 64)])
def test_softmax_cross_entropy_loss_der(rng, ag, torch, n, m):
    anp, grad = ag
    Z = rng.standard_normal((n, m)) * 3
    Y = rng.integers(0, n, size=(1, m)).astype(float)
    _, cache, _ = opt.softmax_cross_entropy_loss(Z, Y)
    dZ = opt.softmax_cross_entropy_loss_der(Y, cache)
    num = eval_numerical_gradient(lambda z: opt.softmax_cross_entropy_loss(z, Y)[2], Z)
    assert grad_error(dZ, num) < NUM_TOL
    auto = grad(lambda z: ag_cross_entropy(anp, z, Y))(Z)
    assert grad_error(dZ, auto) < AD_TOL
    (tz,) = torch_grads(torch, lambda z: torch_cross_entropy(torch, z, Y), [Z])
    assert grad_error(dZ, tz) < AD_TOL


def test_dropout_der_with_fixed_mask(rng, ag, torch):
    anp, grad = ag
    A = rng.standard_normal((6, 9))
    dA = rng.standard_normal((6, 9))
    drop_prob = 0.35

    def forward(a):            # reseeding fixes the mask the reference draws
        np.random.seed(SEED)
        return opt.dropout(a, drop_prob, 'train')[0]

    np.random.seed(SEED)
    mask = (np.random.rand(6, 9) < 1 - drop_prob) / (1 - drop_prob)
    np.random.seed(SEED)
    _, cache = opt.dropout(A, drop_prob, 'train')
    np.testing.assert_array_equal(cache[2], mask)
    dA_out = opt.dropout_der(dA, cache)
    assert grad_error(dA_out, eval_numerical_gradient_array(forward, A, dA)) < NUM_TOL
    assert grad_error(dA_out, grad(lambda a: anp.sum(a * mask * dA))(A)) < AD_TOL
    (ta,) = torch_grads(torch, lambda a: (a * torch.tensor(mask) * torch.tensor(dA)).sum(), [A])
    assert grad_error(dA_out, ta) < AD_TOL
    # test mode: identity
    _, cache = opt.dropout(A, drop_prob, 'test')
    np.testing.assert_array_equal(opt.dropout_der(dA, cache), dA)


@pytest.mark.parametrize("n, m", [(4, 1), (3, 2), (5, 7), (8, 64)])
def test_batchnorm_der(rng, ag, torch, n, m):
    anp, grad = ag
    A = rng.standard_normal((n, m)) * 2 + 0.5
    beta = rng.standard_normal((n, 1))
    gamma = rng.standard_normal((n, 1))
    dA = rng.standard_normal((n, m))
    _, cache = opt.batchnorm(A, beta, gamma)
    dA_out, dbeta, dgamma = opt.batchnorm_der(dA, cache)
    analytic = [dA_out, dbeta, dgamma]

    def forward(_):
        return opt.batchnorm(A, beta, gamma)[0]

    names = ["dA", "dbeta", "dgamma"]
    numeric = [eval_numerical_gradient_array(forward, x, dA) for x in (A, beta, gamma)]
    assert_grads_match(analytic, numeric, names, NUM_TOL, "numerical")
    auto = grad(lambda args: anp.sum(ag_batchnorm(anp, *args) * dA))([A, beta, gamma])
    assert_grads_match(analytic, auto, names, AD_TOL, "autograd")
    if m == 1:
        return      # torch refuses batch statistics of a single sample
    tg = torch_grads(torch, lambda a, be, ga: (torch_batchnorm(torch, a, be, ga) * torch.tensor(dA)).sum(),
                     [A, beta, gamma])
    assert_grads_match(analytic, tg, names, AD_TOL, "torch")


def test_linear_backward(rng, ag, torch):
    anp, grad = ag
    A_prev = rng.standard_normal((6, 5))
    W, b = rng.standard_normal((4, 6)), rng.standard_normal((4, 1))
    dZ = rng.standard_normal((4, 5))
    _, cache = opt.linear_forward(A_prev, W, b)
    analytic = opt.linear_backward(dZ, cache, W, b)

    def forward(_):
        return opt.linear_forward(A_prev, W, b)[0]

    numeric = [eval_numerical_gradient_array(forward, x, dZ) for x in (A_prev, W, b)]
    auto = grad(lambda args: anp.sum((anp.dot(args[1], args[0]) + args[2]) * dZ))([A_prev, W, b])
    tg = torch_grads(torch, lambda a, w, bb: ((w @ a + bb) * torch.tensor(dZ)).sum(), [A_prev, W, b])
    names = ["dA_prev", "dW", "db"]
    assert_grads_match(analytic, numeric, names, NUM_TOL, "numerical")
    assert_grads_match(analytic, auto, names, AD_TOL, "autograd")
    assert_grads_match(analytic, tg, names, AD_TOL, "torch")


# --------------------------------------------------------------------------
# one layer
# --------------------------------------------------------------------------
@pytest.mark.parametrize("activation, drop_prob, with_bnorm", [
    ("relu", 0.3, True), ("linear", 0.3, True), ("relu", 0.0, False), ("linear", 0.0, True),
    ("relu", 0.5, False)])
def test_layer_backward(rng, ag, torch, activation, drop_prob, with_bnorm):
    anp, grad = ag
    n_prev, n, m = 5, 4, 6
    A_prev = rng.standard_normal((n_prev, m))
    W, b = rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1)) * 0.1
    beta, gamma = ((rng.standard_normal((n, 1)), rng.standard_normal((n, 1))) if with_bnorm
                   else (np.asarray([]), np.asarray([])))
    dA = rng.standard_normal((n, m))
    spec = {"dims": [n_prev, n], "drops": [drop_prob]}
    (mask,) = dropout_masks(spec, m, SEED)

    def forward(_):
        np.random.seed(SEED)
        return opt.layer_forward(A_prev, W, b, activation, drop_prob, beta, gamma, 'train')[0]

    np.random.seed(SEED)
    _, cache = opt.layer_forward(A_prev, W, b, activation, drop_prob, beta, gamma, 'train')
    dA_prev, dW, db, dbeta, dgamma = opt.layer_backward(dA, cache, W, b, activation)
    if not with_bnorm:
        assert dbeta == [] and dgamma == []
    inputs = [A_prev, W, b] + ([beta, gamma] if with_bnorm else [])
    analytic = [dA_prev, dW, db] + ([dbeta, dgamma] if with_bnorm else [])
    names = ["dA_prev", "dW", "db", "dbeta", "dgamma"]

    numeric = [eval_numerical_gradient_array(forward, x, dA) for x in inputs]
    assert_grads_match(analytic, numeric, names, NUM_TOL, "numerical")

    def ag_layer(args):
        out = anp.dot(args[1], args[0]) + args[2]
        if activation == "relu":
            out = anp.maximum(out, 0.0)
        if with_bnorm:
            out = ag_batchnorm(anp, out, args[3], args[4])
        if mask is not None:
            out = out * mask
        return anp.sum(out * dA)

    assert_grads_match(analytic, grad(ag_layer)(inputs), names, AD_TOL, "autograd")

    def torch_layer(a, w, bb, *bn):
        out = w @ a + bb
        if activation == "relu":
            out = torch.relu(out)
        if with_bnorm:
            out = torch_batchnorm(torch, out, *bn)
        if mask is not None:
            out = out * torch.tensor(mask)
        return (out * torch.tensor(dA)).sum()

    assert_grads_match(analytic, torch_grads(torch, torch_layer, inputs), names, AD_TOL, "torch")


# --------------------------------------------------------------------------
# whole networks
# --------------------------------------------------------------------------
NETWORKS = {
    "bnorm-and-dropout": {"dims": [6, 5, 4, 3], "acts": ["relu", "relu", "linear"],
                          "drops": [0.2, 0.0, 0.3], "bnorm": [1, 0, 1], "m": 7},
    "training-config": {"dims": [8, 6, 5, 4], "acts": ["relu", "relu", "linear"],
                        "drops": [0.0, 0.0, 0.0], "bnorm": [1, 1, 1], "m": 9},
    "deep-all-dropout": {"dims": [4, 5, 5, 4, 3], "acts": ["relu", "linear", "relu", "linear"],
                         "drops": [0.25, 0.25, 0.1, 0.0], "bnorm": [0, 1, 1, 0], "m": 6},
    "single-sample": {"dims": [4, 3, 2], "acts": ["relu", "linear"],
                      "drops": [0.0, 0.5], "bnorm": [0, 0], "m": 1},
}


def trainable_keys(p, spec):
    keys = []
    for l in range(1, len(spec["dims"])):
        keys += [f"W{l}", f"b{l}"]
        if spec["bnorm"][l - 1]:
            keys += [f"bnorm_beta{l}", f"bnorm_gamma{l}"]
    return keys


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_multi_layer_backward(rng, ag, torch, name):
    anp, grad = ag
    spec = NETWORKS[name]
    m = spec["m"]
    np.random.seed(SEED)
    p = opt.initialize_network(spec["dims"], spec["acts"], spec["drops"])
    p = opt.initialize_velocity(p, True)
    p = opt.initialize_bnorm_params(p, spec["bnorm"], True)
    X = rng.standard_normal((spec["dims"][0], m))
    Y = rng.integers(0, spec["dims"][-1], size=(1, m)).astype(float)

    def reference_loss(_=None):
        np.random.seed(SEED)                 # same dropout masks every time
        AL, caches = opt.multi_layer_forward(X, p, 'train')
        _, soft_cache, loss = opt.softmax_cross_entropy_loss(AL, Y)
        return loss, AL, caches, soft_cache

    loss, AL, caches, soft_cache = reference_loss()
    grads = opt.multi_layer_backward(opt.softmax_cross_entropy_loss_der(Y, soft_cache), caches, p)
    keys = trainable_keys(p, spec)
    masks = dropout_masks(spec, m, SEED)

    analytic = [grads["d" + key] for key in keys]
    numeric = [eval_numerical_gradient(lambda _: reference_loss()[0], p[key]) for key in keys]
    assert_grads_match(analytic, numeric, keys, NUM_TOL, "numerical")

    params = {k: p[k] for k in keys}
    assert ag_network_loss(anp, params, X, Y, spec, masks) == pytest.approx(loss, rel=1e-12)
    auto = grad(lambda ps: ag_network_loss(anp, ps, X, Y, spec, masks))(params)
    assert_grads_match(analytic, [auto[key] for key in keys], keys, AD_TOL, "autograd")

    tensors = {k: torch.tensor(p[k], requires_grad=True) for k in keys}
    t_loss = torch_network_loss(torch, tensors, X, Y, spec, masks)
    assert t_loss.item() == pytest.approx(loss, rel=1e-12)
    t_loss.backward()
    assert_grads_match(analytic, [tensors[key].grad.numpy() for key in keys], keys, AD_TOL, "torch")


# --------------------------------------------------------------------------
# the momentum-Adam update
# --------------------------------------------------------------------------
def hand_adam(theta, grads, alpha, beta, beta2, eps):
    """The spec's recurrence, written out; returns the trajectory of theta."""
    V = np.zeros_like(theta)
    G = np.zeros_like(theta)
    out = []
    for g in grads:
        V = beta * V + (1 - beta) * g
        G = beta2 * G + (1 - beta2) * g * g
        theta = theta - alpha * V / np.sqrt(G + eps)
        out.append(theta)
    return out


@pytest.mark.parametrize("beta, beta2, eps", [(0.9, 0.99, 1e-8), (0.5, 0.9, 1e-4)])
def test_update_matches_hand_recurrence(rng, beta, beta2, eps):
    spec = NETWORKS["bnorm-and-dropout"]
    np.random.seed(SEED)
    p = opt.initialize_network(spec["dims"], spec["acts"], spec["drops"])
    p = opt.initialize_velocity(p, True)
    p = opt.initialize_bnorm_params(p, spec["bnorm"], True)
    keys = trainable_keys(p, spec)
    start = {k: p[k].copy() for k in keys}
    steps = [{"d" + k: rng.standard_normal(p[k].shape) * 10.0 ** rng.integers(-4, 1) for k in keys}
             for _ in range(6)]
    for g in steps:
        for l in (2,):                                  # layer without batchnorm
            g[f"dbnorm_beta{l}"] = []
            g[f"dbnorm_gamma{l}"] = []
    alphas = [0.01, 0.01, 0.005, 0.005, 0.002, 0.002]   # a decaying learning rate
    for g, alpha in zip(steps, alphas):
        p = opt.update_parameters_with_momentum_Adam(p, g, alpha, beta=beta, beta2=beta2, eps=eps)
    for k in keys:
        theta = start[k]
        V = np.zeros_like(theta)
        G = np.zeros_like(theta)
        for g, alpha in zip(steps, alphas):
            V = beta * V + (1 - beta) * g["d" + k]
            G = beta2 * G + (1 - beta2) * g["d" + k] ** 2
            theta = theta - alpha * V / np.sqrt(G + eps)
        np.testing.assert_allclose(p[k], theta, rtol=1e-13, atol=1e-15, err_msg=k)
        vk, gk = (("V" + k, "G" + k) if k.startswith("bnorm") else ("Vd" + k, "Gd" + k))
        np.testing.assert_allclose(p[vk], V, rtol=1e-13, atol=1e-300, err_msg=vk)
        np.testing.assert_allclose(p[gk], G, rtol=1e-13, atol=1e-300, err_msg=gk)


def test_update_is_not_torch_adam(rng, torch):
    """Informational: the spec's update has no bias correction and puts eps inside the sqrt.

    It is therefore NOT torch.optim.Adam (nor textbook Adam): do not "fix" it.
    """
    theta0 = rng.standard_normal((3, 4))
    grads = [rng.standard_normal((3, 4)) * 1e-3 for _ in range(5)]
    alpha = 1e-2
    ours = hand_adam(theta0, grads, alpha, 0.9, 0.99, 1e-8)

    p = {"numLayers": 1, "W1": theta0.copy(), "b1": np.zeros((3, 1))}
    p = opt.initialize_velocity(p, True)
    p = opt.initialize_bnorm_params(p, [0], True)
    for g in grads:
        p = opt.update_parameters_with_momentum_Adam(p, {"dW1": g, "db1": np.zeros((3, 1)),
                                                         "dbnorm_beta1": [], "dbnorm_gamma1": []}, alpha)
    np.testing.assert_allclose(p["W1"], ours[-1], rtol=1e-13)

    t = torch.tensor(theta0, requires_grad=True)
    adam = torch.optim.Adam([t], lr=alpha, betas=(0.9, 0.99), eps=1e-8)
    torch_traj = []
    for g in grads:
        t.grad = torch.tensor(g)
        adam.step()
        torch_traj.append(t.detach().numpy().copy())
    # textbook Adam, for the record: bias-corrected moments, eps outside the sqrt
    V = np.zeros_like(theta0)
    G = np.zeros_like(theta0)
    theta = theta0
    for k, g in enumerate(grads, start=1):
        V = 0.9 * V + 0.1 * g
        G = 0.99 * G + 0.01 * g * g
        theta = theta - alpha * (V / (1 - 0.9 ** k)) / (np.sqrt(G / (1 - 0.99 ** k)) + 1e-8)
    np.testing.assert_allclose(torch_traj[-1], theta, rtol=1e-12)
    # the spec's steps are visibly different from Adam's
    step_ours = ours[-1] - theta0
    step_adam = torch_traj[-1] - theta0
    assert grad_error(step_ours, step_adam) > 1e-2
