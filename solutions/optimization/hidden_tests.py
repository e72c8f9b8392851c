"""Hidden tests of the ``optimization`` assignment, as data-only cases.

Each suite builds fresh random cases from a ``numpy.random.Generator`` (never
the global RNG). Cases cover several shapes, including m = 1 and a large
batch, and the edge cases of the spec: empty batchnorm parameters,
``drop_prob = 0``, a bad ``mode``, logits of magnitude 1000, float labels,
plain lists, no in-place modification of inputs (``pure``) and the exact
order of seeded random draws (``rng_probe``). The trusted grader runs the
same cases with ``solutions.optimization`` and compares.
"""

from __future__ import annotations

import functools

import numpy as np

from course_lib.grading.program import call, case, ref, value_case
from course_lib.grading.suite import Suite

SHAPES = [(4, 1), (3, 5), (10, 64), (32, 257)]  # includes m = 1 and a large batch


def key(prefix: str, layer: int) -> str:
    """The parameters-dict key of ``prefix`` for a layer (e.g. ``key("VdW", 2) == "VdW2"``)."""
    return f"{prefix}{layer}"


def _seed(rng) -> int:
    return int(rng.integers(0, 2**31 - 1))


def _labels(rng, n_classes, m, as_float=True):
    y = rng.integers(0, n_classes, size=(1, m))
    return y.astype(np.float64) if as_float else y


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _network(rng, dims, acts, drops, bnorm, momentum=True, adam_state=False):
    """A complete ``parameters`` dict for a network, with random values everywhere."""
    L = len(dims) - 1
    P = {"numLayers": L}
    for l in range(1, L + 1):
        n_out, n_in = dims[l], dims[l - 1]
        P[key("act", l)] = acts[l - 1]
        P[key("dropout", l)] = drops[l - 1]
        P[key("W", l)] = rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
        P[key("b", l)] = 0.1 * rng.standard_normal((n_out, 1))
    P["apply_momentum"] = momentum
    if momentum:
        for l in range(1, L + 1):
            for t in ("W", "b"):
                shape = P[key(t, l)].shape
                P[key("Vd" + t, l)] = 0.01 * rng.standard_normal(shape) if adam_state else np.zeros(shape)
                P[key("Gd" + t, l)] = 1e-3 * rng.random(shape) if adam_state else np.zeros(shape)
    P["bnorm_list"] = list(bnorm)
    for l in range(1, L + 1):
        n = dims[l]
        for t in ("beta", "gamma"):
            if bnorm[l - 1]:
                base = 1.0 if t == "gamma" else 0.0
                P[key("bnorm_" + t, l)] = base + 0.3 * rng.standard_normal((n, 1))
                if momentum:
                    P[key("Vbnorm_" + t, l)] = 0.01 * rng.standard_normal((n, 1)) if adam_state else np.zeros((n, 1))
                    P[key("Gbnorm_" + t, l)] = 1e-3 * rng.random((n, 1)) if adam_state else np.zeros((n, 1))
            else:
                for prefix in ("bnorm_", "Vbnorm_", "Gbnorm_"):
                    P[key(prefix + t, l)] = np.asarray([])
    return P


def _gradients(rng, P):
    G = {}
    for l in range(1, P["numLayers"] + 1):
        for t in ("W", "b"):
            G[key("d" + t, l)] = rng.standard_normal(P[key(t, l)].shape)
        for t in ("beta", "gamma"):
            p = P[key("bnorm_" + t, l)]
            G[key("dbnorm_" + t, l)] = rng.standard_normal(p.shape) if p.size else []
    return G


# --- activations -------------------------------------------------------------

