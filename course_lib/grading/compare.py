"""Compare a student's recorded outcome with the reference's, as data.

Every function here returns a list of problems, each a sentence a student can
act on. Expected values are never printed: only shapes, positions, counts and
tolerances.
"""

from __future__ import annotations

import numpy as np

from .serialize import Unsupported


def _describe(path: str) -> str:
    return path if path else "the result"


def _is_sequence(x) -> bool:
    return isinstance(x, (list, tuple))


def _size(x):
    if isinstance(x, np.ndarray):
        return x.size
    if _is_sequence(x):
        return len(x)
    return None


def _numeric(x) -> bool:
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "biuf"
    return type(x) in (bool, int, float)


def _compare_arrays(path, ref, got, rtol, atol):
    ref = np.asarray(ref)
    got = np.asarray(got)
    if ref.shape != got.shape:
        # A scalar may come back as any size-1 array (e.g. a 0-d array).
        if not (ref.shape == () and got.size == 1):
            return [f"{_describe(path)} has shape {got.shape}, but shape {ref.shape} is expected."]
        got = got.reshape(())
    if ref.dtype.kind in "iub" and got.dtype.kind == "f" and ref.ndim > 0 and ref.dtype.kind != "b":
        if not np.all(np.isfinite(got)) or not np.array_equal(got, np.round(got)):
            return [f"{_describe(path)} should hold whole numbers (integers)."]
    ref64 = ref.astype(np.float64)
    with np.errstate(all="ignore"):
        got64 = got.astype(np.float64)
        if not np.all(np.isfinite(got64) | ~np.isfinite(ref64)):
            bad = int(np.count_nonzero(~np.isfinite(got64) & np.isfinite(ref64)))
            return [f"{_describe(path)} contains {bad} NaN or infinite value(s); "
                    f"check for overflow, division by zero or log(0)."]
        close = np.isclose(got64, ref64, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return []
    wrong = ~close
    n_wrong = int(np.count_nonzero(wrong))
    diff = np.where(wrong, np.abs(got64 - ref64), 0.0)
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    where = f" (largest difference {float(diff[worst]):.3g} at index {tuple(int(i) for i in worst)})" \
        if diff.ndim else f" (difference {float(diff):.3g})"
    return [f"{_describe(path)} has the right shape {ref.shape} but {n_wrong} of {ref.size} "
            f"value(s) are not as expected{where}; tolerance rtol={rtol:g}, atol={atol:g}."]


def _strict_problems(ref, got, path: str) -> list[str]:
    """What ``strict`` adds: no extra dict keys, an array where the reference has one, integer dtypes."""
    if isinstance(ref, dict) and isinstance(got, dict):
        extra = [k for k in got if k not in ref]
        if extra:
            shown = ", ".join(repr(k) for k in extra[:6]) + (" ..." if len(extra) > 6 else "")
            return [f"{_describe(path)} has key(s) {shown} that should not be there in this case; "
                    f"check when the description says to create them."]
    if isinstance(ref, np.ndarray) and not isinstance(got, np.ndarray):
        return [f"{_describe(path)} should be a numpy array (e.g. np.asarray(...)), not a {type(got).__name__}."]
    if isinstance(ref, np.ndarray) and isinstance(got, np.ndarray) and ref.dtype.kind in "iu" \
            and got.dtype.kind not in "iu":
        return [f"{_describe(path)} should hold integers (an integer dtype), not {got.dtype}."]
    return []


def compare_values(ref, got, *, rtol: float = 1e-6, atol: float = 1e-9, path: str = "",
                   strict: bool = False) -> list[str]:
    """Problems found comparing ``got`` with the reference value ``ref``.

    Rules: arrays and numbers compare numerically with exact shapes (a scalar
    may come back as a size-1 array); lists and tuples compare item by item;
    dicts must contain every key of the reference (extra keys are fine); an
    empty list and an empty array are the same; strings and ``None`` compare
    exactly. With ``strict`` (for results the spec fixes exactly), extra dict
    keys, a list where the reference has an array, and floats where it has
    integers are problems too.
    """
    if isinstance(got, Unsupported):
        return [f"{_describe(path)} is a {got.type_name}, which cannot be graded; "
                f"return numpy arrays, numbers, lists, tuples or dicts as described."]
    if strict:
        found = _strict_problems(ref, got, path)
        if found:
            return found
    ref_size, got_size = _size(ref), _size(got)
    if ref_size == 0 and got_size == 0:
        return []
    if isinstance(ref, dict):
        if not isinstance(got, dict):
            return [f"{_describe(path)} should be a dict, not a {type(got).__name__}."]
        missing = [k for k in ref if k not in got]
        if missing:
            shown = ", ".join(repr(k) for k in missing[:6]) + (" ..." if len(missing) > 6 else "")
            return [f"{_describe(path)} is missing the key(s) {shown}."]
        problems = []
        for k in ref:
            problems += compare_values(ref[k], got[k], rtol=rtol, atol=atol, path=f"{path}[{k!r}]", strict=strict)
        return problems
    if _is_sequence(ref):
        if not _is_sequence(got):
            if isinstance(got, np.ndarray) and not all(isinstance(x, np.ndarray) for x in ref):
                return _compare_arrays(path, np.asarray(ref, dtype=np.float64), got, rtol, atol) \
                    if all(_numeric(x) for x in ref) else [f"{_describe(path)} should be a list or tuple."]
            return [f"{_describe(path)} should be a list or tuple of {len(ref)} item(s), "
                    f"not a {type(got).__name__}."]
        if len(got) != len(ref):
            return [f"{_describe(path)} has {len(got)} item(s), but {len(ref)} are expected."]
        problems = []
        for i, (r, g) in enumerate(zip(ref, got)):
            problems += compare_values(r, g, rtol=rtol, atol=atol, path=f"{path}[{i}]", strict=strict)
        return problems
    if ref is None:
        return [] if got is None else [f"{_describe(path)} should be None."]
    if isinstance(ref, str):
        return [] if got == ref else [f"{_describe(path)} is not the expected string."]
    if _numeric(ref):
        if isinstance(got, (np.ndarray, bool, int, float)) and _numeric(got):
            return _compare_arrays(path, ref, got, rtol, atol)
        if _is_sequence(got) and all(_numeric(x) for x in got):
            return _compare_arrays(path, ref, np.asarray(got, dtype=np.float64), rtol, atol)
        return [f"{_describe(path)} should be numeric, not a {type(got).__name__}."]
    return [f"{_describe(path)} could not be compared (unexpected {type(ref).__name__} in the reference)."]


def compare_returned(ref, got, *, rtol: float, atol: float, what: str, label: str | None = None,
                     select: list | None = None, strict: bool = False) -> list[str]:
    """Compare two :class:`~course_lib.grading.cases.Returned`: a value each, or an exception each.

    ``what`` names the action in messages about exceptions (``relu``,
    ``opt.step (call 2)``); ``label`` names the value (default ``the output of
    <what>``). ``select``: the paths the values were picked with (see
    ``cases.call``); problems then name each item by its place in the
    function's result, e.g. ``the output of layer_forward[1]['act_cache']``.
    """
    if not ref.ok:
        expected = ref.raised[0]
        if got.ok:
            return [f"{what} should raise {expected} here, but it returned normally."]
        if expected not in got.raised:
            return [f"{what} should raise {expected} here, but it raised {got.raised[0]}."]
        return []
    if not got.ok:
        name = got.raised[0]
        if name == "NotImplementedError":
            return [f"{what} is not implemented yet (it raised NotImplementedError)."]
        return [f"{what} raised {name}: {str(got.message)[:200]}"]
    base = label or what_path(what)
    if select and isinstance(ref.value, list) and isinstance(got.value, list) \
            and len(ref.value) == len(got.value) == len(select):
        problems = []
        for keys, r, g in zip(select, ref.value, got.value):
            problems += compare_values(r, g, rtol=rtol, atol=atol, path=base + "".join(f"[{k!r}]" for k in keys),
                                       strict=strict)
        return problems
    return compare_values(ref.value, got.value, rtol=rtol, atol=atol, path=base, strict=strict)


def what_path(what: str) -> str:
    return f"the output of {what}"
