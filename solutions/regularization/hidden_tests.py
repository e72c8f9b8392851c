"""Hidden tests of the ``regularization`` assignment, as data-only cases.

Each suite builds fresh random cases from a ``numpy.random.Generator`` (never
the global RNG). Cases cover several network sizes, m = 1, the spec's fixed
seeds (the global RNG is seeded with a random value before each graded call,
``seed=``, and probed after it, ``rng_probe=True``: functions that must call
``np.random.seed`` themselves are checked for it, and for the order of their
draws), no in-place change of inputs where the spec does not allow it, and
the spec's edge cases (``lambd = 0``, ``keep_prob = 1``, fewer samples than
one minibatch, a batch size that divides m). The trusted grader runs the same
cases with ``solutions.regularization`` and compares.
"""

from __future__ import annotations

import functools

import numpy as np

from course_lib.grading.program import call, case, ref, value_case
from course_lib.grading.suite import Suite

NETS = [[2, 3, 2, 1], [3, 5, 4, 1], [5, 7, 3, 1], [1, 1, 1, 1]]  # the 3-layer model, several sizes
SAMPLES = [1, 4, 17, 64]
NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


def key(prefix: str, layer: int) -> str:
    """The dict key of ``prefix`` for a layer (``key("dW", 2) == "dW2"``)."""
    return f"{prefix}{layer}"


def _seed(rng) -> int:
    return int(rng.integers(0, 2**31 - 1))


def _params(rng, dims, scale=1.0):
    P = {}
    for l in range(1, len(dims)):
        P[key("W", l)] = scale * rng.standard_normal((dims[l], dims[l - 1]))
        P[key("b", l)] = 0.5 * rng.standard_normal((dims[l], 1))
    return P


def _grads(rng, P):
    return {"d" + k: rng.standard_normal(np.shape(v)) for k, v in P.items()}


def _data(rng, n, m):
    return rng.standard_normal((n, m)), rng.integers(0, 2, size=(1, m))


# --- initialisation -----------------------------------------------------------

LAYER_DIMS = [[2, 3, 1], [3, 2], [5, 4, 3, 1], [1, 1], [2, 10, 5, 1]]


def _init_cases(name):
    def make(rng):
        return [case(f"layers_dims={dims}", call(name, list(dims), seed=_seed(rng), rng_probe=True, strict=True))
                for dims in LAYER_DIMS]
    return make


# --- L2 -----------------------------------------------------------------------

def cost_reg_cases(rng):
    cases = []
    for dims, m, lambd in zip(NETS, SAMPLES, (0.7, 0.1, 3.0, 0.0)):
        A3 = rng.uniform(0.05, 0.95, size=(1, m))
        cases.append(case(f"net {dims}, m={m}, lambd={lambd}",
                          call("compute_cost_with_regularization", A3, rng.integers(0, 2, size=(1, m)),
                               _params(rng, dims), lambd)))
    return cases


def backward_reg_cases(rng):
    cases = []
    for dims, m, lambd in zip(NETS, SAMPLES, (0.7, 0.0, 2.5, 0.3)):
        X, Y = _data(rng, dims[0], m)
        P = _params(rng, dims)
        cases.append(case(f"net {dims}, m={m}, lambd={lambd}",
                          call("forward_propagation", X, P, record=False),
                          call("backward_propagation_with_regularization", X, Y, ref(0, 1), lambd)))
    return cases


# --- dropout ------------------------------------------------------------------

def forward_dropout_cases(rng):
    cases = []
    for dims, m, kp in zip(NETS, SAMPLES, (0.7, 0.5, 0.86, 1.0)):
        X, _ = _data(rng, dims[0], m)
        cases.append(case(f"net {dims}, m={m}, keep_prob={kp}",
                          call("forward_propagation_with_dropout", X, _params(rng, dims), kp,
                               seed=_seed(rng), rng_probe=True)))
    X, _ = _data(rng, 3, 9)
    cases.append(case("default keep_prob (0.5)", call("forward_propagation_with_dropout", X,
                                                       _params(rng, [3, 6, 4, 1]), seed=_seed(rng),
                                                       rng_probe=True)))
    return cases


def _relu(x):
    return np.maximum(0, x)


