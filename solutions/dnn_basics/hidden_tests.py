"""Hidden tests of the ``dnn_basics`` assignment, as data-only cases.

Each suite builds fresh random cases from a ``numpy.random.Generator`` (never
the global RNG). Cases cover several shapes, including m = 1 and a
single-layer network, and the spec's points: the seeds the initialisers set
themselves (``rng_probe``), the exact keys of the dicts (``strict``), the cache
structure ``(linear_cache, activation_cache)`` with ``linear_cache = (A, W, b)``,
``caches`` as a list of L entries, a ``ValueError`` for an unknown activation,
a 0-d cost, the ``grads`` keys, labels given as (m,) to ``L_model_backward``,
the strict 0.5 threshold of ``predict``, and ``update_parameters`` in place or
not (the returned dict is compared). The trusted grader runs the same cases
with ``solutions.dnn_basics`` and compares.
"""

from __future__ import annotations

import functools

import numpy as np

from course_lib.grading.program import call, case, ref, value_case
from course_lib.grading.suite import Suite

SHAPES = [(4, 1), (3, 5), (10, 64), (30, 257)]  # (n_prev, m): includes m = 1 and a large batch
NETS = [[5, 1], [4, 3, 1], [6, 5, 4, 1], [12, 8, 6, 3, 1]]   # L = 1 .. 4


def key(prefix: str, layer: int) -> str:
    """The dict key of ``prefix`` for a layer (``key("dW", 2) == "dW2"``)."""
    return f"{prefix}{layer}"


def _seed(rng) -> int:
    return int(rng.integers(0, 2**31 - 1))


def _labels(rng, m):
    return rng.integers(0, 2, size=(1, m))


def _network(rng, dims, scale=1.0):
    P = {}
    for l in range(1, len(dims)):
        P[key("W", l)] = scale * rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        P[key("b", l)] = 0.3 * rng.standard_normal((dims[l], 1))
    return P


# --- initialisation ------------------------------------------------------------

def init_cases(rng):
    sizes = [(3, 2, 1), (1, 1, 1), (12, 7, 1), (int(rng.integers(2, 30)), int(rng.integers(1, 10)), 2)]
    return [case(f"n_x={n_x}, n_h={n_h}, n_y={n_y}",
                 call("initialize_parameters", n_x, n_h, n_y, seed=_seed(rng), rng_probe=True, strict=True))
            for n_x, n_h, n_y in sizes]


def init_deep_cases(rng):
    dims_list = [[5, 4, 3], [7, 1], [12, 8, 6, 3, 1], [int(rng.integers(2, 40)), int(rng.integers(1, 9)), 1]]
    return [case(f"layer_dims {dims}",
                 call("initialize_parameters_deep", dims, seed=_seed(rng), rng_probe=True, strict=True))
            for dims in dims_list]


# --- forward -------------------------------------------------------------------

def linear_forward_cases(rng):
    cases = []
    for n_in, m in SHAPES:
        n_out = int(rng.integers(1, 8))
        cases.append(case(f"A of shape ({n_in}, {m})",
                          call("linear_forward", rng.standard_normal((n_in, m)),
                               rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1)))))
    return cases


def linear_activation_forward_cases(rng):
    cases = []
    for (n_in, m), activation in zip(SHAPES + [(6, 9)], ["relu", "sigmoid", "relu", "sigmoid", "relu"]):
        n_out = int(rng.integers(1, 8))
        cases.append(case(f"activation {activation!r}, A_prev of shape ({n_in}, {m})",
                          call("linear_activation_forward", rng.standard_normal((n_in, m)),
                               rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1)), activation)))
    for bad in ("tanh", "Sigmoid"):
        cases.append(case(f"an unknown activation {bad!r} (ValueError)",
                          call("linear_activation_forward", rng.standard_normal((3, 2)),
                               rng.standard_normal((2, 3)), rng.standard_normal((2, 1)), bad)))
    return cases