def relu_cases(rng):
    cases = []
    for shape in SHAPES:
        Z = rng.standard_normal(shape)
        Z.flat[:: max(1, Z.size // 3)] = 0.0  # exact zeros
        cases.append(case(f"array of shape {shape}", call("relu", Z, select=[[0], [1, "Z"]])))
    cases.append(case("a plain Python list", call("relu", [[-1.5, 0.0, 2.0], [3.0, -4.0, 0.5]], select=[[0]])))
    return cases


def relu_der_cases(rng):
    cases = []
    for shape in SHAPES:
        Z = rng.standard_normal(shape)
        Z.flat[:: max(1, Z.size // 3)] = 0.0
        cases.append(case(f"shape {shape}", call("relu_der", rng.standard_normal(shape), {"Z": Z})))
    return cases


# --- softmax -----------------------------------------------------------------

def softmax_cases(rng):
    cases = []
    for n, m in [(10, 1), (3, 7), (10, 500)]:
        Z = rng.standard_normal((n, m)) * 3
        cases.append(case(f"{n} classes, {m} samples, float labels",
                          call("softmax_cross_entropy_loss", Z, _labels(rng, n, m))))
    # Whole columns near +1000 (exp overflows without the shift) and near -1000 (exp underflows to 0/0
    # without the shift, or with one global maximum). The spread within a column stays moderate, so
    # the textbook -log(A[label]) after the shift is as right as log-sum-exp.
    signs = rng.permutation([-1.0, 1.0] * 3)
    Z = 1000.0 * signs + 3.0 * rng.standard_normal((5, 6))
    cases.append(case("logits of magnitude 1000", call("softmax_cross_entropy_loss", Z, _labels(rng, 5, 6))))
    cases.append(case("integer labels", call("softmax_cross_entropy_loss", rng.standard_normal((4, 9)),
                                               _labels(rng, 4, 9, as_float=False))))
    cases.append(case("no labels (Y empty)", call("softmax_cross_entropy_loss", rng.standard_normal((6, 4)))))
    return cases


def softmax_der_cases(rng):
    cases = []
    for n, m in [(10, 1), (3, 7), (10, 500)]:
        A = _softmax(rng.standard_normal((n, m)))
        cases.append(case(f"{n} classes, {m} samples", call("softmax_cross_entropy_loss_der",
                                                             _labels(rng, n, m), {"A": A})))
    return cases


# --- dropout -----------------------------------------------------------------

def dropout_cases(rng):
    cases = []
    for shape, p in [((5, 3), 0.3), ((4, 1), 0.5), ((100, 64), 0.2), ((20, 10), 0.9)]:
        cases.append(case(f"train mode, shape {shape}, drop_prob {p}",
                          call("dropout", rng.standard_normal(shape), p, "train", seed=_seed(rng), rng_probe=True)))
    cases.append(case("test mode", call("dropout", rng.standard_normal((6, 5)), 0.4, "test",
                                        seed=_seed(rng), rng_probe=True)))
    cases.append(case("drop_prob 0 in train mode", call("dropout", rng.standard_normal((6, 5)), 0, "train",
                                                       seed=_seed(rng), rng_probe=True)))
    cases.append(case("default mode", call("dropout", rng.standard_normal((3, 4)), 0.5, seed=_seed(rng),
                                           rng_probe=True)))
    cases.append(case("an unknown mode", call("dropout", rng.standard_normal((3, 4)), 0.5, "eval")))
    return cases


def dropout_der_cases(rng):
    cases = []
    for shape, p in [((5, 3), 0.3), ((4, 1), 0.5), ((100, 64), 0.2)]:
        mask = (rng.random(shape) < 1 - p) / (1 - p)
        cases.append(case(f"train mode, shape {shape}", call("dropout_der", rng.standard_normal(shape),
                                                             (p, "train", mask))))
    cases.append(case("test mode", call("dropout_der", rng.standard_normal((6, 5)), (0.4, "test", None))))
    cases.append(case("drop_prob 0", call("dropout_der", rng.standard_normal((6, 5)), (0, "train", None))))
    cases.append(case("an unknown mode", call("dropout_der", rng.standard_normal((3, 4)),
                                              (0.5, "eval", np.ones((3, 4))))))
    return cases


# --- batchnorm ---------------------------------------------------------------

def _bn_inputs(rng, n, m, offset=0.0):
    A = offset + rng.standard_normal((n, m)) * rng.uniform(0.5, 3.0, size=(n, 1))
    return A, rng.standard_normal((n, 1)), 1.0 + 0.5 * rng.standard_normal((n, 1))


def batchnorm_cases(rng):
    cases = []
    for n, m in SHAPES:
        A, beta, gamma = _bn_inputs(rng, n, m, offset=rng.uniform(-2, 2))
        cases.append(case(f"shape ({n}, {m})", call("batchnorm", A, beta, gamma, select=[[0]])))
    # Rows whose variance is comparable to epsilon: the value and place of epsilon = 1e-5 matter here.
    A = rng.uniform(-1, 1, size=(6, 1)) + 3e-3 * rng.standard_normal((6, 20)) * rng.uniform(0.3, 2, size=(6, 1))
    cases.append(case("rows with a variance close to epsilon",
                      call("batchnorm", A, rng.standard_normal((6, 1)), 1.0 + 0.5 * rng.standard_normal((6, 1)),
                           select=[[0]])))
    A = rng.standard_normal((5, 4))
    cases.append(case("empty beta and gamma (no batchnorm)",
                      call("batchnorm", A, np.asarray([]), np.asarray([]), select=[[0], [1]])))
    return cases


def batchnorm_der_cases(rng):
    cases = []
    for n, m in SHAPES:
        A, beta, gamma = _bn_inputs(rng, n, m)
        dA = rng.standard_normal((n, m))
        cases.append(case(f"shape ({n}, {m})", call("batchnorm", A, beta, gamma, record=False),
                          call("batchnorm_der", dA, ref(0, 1), pure=True)))
    cases.append(case("empty cache (no batchnorm)", call("batchnorm_der", rng.standard_normal((4, 3)), {})))
    return cases


# --- initialisation ----------------------------------------------------------

NETS = [([5, 4, 3], ["relu", "linear"], [0, 0.2]),
        ([3, 2], ["linear"], [0]),
        ([12, 8, 6, 4], ["relu", "relu", "linear"], [0.1, 0, 0])]


def init_network_cases(rng):
    return [case(f"net_dims {dims}", call("initialize_network", dims, acts, drops, seed=_seed(rng),
                                          rng_probe=True))
            for dims, acts, drops in NETS]


def _weights_only(rng, dims):
    P = {"numLayers": len(dims) - 1}
    for l in range(1, len(dims)):
        P[key("W", l)] = rng.standard_normal((dims[l], dims[l - 1]))
        P[key("b", l)] = rng.standard_normal((dims[l], 1))
    return P


def init_velocity_cases(rng):
    cases = []
    for dims, _, _ in NETS:
        for momentum in (True, False):
            cases.append(case(f"net_dims {dims}, apply_momentum={momentum}",
                              call("initialize_velocity", _weights_only(rng, dims), momentum, pure=False,
                                   strict=True)))
    cases.append(case("default apply_momentum", call("initialize_velocity", _weights_only(rng, [4, 3]),
                                                    pure=False, strict=True)))
    return cases


def init_bnorm_cases(rng):
    cases = []
    for (dims, _, _), flags in zip(NETS, ([1, 1], [0], [1, 0, 1])):
        for momentum in (True, False):
            cases.append(case(f"net_dims {dims}, bnorm_list {flags}, apply_momentum={momentum}",
                              call("initialize_bnorm_params", _weights_only(rng, dims), flags, momentum,
                                   seed=_seed(rng), rng_probe=True, pure=False, strict=True)))
    return cases


# --- forward -----------------------------------------------------------------

def linear_forward_cases(rng):
    cases = []
    for n_in, m in SHAPES:
        n_out = int(rng.integers(1, 8))
        cases.append(case(f"A_prev of shape ({n_in}, {m})",
                          call("linear_forward", rng.standard_normal((n_in, m)),
                               rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1)))))
    return cases


LAYER_CONFIGS = [("relu", 0, True, "train"), ("linear", 0, False, "train"), ("relu", 0.3, True, "train"),
                 ("relu", 0.3, False, "test"), ("linear", 0.5, True, "train")]


def _layer_inputs(rng, n_in, n_out, m, bn):
    A = rng.standard_normal((n_in, m))
    W = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)
    b = 0.1 * rng.standard_normal((n_out, 1))
    beta = rng.standard_normal((n_out, 1)) if bn else np.asarray([])
    gamma = 1 + 0.3 * rng.standard_normal((n_out, 1)) if bn else np.asarray([])
    return A, W, b, beta, gamma


def layer_forward_cases(rng):
    cases = []
    for (act, p, bn, mode), m in zip(LAYER_CONFIGS, (3, 1, 50, 7, 20)):
        A, W, b, beta, gamma = _layer_inputs(rng, 6, 5, m, bn)
        cases.append(case(f"{act}, drop_prob {p}, batchnorm {'on' if bn else 'off'}, mode {mode}, m={m}",
                          call("layer_forward", A, W, b, act, p, beta, gamma, mode, seed=_seed(rng),
                               rng_probe=True, select=[[0], [1, "lin_cache"], [1, "act_cache"],
                                                       [1, "drop_cache"]])))
    return cases


FORWARD_NETS = [([6, 5, 4, 3], ["relu", "relu", "linear"], [0, 0.2, 0], [1, 0, 1]),
                ([8, 3], ["linear"], [0], [0]),
                ([10, 9, 4], ["relu", "linear"], [0.3, 0], [1, 1])]


def _layer_caches(num_layers):
    """Select the spec-fixed parts of each layer's cache (the batchnorm cache is the implementer's choice)."""
    return [[1, i, part] for i in range(num_layers) for part in ("lin_cache", "act_cache", "drop_cache")]


def multi_forward_cases(rng):
    cases = []
    runs = [(FORWARD_NETS[0], 9, "train"), (FORWARD_NETS[1], 1, "test"), (FORWARD_NETS[2], 40, "train"),
            (FORWARD_NETS[2], 12, "test")]          # the last one: dropout layers in test mode
    for (dims, acts, drops, bn), m, mode in runs:
        P = _network(rng, dims, acts, drops, bn)
        cases.append(case(f"net {dims}, mode {mode}, m={m}",
                          call("multi_layer_forward", rng.standard_normal((dims[0], m)), P, mode,
                               seed=_seed(rng), rng_probe=True, select=[[0]] + _layer_caches(len(dims) - 1))))
    return cases


# --- backward ----------------------------------------------------------------

def linear_backward_cases(rng):
    cases = []
    for n_in, m in SHAPES:
        n_out = int(rng.integers(1, 8))
        W, b = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1))
        cases.append(case(f"A_prev of shape ({n_in}, {m})",
                          call("linear_backward", rng.standard_normal((n_out, m)),
                               {"A": rng.standard_normal((n_in, m))}, W, b)))
    return cases