def _dropout_cache(rng, X, P, kp):
    """A forward pass with dropout, masks drawn from ``rng`` (independent of the student's forward)."""
    W1, b1, W2, b2, W3, b3 = (P[k] for k in NAMES)
    Z1 = W1 @ X + b1
    D1 = rng.random(Z1.shape) < kp
    A1 = _relu(Z1) * D1 / kp
    Z2 = W2 @ A1 + b2
    D2 = rng.random(Z2.shape) < kp
    A2 = _relu(Z2) * D2 / kp
    Z3 = W3 @ A2 + b3
    A3 = 1 / (1 + np.exp(-Z3))
    return (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_dropout_cases(rng):
    cases = []
    for dims, m, kp in zip(NETS, SAMPLES, (0.8, 0.5, 0.86, 1.0)):
        X, Y = _data(rng, dims[0], m)
        cache = _dropout_cache(rng, X, _params(rng, dims), kp)
        cases.append(case(f"net {dims}, m={m}, keep_prob={kp}",
                          call("backward_propagation_with_dropout", X, Y, cache, kp)))
    return cases


# --- gradient checking --------------------------------------------------------

def gradient_check_cases(rng):
    cases = [case("x=2, theta=4 (default epsilon)", call("gradient_check", 2, 4))]
    for _ in range(3):
        x, theta = float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5))
        cases.append(case(f"x={x:.3f}, theta={theta:.3f}", call("gradient_check", x, theta)))
    x, theta = float(rng.uniform(1, 5)), float(rng.uniform(1, 5))
    cases.append(case("a tiny epsilon (1e-12): rounding dominates",
                      call("gradient_check", x, theta, epsilon=1e-12)))
    cases.append(case("a large x (1e6)", call("gradient_check", 1e6 * float(rng.uniform(1, 2)),
                                              float(rng.uniform(1, 2)), 1e-7)))
    return cases


def _gc_problem(rng, dims, m):
    X, Y = _data(rng, dims[0], m)
    return X, Y, _params(rng, dims, scale=0.8)


def gradient_check_n_cases(rng):
    cases = []
    for dims, m in (([2, 3, 2, 1], 5), ([4, 5, 3, 1], 3), ([3, 2, 2, 1], 1)):
        X, Y, P = _gc_problem(rng, dims, m)
        cases.append(case(f"net {dims}, m={m}, correct gradients, epsilon=1e-7",
                          call("forward_propagation_n", X, Y, P, record=False),
                          call("backward_propagation", X, Y, ref(0, 1), record=False),
                          call("gradient_check_n", P, ref(1), X, Y), rtol=1e-2, atol=5e-8))
        cases.append(case(f"net {dims}, m={m}, correct gradients, epsilon=1e-3",
                          call("forward_propagation_n", X, Y, P, record=False),
                          call("backward_propagation", X, Y, ref(0, 1), record=False),
                          call("gradient_check_n", P, ref(1), X, Y, 1e-3), rtol=1e-4, atol=1e-12))
        wrong = {"d" + k: rng.standard_normal(np.shape(P[k])) * 0.1 for k in NAMES}
        cases.append(case(f"net {dims}, m={m}, wrong gradients",
                          call("gradient_check_n", P, wrong, X, Y), rtol=1e-5, atol=1e-9))
    return cases


def backward_fixed_cases(rng):
    cases = []
    for dims, m in (([4, 5, 3, 1], 3), ([2, 4, 3, 1], 6), ([3, 2, 2, 1], 1)):
        X, Y, P = _gc_problem(rng, dims, m)
        cases.append(case(f"net {dims}, m={m}: the fixed gradients",
                          call("forward_propagation_n", X, Y, P, record=False),
                          call("backward_propagation_n_fixed", X, Y, ref(0, 1))))
        cases.append(case(f"net {dims}, m={m}: your gradient_check_n passes the fixed gradients",
                          call("forward_propagation_n", X, Y, P, record=False),
                          call("backward_propagation_n_fixed", X, Y, ref(0, 1), record=False),
                          call("gradient_check_n", P, ref(1), X, Y), rtol=1e-2, atol=5e-8))
        cases.append(case(f"net {dims}, m={m}: your gradient_check_n flags the buggy gradients",
                          call("forward_propagation_n", X, Y, P, record=False),
                          call("backward_propagation_n", X, Y, ref(0, 1), record=False),
                          call("gradient_check_n", P, ref(1), X, Y), rtol=1e-4, atol=1e-9))
    return cases


# --- minibatches and optimisers -----------------------------------------------

def minibatch_cases(rng):
    cases = []
    for n, m, size in ((2, 148, 64), (3, 128, 64), (1, 5, 64), (4, 1, 2), (2, 30, 7)):
        X = rng.standard_normal((n, m))
        Y = rng.integers(0, 2, size=(1, m))
        cases.append(case(f"X {X.shape}, mini_batch_size={size}",
                          call("random_mini_batches", X, Y, size, _seed(rng) % 1000, seed=_seed(rng),
                               rng_probe=True)))
    X = rng.standard_normal((2, 70))
    cases.append(case("default mini_batch_size and seed",
                      call("random_mini_batches", X, rng.integers(0, 2, size=(1, 70)), seed=_seed(rng),
                           rng_probe=True)))
    return cases


NET_DIMS = [[2, 3, 1], [3, 4, 2, 1], [1, 1], [4, 6, 5, 3, 1]]


