"""A suite of hidden-test cases for one graded check, and how a student's records are judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from .cases import Case, Op, Step, StepRecord
from .compare import compare_returned, compare_values
from .program import as_data, run_case


@dataclass
class Suite:
    """Hidden tests for one graded cell.

    ``make_cases(rng)`` returns the :class:`~course_lib.grading.cases.Case` s,
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

    def tolerances(self, spec: Case) -> tuple:
        """``(rtol, atol)`` for ``spec``: its own where it sets them (0 included), else the suite's."""
        return (spec.rtol if spec.rtol is not None else self.rtol,
                spec.atol if spec.atol is not None else self.atol)


def step_names(spec: Case) -> list:
    """How messages name each recorded step of ``spec``: ``relu``, ``opt = Momentum(...)``, ``opt.step (call 2)``."""
    makers = {s.obj: s.target for s in spec.steps if s.op is Op.NEW}
    seen: dict = {}
    total: dict = {}
    for s in spec.steps:
        if s.op is Op.METHOD:
            total[(s.obj, s.target)] = total.get((s.obj, s.target), 0) + 1
    names = []
    for s in spec.steps:
        if s.op is Op.METHOD:
            key = (s.obj, s.target)
            seen[key] = seen.get(key, 0) + 1
            name = f"{s.obj}.{s.target}" + (f" (call {seen[key]})" if total[key] > 1 else "")
        elif s.op is Op.NEW:
            name = f"{s.obj} = {makers[s.obj]}(...)"
        elif s.op is Op.ATTR:
            name = s.obj + _path_text((s.target, *s.path))
        else:
            name = s.target
        if s.record:
            names.append(name)
    return names


def _path_text(path: tuple) -> str:
    return "".join(f".{k}" if i == 0 else (f"[{k!r}]") for i, k in enumerate(path))


def _pure_problems(step: Step, got: StepRecord, what: str) -> list:
    problems = []
    literal = [step.args[i] for i in step.literal_positions()]
    for pos, (before, after) in enumerate(zip(literal, got.args_after or [])):
        if compare_values(before, after, rtol=0.0, atol=0.0):
            problems.append(f"{what} changed its input argument #{pos + 1} in place; "
                            f"it must leave its inputs unchanged (work on new arrays instead).")
    return problems


def _step_problems(step: Step, what: str, expected: StepRecord, got: StepRecord, rtol: float,
                   atol: float) -> list:
    """Problems with one recorded step: inputs changed, result, attributes, random draws."""
    found = []
    if step.pure and got.result.ok:
        found += _pure_problems(step, got, what)
    if not found:
        value_label = f"{step.obj}{_path_text((step.target, *step.path))}" if step.op is Op.ATTR else None
        found += compare_returned(expected.result, got.result, rtol=rtol, atol=atol,
                                  what=f"reading {what}" if value_label else what, label=value_label,
                                  select=step.select, strict=step.strict)
    if not found and expected.result.ok:
        if len(got.attrs) != len(expected.attrs):
            found.append(f"the test did not record every attribute of `{step.obj}` after {what}.")
        for path, ref_attr, got_attr in zip(step.attrs, expected.attrs, got.attrs):
            label = f"{step.obj}{_path_text(path)}"
            problems = compare_returned(ref_attr, got_attr, rtol=rtol, atol=atol, what=f"reading {label}",
                                        label=label)
            found += [f"after {what}: {p}" for p in problems[:1]]
            if found:
                break
    if not found and expected.rng_after is not None and expected.rng_after != got.rng_after:
        found.append(f"{what} used the random number generator differently than specified "
                     f"(number or order of random draws); follow the draw order in the description.")
    return found


def judge(suite: Suite, cases: list, student: list, reference: Mapping) -> list[str]:
    """Problems found in the student's :class:`CaseRecord` s (one per case at most).

    The reference runs the very same cases here, in the trusted process; its
    records go through the same data encoding as the student's.
    """
    problems = []
    for spec, got in zip(cases, student):
        if suite.evaluate is not None:
            first = got.steps[0].result if got.steps else None
            if first is None:
                found = ["the test did not record anything (the run was cut short)."]
            elif not first.ok:
                found = [f"`{spec.variable}` is not available: {first.message}"]
            else:
                found = suite.evaluate(first.value)
        else:
            expected = as_data(run_case(spec, reference))
            rtol, atol = suite.tolerances(spec)
            found = []
            for step, what, ref_rec, got_rec in zip(spec.recorded(), step_names(spec), expected.steps, got.steps):
                found += _step_problems(step, what, ref_rec, got_rec, rtol, atol)
                if found:
                    break
            if len(got.steps) != len(expected.steps) and not found:
                found.append("the test did not record every call (the run was cut short).")
        if found:
            problems.append(f"Case '{spec.label}': {found[0]}")
    return problems
