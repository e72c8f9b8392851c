"""Outputs as plain data: a JSON tree plus numeric arrays in an ``.npz``.

Nothing here ever pickles or unpickles. What a student's process writes is
read back with ``allow_pickle=False``, so reading it cannot run code.

Encoded forms (``encode`` -> JSON-able tree):

* ``None``, ``bool``, ``int``, ``float``, ``str`` -> themselves (non-finite
  floats as ``{"__float__": "nan"|"inf"|"-inf"}``),
* ``list``/``tuple`` -> ``{"__seq__": [...], "tuple": bool}``,
* ``dict`` with ``str`` keys -> ``{"__dict__": {...}}``,
* numeric or boolean ``ndarray`` and numpy scalars -> ``{"__ndarray__": key}``
  with the array stored under ``key``,
* anything else -> ``{"__unsupported__": "<type name>"}`` (it never compares
  equal to anything).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

MAX_DEPTH = 32
MAX_BYTES = 512 * 1024 * 1024  # refuse to read back more than this
_NUMERIC_KINDS = "biufc"


class Unsupported:
    """A value that could not be represented as data (``type_name`` says what)."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self):
        return f"<unsupported {self.type_name}>"


def encode(obj, arrays: dict, depth: int = 0):
    """Return a JSON-able tree for ``obj``; arrays are added to ``arrays``."""
    if depth > MAX_DEPTH:
        return {"__unsupported__": "structure nested too deeply"}
    if type(obj) is Unsupported:  # already decoded once: keep what it was
        return {"__unsupported__": obj.type_name}
    if obj is None or type(obj) in (bool, str, int):
        return obj
    if type(obj) is float:
        if math.isfinite(obj):
            return obj
        return {"__float__": repr(obj)}
    if isinstance(obj, (np.ndarray, np.generic)):
        # Base-class methods only: a subclass cannot run its own code here.
        arr = np.ndarray.copy(np.ndarray.view(obj, np.ndarray)) if isinstance(obj, np.ndarray) \
            else np.array(obj.item() if obj.dtype.kind in _NUMERIC_KINDS else None)
        if arr.dtype.kind not in _NUMERIC_KINDS or arr.dtype.hasobject:
            return {"__unsupported__": f"array of dtype {np.asarray(obj).dtype}"}
        key = f"a{len(arrays)}"
        arrays[key] = arr
        return {"__ndarray__": key}
    if type(obj) in (list, tuple):
        return {"__seq__": [encode(x, arrays, depth + 1) for x in obj], "tuple": type(obj) is tuple}
    if type(obj) is dict:
        if not all(type(k) is str for k in obj):
            return {"__unsupported__": "dict with non-string keys"}
        return {"__dict__": {k: encode(v, arrays, depth + 1) for k, v in obj.items()}}
    return {"__unsupported__": type(obj).__name__}


def snapshot(obj):
    """``obj`` as data, copied now: later changes to ``obj`` (or its arrays) do not show in the copy.

    Uses only :func:`encode` and :func:`decode`, so no code of ``obj``'s own
    classes runs; what cannot be data becomes :class:`Unsupported`.
    """
    arrays: dict = {}
    return decode(encode(obj, arrays), arrays)


def decode(tree, arrays, depth: int = 0):
    """Inverse of :func:`encode` (arrays from a mapping such as an ``NpzFile``)."""
    if depth > MAX_DEPTH:
        raise ValueError("encoded structure nested too deeply")
    if tree is None or isinstance(tree, (bool, int, float, str)):
        return tree
    if isinstance(tree, list):  # plain JSON lists only come from hand-made trees
        return [decode(x, arrays, depth + 1) for x in tree]
    if not isinstance(tree, dict) or len(tree) == 0:
        raise ValueError(f"malformed encoded value: {str(tree)[:80]}")
    if "__ndarray__" in tree:
        return np.asarray(arrays[tree["__ndarray__"]])
    if "__float__" in tree:
        return float(tree["__float__"])
    if "__seq__" in tree:
        items = [decode(x, arrays, depth + 1) for x in tree["__seq__"]]
        return tuple(items) if tree.get("tuple") else items
    if "__dict__" in tree:
        return {str(k): decode(v, arrays, depth + 1) for k, v in tree["__dict__"].items()}
    if "__unsupported__" in tree:
        return Unsupported(str(tree["__unsupported__"]))
    raise ValueError(f"malformed encoded value: {str(tree)[:80]}")


def save(path_stem: Path, obj) -> None:
    """Write ``obj`` to ``<stem>.json`` and ``<stem>.npz`` (the JSON last)."""
    path_stem = Path(path_stem)
    arrays: dict = {}
    tree = encode(obj, arrays)
    np.savez(path_stem.with_suffix(".npz"), **arrays)
    tmp = path_stem.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(tree))
    tmp.replace(path_stem.with_suffix(".json"))


def load(path_stem: Path):
    """Read what :func:`save` wrote, without pickle and with a size limit."""
    path_stem = Path(path_stem)
    jpath, npath = path_stem.with_suffix(".json"), path_stem.with_suffix(".npz")
    for p in (jpath, npath):
        if p.is_symlink() or (p.exists() and not p.is_file()):
            raise ValueError(f"{p.name} is not a regular file")
    size = jpath.stat().st_size + (npath.stat().st_size if npath.exists() else 0)
    if size > MAX_BYTES:
        raise ValueError(f"{path_stem.name}: recorded output is {size} bytes, over the {MAX_BYTES} byte limit")
    tree = json.loads(jpath.read_text())
    if npath.exists():
        with np.load(npath, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    else:
        arrays = {}
    return decode(tree, arrays)
