"""A suite of hidden-test cases for one graded function, and how it is judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from .compare import compare_outcomes, compare_values
from .program import as_data, run_case


@dataclass
class Suite:
    """Hidden tests for one graded cell.

    ``make_cases(rng)`` returns the cases (see :mod:`course_lib.grading.program`)
    built from a ``numpy.random.Generator``, so fresh inputs come from a fresh
    seed. ``evaluate(value)``, when given, judges a recorded notebook value
    (such as a trained network) instead of comparing with the reference.
    """

    name: str
    make_cases: Callable[[np.random.Generator], list]
    rtol: float = 1e-6
    atol: float = 1e-9
    evaluate: Callable[[object], list] | None = None
    hint: str = ""
    extra: dict = field(default_factory=dict)


def _pure_problems(case_call, outcome, what):
    problems = []
    literal = [a for a in case_call["args"] if not (isinstance(a, dict) and "$ref" in a)]
    for pos, (before, after) in enumerate(zip(literal, outcome.get("args_after", []))):
        if compare_values(before, after, rtol=0.0, atol=0.0):
            problems.append(f"{what} changed its input argument #{pos + 1} in place; "
                            f"it must leave its inputs unchanged (work on new arrays instead).")
    return problems


def judge(suite: Suite, cases: list, student: list, reference: Mapping) -> list[str]:
    """Problems found in the student's outcomes (one per case at most)."""
    problems = []
    for case_spec, got in zip(cases, student):
        label = case_spec["label"]
        if suite.evaluate is not None:
            first = got["calls"][0]
            found = [f"`{case_spec['value']}` is not available: {first['message']}"] if "raised" in first \
                else suite.evaluate(first["value"])
        else:
            expected = as_data(run_case(case_spec, reference))
            rtol = case_spec.get("rtol") or suite.rtol
            atol = case_spec.get("atol") if case_spec.get("atol") is not None else suite.atol
            found = []
            recorded_calls = [c for c in case_spec["calls"] if c.get("record", True)]
            for spec, ref_out, got_out in zip(recorded_calls, expected["calls"], got["calls"]):
                what = spec["fn"]
                if spec.get("pure") and "value" in got_out:
                    found += _pure_problems(spec, got_out, what)
                if not found:
                    found += compare_outcomes(ref_out, got_out, rtol=rtol, atol=atol, what=what,
                                              select=spec.get("select"))
                if not found and "rng_after" in ref_out and ref_out["rng_after"] != got_out.get("rng_after"):
                    found.append(f"{what} used the random number generator differently than specified "
                                 f"(number or order of random draws); follow the draw order in the description.")
                if found:
                    break
            if len(got["calls"]) != len(expected["calls"]) and not found:
                found.append("the test did not record every call (the run was cut short).")
        if found:
            problems.append(f"Case '{label}': {found[0]}")
    return problems