def L_model_forward_cases(rng):
    cases = []
    for dims, m in zip(NETS, (3, 1, 20, 50)):
        P = _network(rng, dims)
        cases.append(case(f"net {dims} (L = {len(dims) - 1}), m={m}",
                          call("L_model_forward", rng.standard_normal((dims[0], m)), P)))
    return cases


# --- cost ------------------------------------------------------------------------

def _probs(rng, m):
    return rng.uniform(0.02, 0.98, size=(1, m))


def compute_cost_cases(rng):
    cases = []
    for m in (1, 4, 100):
        cases.append(case(f"m={m}", call("compute_cost", _probs(rng, m), _labels(rng, m))))
    cases.append(case("float labels", call("compute_cost", _probs(rng, 7), _labels(rng, 7).astype(float))))
    cases.append(case("all labels 0", call("compute_cost", _probs(rng, 5), np.zeros((1, 5), dtype=int))))
    # A 0-d cost broadcasts against a 1-D array to that array's shape; a (1, 1) cost would give (1, 3).
    AL, Y = _probs(rng, 6), _labels(rng, 6)
    cases.append(case("the cost is a 0-d value: np.shape(cost) == () (use np.squeeze)",
                      call("compute_cost", AL, Y, record=False),
                      call("relu_backward", np.array([1.0, 2.0, 3.0]), ref(0))))
    return cases


# --- backward ----------------------------------------------------------------------

def linear_backward_cases(rng):
    cases = []
    for n_in, m in SHAPES:
        n_out = int(rng.integers(1, 8))
        cache = (rng.standard_normal((n_in, m)), rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1)))
        cases.append(case(f"A_prev of shape ({n_in}, {m})",
                          call("linear_backward", rng.standard_normal((n_out, m)), cache)))
    return cases


