"""Hidden tests of the toy_manual assignment (tests/test_manual_*.py)."""

from __future__ import annotations

from course_lib.grading.program import call, case
from course_lib.grading.suite import Suite


def relu_cases(rng):
    return [case(f"shape {s}", call("relu", rng.standard_normal(s), select=[[0], [1, "Z"]])) for s in [(1, 1), (3, 5)]]


SUITES = {s.name: s for s in [Suite("relu", relu_cases)]}
