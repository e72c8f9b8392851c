"""Hidden tests of the toy assignment (engine tests): fresh random cases from a Generator."""

from __future__ import annotations

import numpy as np

from course_lib.grading.program import call, case, value_case
from course_lib.grading.suite import Suite

TRAIN_BAR = 0.95


def relu_cases(rng):
    return [case(f"shape {s}", call("relu", rng.standard_normal(s), select=[[0], [1, "Z"]])) for s in [(1, 1), (3, 5)]]


def relu_der_cases(rng):
    return [case(f"shape {s}", call("relu_der", rng.standard_normal(s), {"Z": rng.standard_normal(s)}))
            for s in [(2, 3), (4, 1)]]


def dropout_cases(rng):
    out = []
    for p in (0.0, 0.3):
        A = rng.standard_normal((3, 4))
        mask = (rng.random((3, 4)) > p).astype(float)
        out.append(case(f"drop_prob {p}", call("dropout", A, mask, p)))
    return out


def network_cases(rng):
    X = rng.standard_normal((3, 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    return [case("7 samples, 4 epochs", call("multi_layer_network", X, Y, num_epochs=4, learning_rate=0.3),
                 rtol=1e-6, atol=1e-9)]


def classify_cases(rng):
    P = {"W1": rng.standard_normal((1, 3)), "b1": rng.standard_normal((1, 1))}
    return [case("9 samples", call("classify", rng.standard_normal((3, 9)), P))]


def evaluate_training(parameters) -> list:
    """The trained unit must classify fresh blobs (same distribution) at least TRAIN_BAR right."""
    from .reference import classify

    if not isinstance(parameters, dict):
        return [f"`parameters` should be the dict returned by multi_layer_network, not a "
                f"{type(parameters).__name__}."]
    rng = np.random.default_rng(1)
    X = np.hstack([rng.normal(-2, 1, (2, 200)), rng.normal(2, 1, (2, 200))])
    Y = np.hstack([np.zeros((1, 200)), np.ones((1, 200))])
    try:
        accuracy = float(np.mean(classify(X, parameters) == Y))
    except Exception as exc:
        return [f"the trained `parameters` could not be evaluated ({type(exc).__name__})."]
    return [] if accuracy >= TRAIN_BAR else [f"the trained unit reaches {accuracy:.0%}; at least "
                                             f"{TRAIN_BAR:.0%} is needed."]


SUITES = {s.name: s for s in [
    Suite("relu", relu_cases),
    Suite("relu_der", relu_der_cases),
    Suite("dropout", dropout_cases),
    Suite("multi_layer_network", network_cases),
    Suite("classify", classify_cases),
    Suite("training", lambda rng: [value_case("the trained unit", "parameters")], evaluate=evaluate_training),
]}