def init_velocity_cases(rng):
    return [case(f"layers {dims}", call("initialize_velocity", _params(rng, dims), strict=True)) for dims in NET_DIMS]


def init_adam_cases(rng):
    return [case(f"layers {dims}", call("initialize_adam", _params(rng, dims), strict=True)) for dims in NET_DIMS]


def momentum_cases(rng):
    cases = []
    for dims, beta, lr in zip(NET_DIMS, (0.9, 0.0, 0.5, 0.99), (0.01, 0.1, 1.0, 0.003)):
        P = _params(rng, dims)
        v = {k: 0.1 * rng.standard_normal(np.shape(x)) for k, x in _grads(rng, P).items()}
        cases.append(case(f"layers {dims}, beta={beta}, learning_rate={lr}",
                          call("update_parameters_with_momentum", P, _grads(rng, P), v, beta, lr, pure=False)))
    P = _params(rng, [3, 4, 2, 1])
    v0 = {k: np.zeros(np.shape(x)) for k, x in _grads(rng, P).items()}
    cases.append(case("two steps in a row",
                      call("update_parameters_with_momentum", P, _grads(rng, P), v0, 0.9, 0.05, pure=False),
                      call("update_parameters_with_momentum", ref(0, 0), _grads(rng, P), ref(0, 1), 0.9, 0.05,
                           pure=False)))
    return cases


def adam_cases(rng):
    cases = []
    for dims, t in zip(NET_DIMS, (1, 2, 10, 1000)):
        P = _params(rng, dims)
        g = _grads(rng, P)
        v = {k: 0.1 * rng.standard_normal(np.shape(x)) for k, x in g.items()}
        s = {k: 0.01 * rng.random(np.shape(x)) for k, x in g.items()}
        cases.append(case(f"layers {dims}, t={t}, defaults",
                          call("update_parameters_with_adam", P, g, v, s, t, pure=False)))
    P = _params(rng, [3, 4, 2, 1])
    g = _grads(rng, P)
    z = {k: np.zeros(np.shape(x)) for k, x in g.items()}
    cases.append(case("t=1 from zero moments, beta1=0.8, beta2=0.99, epsilon=1e-4",
                      call("update_parameters_with_adam", P, g, z, dict(z), 1, 0.05, 0.8, 0.99, 1e-4, pure=False)))
    cases.append(case("three steps in a row (t = 1, 2, 3), learning_rate=0.02",
                      call("update_parameters_with_adam", P, g, z, dict(z), 1, learning_rate=0.02, pure=False),
                      call("update_parameters_with_adam", ref(0, 0), _grads(rng, P), ref(0, 1), ref(0, 2), 2,
                           learning_rate=0.02, pure=False),
                      call("update_parameters_with_adam", ref(1, 0), _grads(rng, P), ref(1, 1), ref(1, 2), 3,
                           learning_rate=0.02, pure=False)))
    g_small = {k: 1e-9 * rng.standard_normal(np.shape(x)) for k, x in g.items()}
    cases.append(case("tiny gradients (epsilon matters)",
                      call("update_parameters_with_adam", P, g_small, dict(z), dict(z), 1, pure=False)))
    return cases


def model_cases(rng):
    cases = []
    configs = [("gd", [2, 3, 2, 1], 10, 4, 3, 0.05), ("momentum", [2, 4, 3, 1], 13, 5, 4, 0.05),
               ("adam", [3, 5, 2, 1], 20, 64, 5, 0.01), ("adam", [2, 3, 3, 1], 16, 4, 3, 0.02),
               ("momentum", [1, 2, 2, 1], 1, 64, 2, 0.1)]
    for opt, dims, m, size, epochs, lr in configs:
        X, Y = _data(rng, dims[0], m)
        cases.append(case(f"{opt}, layers {dims}, m={m}, mini_batch_size={size}, {epochs} epochs",
                          call("model", X, Y, dims, opt, learning_rate=lr, mini_batch_size=size,
                               num_epochs=epochs, print_cost=False, seed=_seed(rng), rng_probe=True),
                          rtol=1e-5, atol=1e-8))
    X, Y = _data(rng, 2, 12)
    cases.append(case("adam with beta1=0.8, beta2=0.99, epsilon=1e-6",
                      call("model", X, Y, [2, 3, 2, 1], "adam", learning_rate=0.01, mini_batch_size=5, beta1=0.8,
                           beta2=0.99, epsilon=1e-6, num_epochs=3, print_cost=False, seed=_seed(rng),
                           rng_probe=True), rtol=1e-5, atol=1e-8))
    cases.append(case("momentum with beta=0.5",
                      call("model", X, Y, [2, 3, 2, 1], "momentum", learning_rate=0.05, mini_batch_size=5, beta=0.5,
                           num_epochs=3, print_cost=False, seed=_seed(rng), rng_probe=True), rtol=1e-5, atol=1e-8))
    return cases