def layer_backward_cases(rng):
    cases = []
    for (act, p, bn, mode), m in zip(LAYER_CONFIGS, (3, 1, 50, 7, 20)):
        A, W, b, beta, gamma = _layer_inputs(rng, 6, 5, m, bn)
        cases.append(case(f"{act}, drop_prob {p}, batchnorm {'on' if bn else 'off'}, mode {mode}, m={m}",
                          call("layer_forward", A, W, b, act, p, beta, gamma, mode, seed=_seed(rng),
                               record=False),
                          call("layer_backward", rng.standard_normal((5, m)), ref(0, 1), W, b, act)))
    return cases


def multi_backward_cases(rng):
    cases = []
    for (dims, acts, drops, bn), m in zip(FORWARD_NETS, (9, 1, 40)):
        P = _network(rng, dims, acts, drops, bn)
        cases.append(case(f"net {dims}, m={m}",
                          call("multi_layer_forward", rng.standard_normal((dims[0], m)), P, "train",
                               seed=_seed(rng), record=False),
                          call("multi_layer_backward", rng.standard_normal((dims[-1], m)), ref(0, 1), P)))
    return cases


# --- update ------------------------------------------------------------------

def update_cases(rng):
    cases = []
    for (dims, acts, drops, bn), momentum in zip(FORWARD_NETS, (True, False, True)):
        P = _network(rng, dims, acts, drops, bn, momentum=momentum, adam_state=True)
        cases.append(case(f"net {dims}, apply_momentum={momentum}",
                          call("update_parameters_with_momentum_Adam", P, _gradients(rng, P), 0.01,
                               pure=False)))
    P = _network(rng, [5, 4, 3], ["relu", "linear"], [0, 0], [1, 0], adam_state=True)
    cases.append(case("beta, beta2 and eps given",
                      call("update_parameters_with_momentum_Adam", P, _gradients(rng, P), 0.05,
                           0.8, 0.95, 1e-6, pure=False)))
    P = _network(rng, [4, 3, 2], ["relu", "linear"], [0, 0], [1, 1])
    tiny = {k: 1e-4 * g if np.size(g) else g for k, g in _gradients(rng, P).items()}
    cases.append(case("tiny gradients from zero state (eps matters)",
                      call("update_parameters_with_momentum_Adam", P, tiny, 0.01, pure=False)))
    P = _network(rng, [4, 3, 2], ["relu", "linear"], [0, 0], [1, 1])
    cases.append(case("three steps in a row from zero state",
                      call("update_parameters_with_momentum_Adam", P, _gradients(rng, P), 0.02, pure=False,
                           record=False),
                      call("update_parameters_with_momentum_Adam", ref(0), _gradients(rng, P), 0.02,
                           pure=False, record=False),
                      call("update_parameters_with_momentum_Adam", ref(1), _gradients(rng, P), 0.02,
                           pure=False)))
    return cases


