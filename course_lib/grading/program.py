"""The small interpreter that runs a hidden-test :class:`~course_lib.grading.cases.Case`.

:func:`run_case` runs a case's steps with the names of one namespace (the
student's notebook in the sandbox or in local mode, the reference on the
trusted side) and returns a :class:`~course_lib.grading.cases.CaseRecord`.
Hidden tests build cases with the helpers re-exported here (see
:mod:`course_lib.grading.cases` for the language)::

    from course_lib.grading.program import call, case, ref, value_case, new, method, attr
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

import numpy as np

from . import serialize
from .cases import (Case, CaseRecord, Op, Ref, Returned, Step, StepRecord, attr, call, case, method, new, ref,
                    value_case)

__all__ = ["run_case", "as_data", "call", "case", "ref", "value_case", "new", "method", "attr"]


class _Unresolved(LookupError):
    """A reference or path that leads nowhere (the message completes "an earlier result ...")."""


def _item(obj, key):
    """``obj[key]`` for a dict key or a sequence index, else :class:`_Unresolved`."""
    if isinstance(key, str):
        if not isinstance(obj, Mapping) or key not in obj:
            raise _Unresolved(f"has no key {key!r}")
    elif not isinstance(obj, (list, tuple, np.ndarray)) or not -len(obj) <= key < len(obj):
        raise _Unresolved(f"has no item [{key}]")
    return obj[key]


def _items(obj, path):
    for key in path:
        obj = _item(obj, key)
    return obj


def _read_attribute(obj, path: tuple):
    """``obj.<path[0]>`` then, for each further key, a dict item, a sequence item or an attribute."""
    value = getattr(obj, path[0])
    for key in path[1:]:
        if isinstance(key, str) and not isinstance(value, Mapping):
            value = getattr(value, key)
        else:
            value = _item(value, key)
    return value


def _resolve(obj, outputs: list, objects: dict):
    """Arguments with references replaced; literal data is copied, so a call cannot change the case."""
    if isinstance(obj, Ref):
        if isinstance(obj.target, str):
            if obj.target not in objects:
                raise _Unresolved(f"object `{obj.target}` was not created")
            base = objects[obj.target]
        else:
            base = outputs[obj.target]
        return _items(base, obj.path)
    if isinstance(obj, dict):
        return {k: _resolve(v, outputs, objects) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_resolve(v, outputs, objects) for v in obj]
    if isinstance(obj, tuple):
        return tuple(_resolve(v, outputs, objects) for v in obj)
    return copy.deepcopy(obj)


def _target(step: Step, namespace: Mapping, objects: dict):
    """The callable a step runs, or the :class:`Returned` problem that prevents it."""
    if step.op is Op.CALL:
        fn = namespace.get(step.target)
        return fn if callable(fn) else Returned.problem("NameError", f"`{step.target}` is not defined as a function")
    if step.op is Op.NEW:
        cls = namespace.get(step.target)
        return cls if callable(cls) else Returned.problem("NameError", f"`{step.target}` is not defined as a class")
    if step.obj not in objects:
        return Returned.problem("NameError", f"the object `{step.obj}` was not created (an earlier step failed)")
    return None


def _run_step(step: Step, namespace: Mapping, outputs: list, objects: dict) -> tuple:
    """Run one step: ``(its record, its output for later references)``."""
    out = None
    if step.op is Op.VARIABLE:
        if step.target not in namespace:
            return StepRecord(Returned.problem("NameError", f"`{step.target}` is not defined")), None
        out = namespace[step.target]
        return StepRecord(Returned(out)), out
    if step.op is Op.ATTR:
        problem = _target(step, namespace, objects)
        if problem is not None:
            return StepRecord(problem), None
        try:
            out = _read_attribute(objects[step.obj], (step.target, *step.path))
            return StepRecord(Returned(out)), out
        except Exception as exc:  # a missing attribute, or the student's property raising
            return StepRecord(Returned.error(exc)), None
    try:
        args = _resolve(step.args, outputs, objects)
        kwargs = _resolve(step.kwargs, outputs, objects)
    except (LookupError, IndexError, TypeError) as exc:
        result, args, kwargs = Returned.problem("ShapeError", f"an earlier result {exc}"), [], {}
    else:
        fn = _target(step, namespace, objects)
        if isinstance(fn, Returned):
            result = fn
        else:
            if step.seed is not None:
                np.random.seed(step.seed)
            try:
                if step.op is Op.METHOD:
                    fn = getattr(objects[step.obj], step.target)
                out = fn(*args, **kwargs)
                result = Returned(None if step.op is Op.NEW else out)
                if step.op is Op.NEW:
                    objects[step.obj] = out
            except Exception as exc:  # the student's code may raise anything
                result = Returned.error(exc)
    if step.select is not None and result.ok:
        try:
            result = Returned([_items(out, p) for p in step.select])
        except LookupError as exc:
            result = Returned.problem("ShapeError", f"the result {exc}")
    record = StepRecord(result)
    if step.record and step.attrs and step.obj in objects:
        record.attrs = [_attribute(objects[step.obj], p) for p in step.attrs]
    if step.rng_probe:
        record.rng_after = float(np.random.rand())
    if step.pure:
        record.args_after = [args[i] if i < len(args) else None for i in step.literal_positions()]
    return record, out


def _attribute(obj, path: tuple) -> Returned:
    try:
        return Returned(serialize.snapshot(_read_attribute(obj, path)))
    except Exception as exc:  # a missing attribute, or the student's property raising
        return Returned.error(exc)


def run_case(spec: Case, namespace: Mapping) -> CaseRecord:
    """Run ``spec`` with the functions and classes of ``namespace``; a fresh scope of objects per case.

    Every recorded value is a snapshot taken when its step ran (data only: arrays
    copied, anything else :class:`~course_lib.grading.serialize.Unsupported`), so
    a later step that changes an object's state in place cannot rewrite it.
    """
    outputs: list = []
    objects: dict = {}
    records = []
    for step in spec.steps:
        record, out = _run_step(step, namespace, outputs, objects)
        outputs.append(out)
        if step.record:
            if record.result.ok:
                record.result.value = serialize.snapshot(record.result.value)
            records.append(record)
    return CaseRecord(records)


def as_data(record: CaseRecord) -> CaseRecord:
    """``record`` after a round trip through the data encoding (what a sandbox writes and the grader reads)."""
    arrays: dict = {}
    tree = serialize.encode(record.to_data(), arrays)
    return CaseRecord.from_data(serialize.decode(tree, arrays))