# --- training results ---------------------------------------------------------

HE_BARS = (0.90, 0.92)          # train, test accuracy on the moons (reference 92.3% / 95.0%)
L2_GAIN_BAR = 0.020             # test-accuracy gain on the noisy rings (reference +2.6 points)
DROPOUT_GAIN_BAR = 0.010        # (reference +1.6 points)
ADAM_BARS = (0.90, 0.95)        # train, test accuracy on the moons (reference 93.0% / 98%)


@functools.lru_cache(maxsize=None)
def _data_sets():
    from course_lib.data import load_moons, load_overfit_data

    return load_moons(), load_overfit_data()


def _accuracy(parameters, X, Y) -> float:
    from .reference import predict

    with np.errstate(all="ignore"):
        return float(np.mean(predict(X, parameters) == Y))


def _network_problem(parameters, what):
    if not isinstance(parameters, dict) or not all(k in parameters for k in NAMES):
        return [f"`{what}` should be a parameters dict with W1, b1, W2, b2, W3, b3."]
    return []


def _accuracies(parameters, data, what):
    try:
        return (_accuracy(parameters, data.train_x, data.train_y), _accuracy(parameters, data.test_x, data.test_y)), []
    except Exception as exc:  # a malformed dict
        return None, [f"`{what}` could not be evaluated ({type(exc).__name__}: {str(exc)[:200]})."]


def _bars(what, bars, reference):
    def evaluate(parameters):
        found = _network_problem(parameters, what)
        if found:
            return found
        accs, found = _accuracies(parameters, _data_sets()[0], what)
        if found:
            return found
        if accs[0] >= bars[0] and accs[1] >= bars[1]:
            return []
        return [f"the network reaches {accs[0]:.1%} train and {accs[1]:.1%} test accuracy on the moons; the bars are "
                f"{bars[0]:.0%} and {bars[1]:.0%} (a reference reaches {reference})."]
    return evaluate


def _gain(run, bar, reference):
    def evaluate(runs):
        if not isinstance(runs, dict) or "none" not in runs or run not in runs:
            return [f"`regularization_runs` should be the dict of the study with the keys 'none' and '{run}'."]
        rings = _data_sets()[1]
        tests = []
        for name in ("none", run):
            found = _network_problem(runs[name], f"regularization_runs['{name}']")
            if found:
                return found
            accs, found = _accuracies(runs[name], rings, f"regularization_runs['{name}']")
            if found:
                return found
            tests.append(accs[1])
        if tests[1] - tests[0] >= bar - 1e-12:
            return []
        return [f"the test accuracy goes from {tests[0]:.1%} without regularisation to {tests[1]:.1%} with {run} "
                f"({100 * (tests[1] - tests[0]):+.1f} points); the bar is +{100 * bar:.1f} points (a reference "
                f"gains {reference})."]
    return evaluate


SUITES = {s.name: s for s in [
    Suite("initialize_parameters_zeros", _init_cases("initialize_parameters_zeros")),
    Suite("initialize_parameters_random", _init_cases("initialize_parameters_random")),
    Suite("initialize_parameters_he", _init_cases("initialize_parameters_he")),
    Suite("compute_cost_with_regularization", cost_reg_cases),
    Suite("backward_propagation_with_regularization", backward_reg_cases),
    Suite("forward_propagation_with_dropout", forward_dropout_cases),
    Suite("backward_propagation_with_dropout", backward_dropout_cases),
    Suite("gradient_check", gradient_check_cases, rtol=1e-3, atol=1e-12),
    Suite("gradient_check_n", gradient_check_n_cases),
    Suite("backward_propagation_n_fixed", backward_fixed_cases),
    Suite("random_mini_batches", minibatch_cases),
    Suite("initialize_velocity", init_velocity_cases),
    Suite("update_parameters_with_momentum", momentum_cases),
    Suite("initialize_adam", init_adam_cases),
    Suite("update_parameters_with_adam", adam_cases),
    Suite("model", model_cases),
    Suite("training_init_he", lambda rng: [value_case("the He-initialised network", "parameters_he")],
          evaluate=_bars("parameters_he", HE_BARS, "92.3% and 95.0%")),
    Suite("training_l2_gain", lambda rng: [value_case("the regularisation study", "regularization_runs")],
          evaluate=_gain("L2", L2_GAIN_BAR, "+2.6 points")),
    Suite("training_dropout_gain", lambda rng: [value_case("the regularisation study", "regularization_runs")],
          evaluate=_gain("dropout", DROPOUT_GAIN_BAR, "+1.6 points")),
    Suite("training_adam", lambda rng: [value_case("the Adam network", "parameters_adam")],
          evaluate=_bars("parameters_adam", ADAM_BARS, "93.0% and 98%")),
]}