# --- training and prediction -------------------------------------------------

def _blobs(rng, n, m, k):
    centres = 2.0 * rng.standard_normal((n, k))
    y = rng.integers(0, k, size=m)
    return centres[:, y] + rng.standard_normal((n, m)), y[None, :].astype(np.float64)


def network_cases(rng):
    X, Y = _blobs(rng, 12, 150, 4)
    X2, Y2 = _blobs(rng, 6, 10, 3)
    X3, Y3 = _blobs(rng, 8, 96, 5)
    return [
        case("momentum on, batchnorm and dropout, last minibatch smaller",
             call("multi_layer_network", X, Y, [12, 10, 8, 4], ["relu", "relu", "linear"], [0, 0.2, 0],
                  [1, 0, 1], num_epochs=3, batch_size=32, learning_rate=0.01, decay_rate=0.1,
                  apply_momentum=True, log=False, log_step=2, seed=_seed(rng), rng_probe=True),
             rtol=1e-5, atol=1e-8),
        case("plain gradient descent, fewer samples than one batch",
             call("multi_layer_network", X2, Y2, [6, 5, 3], ["relu", "linear"], [0, 0], [0, 0],
                  num_epochs=4, batch_size=64, learning_rate=0.1, decay_rate=0.5, apply_momentum=False,
                  log=False, log_step=1, seed=_seed(rng), rng_probe=True),
             rtol=1e-5, atol=1e-8),
        case("batch size divides the data, default learning rate",
             call("multi_layer_network", X3, Y3, [8, 7, 5], ["relu", "linear"], [0, 0], [1, 1],
                  num_epochs=2, batch_size=16, log=False, log_step=3, seed=_seed(rng), rng_probe=True),
             rtol=1e-5, atol=1e-8),
    ]


