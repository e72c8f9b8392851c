"""Hidden tests of the ``optimizers`` assignment, as data-only object-aware cases.

The graded pieces are classes. Each case constructs the student's objects in
the sandbox (``new``), calls their methods in sequence (``method``) and reads
the state they keep (``attr``: ``parameters``, ``caches``, ``grads``,
``velocities``, ``squared_gradients``); the trusted grader replays the same
case with ``solutions.optimizers`` and compares the records. The student's
classes are never imported into the grader.

Every suite builds fresh inputs from the ``numpy.random.Generator`` it is
given; steps that draw from numpy's global RNG (the network's initialisation)
are seeded by the case (``seed=``) and probed (``rng_probe=True``). Shapes
include m = 1; the spec's edge cases are covered: x = 0 in the ReLU
derivative (1, as an integer array), zero and tiny gradients (epsilon outside
the square root), several steps in a row, new gradients between steps, and
default as well as given hyper-parameters. Where the spec leaves a choice to
the implementer (update in place or rebind; state created in ``__init__`` or
at the first ``step``; what ``backward``/``step``/``initialize`` return), the
cases only read what the spec fixes, after the first ``step``.
"""

from __future__ import annotations

import functools

import numpy as np

from course_lib.grading.program import attr, case, method, new, ref, value_case
from course_lib.grading.suite import Suite

SHAPES = [(1, 1), (3, 5), (7, 2), (16, 40)]          # activation inputs, m = 1 included
NETS = [(4, 1, 3, 3, 1), (5, 2, 4, 2, 6), (3, 1, 6, 4, 25), (6, 3, 5, 1, 4)]   # n_x, n_y, n_h, depth, m


def key(prefix: str, layer: int) -> str:
    """A parameters-dict key, e.g. ``key("W", 2) == "W2"``, ``key("dW", 2) == "dW2"``."""
    return f"{prefix}{layer}"


def _seed(rng) -> int:
    return int(rng.integers(0, 2**31 - 1))


def _strict(step):
    """The step's result must match exactly in keys, container types and integer dtypes."""
    step.strict = True
    return step