def linear_activation_backward_cases(rng):
    cases = []
    for (n_in, m), activation in zip(SHAPES + [(6, 9)], ["sigmoid", "relu", "sigmoid", "relu", "relu"]):
        n_out = int(rng.integers(1, 8))
        Z = rng.standard_normal((n_out, m))
        Z.flat[:: max(1, Z.size // 3)] = 0.0          # exact zeros: the ReLU derivative there is 0
        cache = ((rng.standard_normal((n_in, m)), rng.standard_normal((n_out, n_in)),
                  rng.standard_normal((n_out, 1))), Z)
        cases.append(case(f"activation {activation!r}, A_prev of shape ({n_in}, {m})",
                          call("linear_activation_backward", rng.standard_normal((n_out, m)), cache, activation)))
    cache = ((rng.standard_normal((3, 2)), rng.standard_normal((2, 3)), rng.standard_normal((2, 1))),
             rng.standard_normal((2, 2)))
    cases.append(case("an unknown activation 'tanh' (ValueError)",
                      call("linear_activation_backward", rng.standard_normal((2, 2)), cache, "tanh")))
    return cases


def _forward_caches(rng, dims, m):
    """Caches of a forward pass, built here (with the reference's structure) so only the backward pass is tested."""
    P = _network(rng, dims)
    A = rng.standard_normal((dims[0], m))
    caches = []
    L = len(dims) - 1
    for l in range(1, L + 1):
        W, b = P[key("W", l)], P[key("b", l)]
        Z = W @ A + b
        caches.append(((A, W, b), Z))
        A = np.maximum(0, Z) if l < L else 1 / (1 + np.exp(-Z))
    return A, caches


def L_model_backward_cases(rng):
    cases = []
    for dims, m in zip(NETS, (3, 1, 20, 50)):
        AL, caches = _forward_caches(rng, dims, m)
        cases.append(case(f"net {dims} (L = {len(dims) - 1}), m={m}",
                          call("L_model_backward", AL, _labels(rng, m), caches, strict=True)))
    AL, caches = _forward_caches(rng, [6, 4, 1], 8)
    cases.append(case("labels Y given with shape (m,)",
                      call("L_model_backward", AL, _labels(rng, 8).ravel(), caches, strict=True)))
    AL, caches = _forward_caches(rng, [5, 3, 1], 6)
    cases.append(case("labels Y given as a column of shape (m, 1) (reshape Y to AL.shape)",
                      call("L_model_backward", AL, _labels(rng, 6).reshape(6, 1), caches, strict=True)))
    return cases


# --- update --------------------------------------------------------------------------

def _grads(rng, dims, with_dA=False):
    G = {}
    for l in range(1, len(dims)):
        G[key("dW", l)] = rng.standard_normal((dims[l], dims[l - 1]))
        G[key("db", l)] = rng.standard_normal((dims[l], 1))
        if with_dA:
            G[key("dA", l - 1)] = rng.standard_normal((dims[l - 1], 3))
    return G


def update_cases(rng):
    cases = []
    for dims, lr, with_dA in zip(NETS, (0.1, 0.0075, 1.3, 0.05), (False, True, True, False)):
        cases.append(case(f"net {dims}, learning_rate {lr}{', grads holding dA too' if with_dA else ''}",
                          call("update_parameters", _network(rng, dims), _grads(rng, dims, with_dA), lr,
                               pure=False)))
    dims = [5, 4, 1]
    P = _network(rng, dims)
    cases.append(case("two updates in a row (the returned dict is passed on)",
                      call("update_parameters", P, _grads(rng, dims), 0.1, pure=False, record=False),
                      call("update_parameters", ref(0), _grads(rng, dims), 0.2, pure=False)))
    return cases


# --- models and prediction ------------------------------------------------------------

def _blobs(rng, n, m):
    w = rng.standard_normal((1, n))
    X = rng.standard_normal((n, m))
    Y = (w @ X + 0.3 * rng.standard_normal((1, m)) > 0).astype(int)
    return X, Y


def two_layer_cases(rng):
    X1, Y1 = _blobs(rng, 6, 30)
    X2, Y2 = _blobs(rng, 3, 1)
    X3, Y3 = _blobs(rng, 10, 40)
    return [
        case("layers_dims (6, 4, 1), 201 iterations",
             call("two_layer_model", X1, Y1, (6, 4, 1), learning_rate=0.3, num_iterations=201,
                  seed=_seed(rng), rng_probe=True), rtol=1e-5, atol=1e-8),
        case("one sample (m = 1), 150 iterations, print_cost=True",
             call("two_layer_model", X2, Y2, (3, 2, 1), learning_rate=0.5, num_iterations=150, print_cost=True,
                  seed=_seed(rng), rng_probe=True), rtol=1e-5, atol=1e-8),
        case("default learning rate, 301 iterations, layers_dims as a list",
             call("two_layer_model", X3, Y3, [10, 5, 1], num_iterations=301, seed=_seed(rng), rng_probe=True),
             rtol=1e-5, atol=1e-8),
        case("100 iterations (costs only at i = 0)",
             call("two_layer_model", X1, Y1, (6, 3, 1), learning_rate=0.1, num_iterations=100,
                  seed=_seed(rng)), rtol=1e-5, atol=1e-8),
    ]


def L_layer_cases(rng):
    X1, Y1 = _blobs(rng, 6, 30)
    X2, Y2 = _blobs(rng, 3, 1)
    X3, Y3 = _blobs(rng, 10, 40)
    return [
        case("layers_dims [6, 5, 4, 1], 201 iterations",
             call("L_layer_model", X1, Y1, [6, 5, 4, 1], learning_rate=0.2, num_iterations=201,
                  seed=_seed(rng), rng_probe=True), rtol=1e-5, atol=1e-8),
        case("one sample (m = 1), 2 layers, 150 iterations, print_cost=True",
             call("L_layer_model", X2, Y2, [3, 2, 1], learning_rate=0.5, num_iterations=150, print_cost=True,
                  seed=_seed(rng), rng_probe=True), rtol=1e-5, atol=1e-8),
        case("default learning rate, 301 iterations, 4 layers",
             call("L_layer_model", X3, Y3, [10, 6, 5, 3, 1], num_iterations=301, seed=_seed(rng),
                  rng_probe=True), rtol=1e-5, atol=1e-8),
        case("a single sigmoid layer [6, 1], 100 iterations",
             call("L_layer_model", X1, Y1, [6, 1], learning_rate=0.1, num_iterations=100, seed=_seed(rng)),
             rtol=1e-5, atol=1e-8),
    ]


def predict_cases(rng):
    cases = []
    for dims, m in zip(NETS, (7, 1, 30, 64)):
        cases.append(case(f"net {dims}, m={m}",
                          call("predict", 2 * rng.standard_normal((dims[0], m)), _labels(rng, m),
                               _network(rng, dims, scale=2.0))))
    P = _network(rng, [4, 3, 1])
    P["W2"], P["b2"] = np.zeros((1, 3)), np.zeros((1, 1))
    cases.append(case("AL exactly 0.5 everywhere (the threshold is strict)",
                      call("predict", rng.standard_normal((4, 5)), _labels(rng, 5), P)))
    return cases


# --- training results -------------------------------------------------------------------

BARS = {"parameters_2l": (0.58, 0.60), "parameters_L": (0.66, 0.66)}    # (train, test)


@functools.lru_cache(maxsize=1)
def _data():
    from course_lib.data import get_cat_noncat

    return get_cat_noncat()


def _accuracy(parameters, X, Y) -> float:
    from .reference import L_model_forward

    AL, _ = L_model_forward(X, parameters)
    return float(np.mean((AL > 0.5).astype(int) == Y))


def _evaluator(variable: str, what: str):
    bar_train, bar_test = BARS[variable]

    def evaluate(parameters) -> list:
        """Accuracy of the student's trained network, computed with the reference forward pass."""
        if not isinstance(parameters, dict):
            return [f"`{variable}` should be the parameters dict returned by the model, not a "
                    f"{type(parameters).__name__}."]
        data = _data()
        try:
            with np.errstate(all="ignore"):
                train = _accuracy(parameters, data.train_x, data.train_y)
                test = _accuracy(parameters, data.test_x, data.test_y)
        except Exception as exc:  # a malformed parameters dict
            return [f"`{variable}` could not be evaluated ({type(exc).__name__}: {str(exc)[:200]})."]
        if train >= bar_train and test >= bar_test:
            return []
        return [f"the trained {what} reaches {train:.1%} train and {test:.1%} test accuracy; at least "
                f"{bar_train:.0%} train and {bar_test:.0%} test are needed."]

    return evaluate


SUITES = {s.name: s for s in [
    Suite("initialize_parameters", init_cases),
    Suite("initialize_parameters_deep", init_deep_cases),
    Suite("linear_forward", linear_forward_cases),
    Suite("linear_activation_forward", linear_activation_forward_cases),
    Suite("L_model_forward", L_model_forward_cases),
    Suite("compute_cost", compute_cost_cases),
    Suite("linear_backward", linear_backward_cases),
    Suite("linear_activation_backward", linear_activation_backward_cases),
    Suite("L_model_backward", L_model_backward_cases),
    Suite("update_parameters", update_cases),
    Suite("two_layer_model", two_layer_cases),
    Suite("L_layer_model", L_layer_cases),
    Suite("predict", predict_cases),
    Suite("training_two_layer", lambda rng: [value_case("the trained 2-layer network", "parameters_2l")],
          evaluate=_evaluator("parameters_2l", "2-layer network")),
    Suite("training_L_layer", lambda rng: [value_case("the trained 4-layer network", "parameters_L")],
          evaluate=_evaluator("parameters_L", "4-layer network")),
]}