def classify_cases(rng):
    cases = []
    for (dims, acts, drops, bn), m in zip(FORWARD_NETS, (30, 1, 200)):
        P = _network(rng, dims, acts, drops, bn)
        cases.append(case(f"net {dims}, m={m}", call("classify", rng.standard_normal((dims[0], m)) * 2, P,
                                                     seed=_seed(rng), rng_probe=True, strict=True)))
    # mode is passed on to the forward pass: in 'train' mode dropout is active (seeded draws)
    dims, acts = [12, 10, 6, 4], ["relu", "relu", "linear"]
    P = _network(rng, dims, acts, [0.5, 0.5, 0], [0, 0, 0])
    cases.append(case("mode='train' with dropout 0.5 in two layers",
                      call("classify", rng.standard_normal((dims[0], 40)) * 2, P, mode="train",
                           seed=_seed(rng), rng_probe=True)))
    return cases


TRAIN_BAR = 0.95


def _accuracy(parameters, X, Y):
    from .reference import classify

    return float(np.mean(classify(X, parameters) == Y.astype(int)))


@functools.lru_cache(maxsize=1)
def _mnist():
    from course_lib.data import get_mnist

    return get_mnist()


def evaluate_training(parameters) -> list:
    """Accuracy of the student's trained network, computed with the reference ``classify``."""
    if not isinstance(parameters, dict):
        return [f"`parameters` should be the dict returned by multi_layer_network, not a "
                f"{type(parameters).__name__}."]
    data = _mnist()
    try:
        with np.errstate(all="ignore"):
            train = _accuracy(parameters, data.train_images, data.train_labels)
            test = _accuracy(parameters, data.test_images, data.test_labels)
    except Exception as exc:  # a malformed parameters dict
        return [f"the trained `parameters` could not be evaluated ({type(exc).__name__}: {str(exc)[:200]})."]
    if train >= TRAIN_BAR and test >= TRAIN_BAR:
        return []
    return [f"the trained network reaches {train:.2%} train and {test:.2%} test accuracy on "
            f"{data.variant} MNIST; both must be at least {TRAIN_BAR:.0%}."]


SUITES = {s.name: s for s in [
    Suite("relu", relu_cases),
    Suite("relu_der", relu_der_cases),
    Suite("softmax_cross_entropy_loss", softmax_cases),
    Suite("softmax_cross_entropy_loss_der", softmax_der_cases),
    Suite("dropout", dropout_cases),
    Suite("dropout_der", dropout_der_cases),
    Suite("batchnorm", batchnorm_cases),
    Suite("batchnorm_der", batchnorm_der_cases),
    Suite("initialize_network", init_network_cases),
    Suite("initialize_velocity", init_velocity_cases),
    Suite("initialize_bnorm_params", init_bnorm_cases),
    Suite("linear_forward", linear_forward_cases),
    Suite("layer_forward", layer_forward_cases),
    Suite("multi_layer_forward", multi_forward_cases),
    Suite("linear_backward", linear_backward_cases),
    Suite("layer_backward", layer_backward_cases),
    Suite("multi_layer_backward", multi_backward_cases),
    Suite("update_parameters_with_momentum_Adam", update_cases),
    Suite("multi_layer_network", network_cases),
    Suite("classify", classify_cases),
    Suite("training", lambda rng: [value_case("the trained network", "parameters")],
          evaluate=evaluate_training),
]}