def _with_zeros(rng, shape):
    x = rng.standard_normal(shape)
    x.flat[:: max(1, x.size // 3)] = 0.0    # exact zeros: the derivative is 1 there
    return x


# --- ReLU ----------------------------------------------------------------------

def relu_cases(rng):
    cases = []
    for shape in SHAPES:
        x = _with_zeros(rng, shape)
        cases.append(case(f"x of shape {shape} with exact zeros",
                          new("act", "ReLU"),
                          method("act", "forward", x, pure=True),
                          _strict(method("act", "derivative", x, pure=True)),
                          method("act", "__call__", x, pure=True),
                          method("act", "forward", -np.abs(x) - 1.0, pure=True)))
    x = np.array([[-2.0, -1e-12, 0.0, 1e-12, 3.5]])
    cases.append(case("values around zero", new("act", "ReLU"), method("act", "forward", x),
                      _strict(method("act", "derivative", x))))
    return cases


# --- NeuralNetwork -------------------------------------------------------------

def _xy(rng, n_x, n_y, m):
    return rng.standard_normal((n_x, m)), (rng.random((n_y, m)) > 0.5).astype(float)


def network_cases(rng):
    cases = []
    for i, (n_x, n_y, n_h, depth, m) in enumerate(NETS):
        X, Y = _xy(rng, n_x, n_y, m)
        sizes = ["n_x", "n_y", "n_h", "depth", "parameters"]
        steps = [new("net", "NeuralNetwork", n_x, n_y, n_h, depth, seed=_seed(rng), rng_probe=True, attrs=sizes),
                 method("net", "forward", X),
                 attr("net", "caches"),
                 method("net", "backward", Y, record=False),
                 attr("net", "grads")]
        if i == 0:   # call it, re-initialise it, and run again
            X2, Y2 = _xy(rng, n_x, n_y, m + 2)
            steps += [method("net", "__call__", X2), attr("net", "caches"),
                      method("net", "initialize", seed=_seed(rng), rng_probe=True, record=False),
                      attr("net", "parameters"),
                      method("net", "forward", X2), method("net", "backward", Y2, record=False),
                      attr("net", "grads")]
        cases.append(case(f"NeuralNetwork({n_x}, {n_y}, {n_h}, {depth}) on m={m}", *steps))
    n_x, n_y, n_h, depth, m = 5, 2, 4, 3, 7
    X, Y = _xy(rng, n_x, n_y, m)
    cases.append(case("act=Sigmoid()",
                      new("sig", "Sigmoid", record=False),
                      new("net", "NeuralNetwork", n_x, n_y, n_h, depth, act=ref("sig"), seed=_seed(rng),
                          rng_probe=True, attrs=["parameters"]),
                      method("net", "forward", X), attr("net", "caches"),
                      method("net", "backward", Y, record=False), attr("net", "grads")))
    return cases


# --- optimisers ----------------------------------------------------------------

def _parameters(rng, dims):
    P = {}
    for l in range(1, len(dims)):
        P[key("W", l)] = rng.standard_normal((dims[l], dims[l - 1]))
        P[key("b", l)] = rng.standard_normal((dims[l], 1))
    return P


def _grads(rng, P, scale=1.0):
    return {"d" + k: scale * rng.standard_normal(v.shape) for k, v in P.items()}


DIMS = [[3, 1], [4, 3, 2], [6, 5, 4, 1]]


def _optimizer_cases(rng, cls, configs, state):
    """Cases for optimiser ``cls``: ``configs`` are (label, args, kwargs); ``state`` the attributes it keeps."""
    cases = []
    for dims, (label, args, kwargs) in zip(DIMS * 3, configs):
        P = _parameters(rng, dims)
        steps = [new("net", "FixedNetwork", P, _grads(rng, P), record=False),
                 new("opt", cls, ref("net"), *args, **kwargs, record=False),
                 method("opt", "step", record=False)]
        steps += [attr("opt", s) for s in state] + [attr("net", "parameters")]
        steps += [method("opt", "step", record=False)]                          # the same gradients again
        steps += [attr("opt", s) for s in state] + [attr("net", "parameters")]
        steps += [method("net", "set_grads", _grads(rng, P), record=False),     # new gradients
                  method("opt", "step", record=False)]
        steps += [attr("opt", s) for s in state] + [attr("net", "parameters")]
        cases.append(case(f"{label}, layers {dims}, three steps", *steps))
    P = _parameters(rng, [4, 3, 1])
    cases.append(case("zero gradients", new("net", "FixedNetwork", P, {"d" + k: np.zeros_like(v) for k, v in P.items()},
                                            record=False),
                      new("opt", cls, ref("net"), *configs[0][1], record=False),
                      method("opt", "step", record=False),
                      *[attr("opt", s) for s in state], attr("net", "parameters")))
    P = _parameters(rng, [4, 3, 1])
    cases.append(case("tiny gradients (epsilon matters)",
                      new("net", "FixedNetwork", P, _grads(rng, P, scale=1e-9), record=False),
                      new("opt", cls, ref("net"), *configs[0][1], record=False),
                      method("opt", "step", record=False), method("opt", "step", record=False),
                      *[attr("opt", s) for s in state], attr("net", "parameters"), rtol=1e-6, atol=1e-14))
    return cases


def gd_cases(rng):
    return _optimizer_cases(rng, "GradientDescent", [("lr 0.1", (0.1,), {}), ("lr 0.5", (0.5,), {}),
                                                     ("lr 0.03", (), {"learning_rate": 0.03})], [])


def momentum_cases(rng):
    return _optimizer_cases(rng, "GradientDescentWithMomentum",
                            [("lr 0.1, default beta", (0.1,), {}), ("lr 0.5, beta 0.5", (0.5, 0.5), {}),
                             ("lr 0.05, beta=0.7", (0.05,), {"beta": 0.7})], ["velocities"])


def rmsprop_cases(rng):
    return _optimizer_cases(rng, "RMSProp",
                            [("lr 0.01, default beta", (0.01,), {}), ("lr 0.1, beta 0.5", (0.1, 0.5), {}),
                             ("lr 0.001, beta=0.99", (0.001,), {"beta": 0.99})], ["squared_gradients"])


def adam_cases(rng):
    return _optimizer_cases(rng, "Adam",
                            [("lr 0.01, default betas", (0.01,), {}), ("lr 0.1, betas 0.8, 0.9", (0.1, 0.8, 0.9), {}),
                             ("lr 0.01, beta1=0.9, beta2=0.99", (0.01,), {"beta1": 0.9, "beta2": 0.99})],
                            ["velocities", "squared_gradients"])


# --- training ------------------------------------------------------------------

TEST_ACCURACY_BAR = 0.995   # the reference reaches 99.95% (2,114 / 2,115) with Adam on the full 0-vs-1 set


@functools.lru_cache(maxsize=1)
def _mnist01():
    from course_lib.data import get_mnist_01

    return get_mnist_01()


def evaluate_training(parameters) -> list:
    """Test accuracy of the student's Adam-trained network, computed with the reference forward pass."""
    from .reference import forward_propagation

    if not isinstance(parameters, dict):
        return [f"`adam_parameters` should be the trained network's parameters dict, not a "
                f"{type(parameters).__name__}."]
    data = _mnist01()
    try:
        with np.errstate(all="ignore"):
            A, _ = forward_propagation(data.test_x, parameters)
            accuracy = float(np.mean((A > 0.5) == data.test_y))
    except Exception as exc:  # a malformed parameters dict
        return [f"the trained `adam_parameters` could not be evaluated ({type(exc).__name__}: {str(exc)[:200]})."]
    if accuracy >= TEST_ACCURACY_BAR:
        return []
    return [f"the network trained with Adam reaches {accuracy:.2%} test accuracy on {data.variant} MNIST 0-vs-1; "
            f"at least {TEST_ACCURACY_BAR:.1%} is needed."]


SUITES = {s.name: s for s in [
    Suite("ReLU", relu_cases),
    Suite("NeuralNetwork", network_cases),
    Suite("GradientDescent", gd_cases),
    Suite("GradientDescentWithMomentum", momentum_cases),
    Suite("RMSProp", rmsprop_cases),
    Suite("Adam", adam_cases),
    Suite("training", lambda rng: [value_case("the network trained with Adam", "adam_parameters")],
          evaluate=evaluate_training),
]}
