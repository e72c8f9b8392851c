"""Access to an assignment's answer key and hidden-test suites (``solutions/<a>/``).

Both live in the course repository, not in the installed package, so that a
student's environment does not contain them. They are found from
:func:`course_lib.paths.course_root`.
"""

from __future__ import annotations

import importlib
import os
import sys

from ..paths import CourseRootError, course_root


class AnswerKeyUnavailable(RuntimeError):
    """Hidden tests were run where the answer key is not installed."""


def _import(module: str):
    try:
        root = str(course_root())
    except CourseRootError as exc:
        raise AnswerKeyUnavailable(
            "Hidden tests run only at grading time, where the course's answer key is available. "
            f"({exc})") from None
    if root not in sys.path:
        sys.path.insert(0, root)
    _include(root)
    return importlib.import_module(module)


def register_root(root) -> None:
    """Make the answer keys of the course at ``root`` importable in this process too.

    The grader calls it for the course it grades, which may not be the installed one
    (the engine's tests grade a toy course next to the real one).
    """
    root = str(root)
    if root not in sys.path:
        sys.path.append(root)
    _include(root)


def _include(root: str) -> None:
    """Let ``solutions.<a>`` resolve under ``root`` even when another course's ``solutions`` is imported.

    (A test process imports the course's own ``solutions`` and grades a second course too.)
    """
    try:
        package = importlib.import_module("solutions")
    except ImportError:
        return
    folder = os.path.join(root, "solutions")
    if os.path.isdir(folder) and folder not in list(package.__path__):
        package.__path__.append(folder)


def assignments() -> tuple:
    """The course's assignments (see :func:`course_lib.assignments.discover`)."""
    from ..assignments import discover

    try:
        return tuple(discover(course_root()))
    except CourseRootError as exc:
        raise AnswerKeyUnavailable(
            "Hidden tests run only at grading time, where the course's answer key is available. "
            f"({exc})") from None


def suites(assignment: str) -> dict:
    """The hidden-test suites of ``assignment``, keyed by check name."""
    return _import(f"solutions.{assignment}.hidden_tests").SUITES


def reference(assignment: str) -> dict:
    """The reference functions and classes of ``assignment``, keyed by name."""
    module = _import(f"solutions.{assignment}")
    return {k: v for k, v in vars(module).items() if callable(v) and not k.startswith("_")}


def find_assignment(name: str) -> str:
    """The assignment whose suites define the check ``name``."""
    env = os.environ.get("COURSE_ASSIGNMENT")
    if env:
        return env
    matches = [a for a in assignments() if name in suites(a)]
    if len(matches) == 1:
        return matches[0]
    here = os.path.basename(os.getcwd())
    if here in matches:
        return here
    if not matches:
        raise KeyError(f"no hidden tests are defined under the name {name!r}")
    raise KeyError(f"the check {name!r} exists in several assignments ({', '.join(matches)}); "
                   f"set COURSE_ASSIGNMENT")
