"""Grading support: the ``check`` helper that hidden tests call.

In a notebook's hidden tests::

    from course_lib.grading import check
    check("dropout", globals())

``check`` takes the student's functions from the namespace by name. Where it
runs decides what it does:

* **Local mode** (default, e.g. plain ``nbgrader autograde`` by an
  instructor): it builds fresh random cases, runs them with the student's
  functions and with the reference, compares, and raises ``AssertionError``
  with a message that names each failing case.
* **Record mode** (``COURSE_GRADING_DIR`` is set by the sandboxed grader): it
  only runs the student's functions on the inputs the grader wrote and
  records the outputs as data. The trusted grader compares them and decides
  the points, outside the student's process.

The global numpy RNG state is saved and restored around every check.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path

# numpy is imported where it is used: the sandbox launcher (``python -m course_lib.grading.sandbox``,
# twice per kernel) imports this package and never needs it.

__all__ = ["check", "build_cases", "judge_outcomes"]


def _fresh_seed() -> int:
    env = os.environ.get("COURSE_GRADING_SEED")
    return int(env) if env else int.from_bytes(os.urandom(4), "little")


def build_cases(assignment: str, name: str, seed: int) -> list:
    """The hidden-test cases (:class:`~course_lib.grading.cases.Case`) of check ``name``, built from ``seed``."""
    import numpy as np

    from .answer_key import suites

    suite = suites(assignment)[name]
    return suite.make_cases(np.random.default_rng(seed))


def judge_outcomes(assignment: str, name: str, cases: list, records: list) -> list:
    """Compare the student's :class:`~course_lib.grading.cases.CaseRecord` s with the reference's.

    Returns the problems found (empty: passed).
    """
    import numpy as np

    from .answer_key import reference, suites
    from .suite import judge

    state = np.random.get_state()
    try:
        return judge(suites(assignment)[name], cases, records, reference(assignment))
    finally:
        np.random.set_state(state)


def _run_student(cases: list, namespace: Mapping, encode: bool = True):
    """Run the cases with the student's functions and classes; numpy warnings are collected, not printed.

    A warning printed on stderr would make nbgrader score the cell 0 even
    when the results are right, so they are caught here and summarised.
    """
    import numpy as np

    from .program import as_data, run_case

    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        records = [run_case(c, namespace) for c in cases]
    if encode:
        records = [as_data(r) for r in records]
    return records, caught


def _warning_note(caught) -> str:
    if not caught:
        return ""
    first = str(caught[0].message)
    return (f"\n  (note: your code emitted {len(caught)} warning(s) during these tests, "
            f"e.g. {first!r}; they do not cost points but may point to an instability.)")


def _record(name: str, namespace: Mapping, grading_dir: Path) -> None:
    """Record mode: run the cases the grader wrote, save what they gave as data (no judging here)."""
    from . import serialize
    from .cases import Case

    inbox = grading_dir / "in" / name
    if not inbox.with_suffix(".json").exists():
        raise RuntimeError(f"The grader supplied no inputs for the check {name!r}.")
    cases = [Case.from_data(c) for c in serialize.load(inbox)]
    records, caught = _run_student(cases, namespace, encode=False)
    out = grading_dir / "out"
    out.mkdir(exist_ok=True)
    serialize.save(out / name, [r.to_data() for r in records])
    print(f"{name}: outputs recorded for grading.{_warning_note(caught)}")


def check(name: str, namespace: Mapping, *, assignment: str | None = None) -> None:
    """Run the hidden tests called ``name`` on the functions in ``namespace``.

    Parameters
    ----------
    name : str
        The check's name, e.g. ``"dropout"`` (see ``solutions/<assignment>/hidden_tests.py``).
    namespace : Mapping
        The notebook's ``globals()``.
    assignment : str, optional
        Which assignment's tests to use; found from ``name`` when omitted.
    """
    if not isinstance(namespace, Mapping):
        raise TypeError("check() needs the notebook's namespace: call check(name, globals()).")
    import numpy as np

    state = np.random.get_state()
    try:
        grading_dir = os.environ.get("COURSE_GRADING_DIR")
        if grading_dir:
            _record(name, namespace, Path(grading_dir))
            return
        from .answer_key import find_assignment

        assignment = assignment or find_assignment(name)
        seed = _fresh_seed()
        cases = build_cases(assignment, name, seed)
        records, caught = _run_student(cases, namespace)
        problems = judge_outcomes(assignment, name, cases, records)
    finally:
        np.random.set_state(state)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise AssertionError(
            f"{name}: {len(problems)} of {len(cases)} hidden test case(s) failed "
            f"(test seed {seed}):\n{lines}")
    print(f"{name}: all {len(cases)} hidden test cases passed.{_warning_note(caught)}")
