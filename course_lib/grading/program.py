"""Hidden-test cases as data, and the small interpreter that runs them.

A *case* is a dict that only holds data (so it can be written for a sandboxed
kernel and read back without pickle)::

    {"label": "train mode, shape (5, 3)",
     "calls": [{"fn": "dropout", "args": [A, 0.3], "kwargs": {"mode": "train"},
                "seed": 7, "pure": True, "rng_probe": True, "select": None,
                "record": True}],
     "rtol": 1e-6, "atol": 1e-9}

or, for a value computed by the notebook itself, ``{"label": ..., "value": "parameters"}``.

``args`` may refer to an earlier call's output with ``{"$ref": [i, *path]}``
(for example a cache made by the student's own forward function).
:func:`run_case` runs a case with a given set of functions and returns its
*outcome*, again as data: per recorded call ``{"value": ...}`` or
``{"raised": [exception class names], "message": ...}``, plus the inputs after
the call (``args_after``) and one draw of the global RNG (``rng_after``).
"""

from __future__ import annotations

import copy
from typing import Callable, Mapping

import numpy as np

from . import serialize


def call(fn: str, *args, seed=None, pure=True, rng_probe=False, select=None, record=True, **kwargs) -> dict:
    """Describe one call of the function named ``fn`` (see the module docstring)."""
    return {"fn": fn, "args": list(args), "kwargs": kwargs, "seed": seed, "pure": pure,
            "rng_probe": rng_probe, "select": select, "record": record}


def ref(index: int, *path) -> dict:
    """Refer to the output of call number ``index`` of the same case (optionally an item of it)."""
    return {"$ref": [index, *path]}


def case(label: str, *calls: dict, rtol: float | None = None, atol: float | None = None) -> dict:
    """A case made of one or more calls; tolerances default to the suite's."""
    return {"label": label, "calls": list(calls), "rtol": rtol, "atol": atol}


def value_case(label: str, variable: str) -> dict:
    """A case that records the notebook variable ``variable`` as it is."""
    return {"label": label, "value": variable}


def _get_path(obj, path):
    for key in path:
        if isinstance(key, str):
            if not isinstance(obj, Mapping) or key not in obj:
                raise LookupError(f"has no key {key!r}")
        elif not isinstance(obj, (list, tuple, np.ndarray)) or not -len(obj) <= key < len(obj):
            raise LookupError(f"has no item [{key}]")
        obj = obj[key]
    return obj


def _resolve(obj, outputs):
    if isinstance(obj, dict):
        if set(obj) == {"$ref"}:
            index, *path = obj["$ref"]
            return _get_path(outputs[index], path)
        return {k: _resolve(v, outputs) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_resolve(v, outputs) for v in obj]
    if isinstance(obj, tuple):
        return tuple(_resolve(v, outputs) for v in obj)
    return copy.deepcopy(obj)


def _literal_args(call_spec):
    """Positions of the arguments that are literal data (not references)."""
    return [i for i, a in enumerate(call_spec["args"]) if not (isinstance(a, dict) and "$ref" in a)]


def _raised(exc: BaseException) -> dict:
    return {"raised": [c.__name__ for c in type(exc).__mro__], "message": str(exc)[:500]}


def run_case(case_spec: dict, functions: Mapping[str, Callable], namespace: Mapping | None = None) -> dict:
    """Run ``case_spec`` with ``functions`` and return its outcome (plain data)."""
    if "value" in case_spec:
        name = case_spec["value"]
        source = namespace if namespace is not None else functions
        if name not in source:
            return {"calls": [{"raised": ["NameError"], "message": f"`{name}` is not defined"}]}
        return {"calls": [{"value": source[name]}]}
    outputs, recorded = [], []
    for spec in case_spec["calls"]:
        outcome: dict = {}
        fn = functions.get(spec["fn"])
        out = None
        try:
            args = _resolve(spec["args"], outputs)
            kwargs = _resolve(spec.get("kwargs") or {}, outputs)
        except (LookupError, IndexError, TypeError) as exc:
            outcome = {"raised": ["ShapeError"], "message": f"an earlier result {exc}"}
            args, kwargs = [], {}
        if not outcome:
            if not callable(fn):
                outcome = {"raised": ["NameError"], "message": f"`{spec['fn']}` is not defined as a function"}
            else:
                if spec.get("seed") is not None:
                    np.random.seed(spec["seed"])
                try:
                    out = fn(*args, **kwargs)
                    outcome = {"value": out}
                except Exception as exc:  # the student's code may raise anything
                    outcome = _raised(exc)
        if spec.get("select") is not None and "value" in outcome:
            try:
                outcome["value"] = [_get_path(out, p) for p in spec["select"]]
            except LookupError as exc:
                outcome = {"raised": ["ShapeError"], "message": f"the result {exc}"}
        if spec.get("rng_probe"):
            outcome["rng_after"] = float(np.random.rand())
        if spec.get("pure"):
            outcome["args_after"] = [args[i] if i < len(args) else None for i in _literal_args(spec)]
        outputs.append(out)
        if spec.get("record", True):
            recorded.append(outcome)
    return {"calls": recorded}


def as_data(outcome: dict) -> dict:
    """Round-trip an outcome through the data encoding (what a sandbox would write)."""
    arrays: dict = {}
    tree = serialize.encode(outcome, arrays)
    return serialize.decode(tree, arrays)
