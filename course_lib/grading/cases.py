"""Hidden-test cases as small dataclasses: what to run, and what a run recorded.

A :class:`Case` is a sequence of :class:`Step` s run in one fresh scope, so
state carries from step to step (an object made by one step is used by the
next). Five operations cover functions and classes::

    call("relu", Z)                        relu(Z)                    -> its return value
    new("opt", "Momentum", lr=0.1)         opt = Momentum(lr=0.1)     -> (the object is kept, not recorded)
    method("opt", "step", params, grads)   opt.step(params, grads)    -> its return value
    attr("opt", "velocities", "dW1")       opt.velocities["dW1"]      -> the value read
    value_case(label, "parameters")        the notebook variable `parameters`

Arguments are data (arrays, numbers, strings, ``None``, lists, tuples, dicts
with string keys) or :func:`ref` s: ``ref(i, *path)`` is the output of step
``i`` of the same case (an object, for a ``new`` step), optionally an item of
it; ``ref("opt")`` is the object named ``"opt"``. ``new`` and ``method``
steps can also record attributes of their object after they ran
(``attrs=["velocities", "t"]``).

Every step's outcome is a :class:`StepRecord`: what it returned (or raised),
the attributes asked for, and, on request, the literal arguments after the
call (``pure``: inputs must not change) and one draw of numpy's global RNG
(``rng_probe``: the order of random draws). A case's run gives a
:class:`CaseRecord`.

Cases are written for the sandboxed kernel and records read back as plain
data (:meth:`Case.to_data`, :meth:`CaseRecord.from_data`; arrays are handled
by :mod:`course_lib.grading.serialize`), never pickled: the student's objects
never leave the sandbox, only what was recorded about them. The trusted side
replays the same case against the reference and compares the records (see
:mod:`course_lib.grading.suite`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Op", "Ref", "Step", "Case", "Returned", "StepRecord", "CaseRecord",
           "call", "new", "method", "attr", "value_case", "case", "ref"]

REF_KEY = "$ref"


class Op(str, Enum):
    """What a step does (see the module docstring)."""

    CALL = "call"
    NEW = "new"
    METHOD = "method"
    ATTR = "attr"
    VARIABLE = "variable"


@dataclass(frozen=True)
class Ref:
    """An earlier step's output (``target`` = its index) or a named object (``target`` = its name)."""

    target: int | str
    path: tuple = ()

    def to_data(self) -> dict:
        return {REF_KEY: [self.target, *self.path]}


def ref(target: int | str, *path) -> Ref:
    """Refer to step ``target``'s output (an int) or to the object named ``target`` (a str), then ``path``."""
    if not isinstance(target, (int, str)) or isinstance(target, bool):
        raise TypeError("ref() takes a step index or an object name")
    return Ref(target, tuple(path))


@dataclass
class Step:
    """One step of a case (build it with :func:`call`, :func:`new`, :func:`method`, :func:`attr`)."""

    op: Op
    target: str                       # function, class, method, attribute or variable name
    obj: str = ""                     # NEW: the name given to the object; METHOD, ATTR: the object used
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)
    path: tuple = ()                  # ATTR: further items or attributes below ``target``
    seed: int | None = None           # seed numpy's global RNG just before the step
    pure: bool = False                # record the literal arguments afterwards (they must not change)
    rng_probe: bool = False           # record one draw of the global RNG afterwards
    select: list | None = None        # record only these paths of the returned value
    record: bool = True               # record this step at all (else it only prepares later steps)
    attrs: list = field(default_factory=list)   # NEW, METHOD: attribute paths of the object to record after
    strict: bool = False              # the result's dict keys, container types and integer dtypes must match exactly

    def __post_init__(self):
        self.op = Op(self.op)
        self.attrs = [tuple(a) if isinstance(a, (list, tuple)) else (a,) for a in self.attrs]

    def literal_positions(self) -> list:
        """Positions of the positional arguments that are data, not references."""
        return [i for i, a in enumerate(self.args) if not isinstance(a, Ref)]

    def to_data(self) -> dict:
        return {"op": self.op.value, "target": self.target, "obj": self.obj, "args": _refs_out(self.args),
                "kwargs": _refs_out(self.kwargs), "path": list(self.path), "seed": self.seed, "pure": self.pure,
                "rng_probe": self.rng_probe, "select": self.select, "record": self.record,
                "attrs": [list(a) for a in self.attrs], "strict": self.strict}

    @classmethod
    def from_data(cls, raw: dict) -> "Step":
        return cls(Op(raw["op"]), raw["target"], raw.get("obj") or "", list(_refs_in(raw.get("args") or [])),
                   dict(_refs_in(raw.get("kwargs") or {})), tuple(raw.get("path") or ()), raw.get("seed"),
                   bool(raw.get("pure")), bool(raw.get("rng_probe")),
                   [list(p) for p in raw["select"]] if raw.get("select") is not None else None,
                   bool(raw.get("record", True)), [tuple(a) for a in raw.get("attrs") or []], bool(raw.get("strict")))


def _check_name(kind: str, name) -> str:
    if not isinstance(name, str) or not name:
        raise TypeError(f"{kind} must be a non-empty string, not {name!r}")
    return name


def call(fn: str, *args, seed=None, pure=True, rng_probe=False, select=None, record=True, strict=False,
         **kwargs) -> Step:
    """``fn(*args, **kwargs)``; by default its inputs must come back unchanged (``pure``).

    ``strict``: where the spec fixes them exactly, the result's dict keys (no extra ones), its
    container types (an array, not a list) and integer dtypes must match the reference's.
    """
    return Step(Op.CALL, _check_name("the function name", fn), "", list(args), kwargs, (), seed, pure,
                rng_probe, select, record, strict=strict)


def new(obj: str, cls: str, *args, seed=None, pure=False, rng_probe=False, record=True, attrs=(),
        **kwargs) -> Step:
    """``obj = cls(*args, **kwargs)``: make an object of the class (or factory) named ``cls``.

    Its record says whether construction raised, plus the attributes in ``attrs``.
    """
    return Step(Op.NEW, _check_name("the class name", cls), _check_name("the object name", obj), list(args),
                kwargs, (), seed, pure, rng_probe, None, record, list(attrs))


def method(obj: str, name: str, *args, seed=None, pure=False, rng_probe=False, select=None, record=True,
           attrs=(), **kwargs) -> Step:
    """``obj.name(*args, **kwargs)`` on an object made by an earlier :func:`new`; state carries over."""
    return Step(Op.METHOD, _check_name("the method name", name), _check_name("the object name", obj),
                list(args), kwargs, (), seed, pure, rng_probe, select, record, list(attrs))


def attr(obj: str, name: str, *path, record=True) -> Step:
    """Read ``obj.name`` (then items or attributes along ``path``), e.g. ``attr("net", "params", "W1")``."""
    return Step(Op.ATTR, _check_name("the attribute name", name), _check_name("the object name", obj),
                path=tuple(path), record=record)


@dataclass
class Case:
    """A labelled sequence of steps; ``rtol``/``atol`` override the suite's tolerances when given."""

    label: str
    steps: list
    rtol: float | None = None
    atol: float | None = None

    def recorded(self) -> list:
        """The steps whose outcome is recorded, in order (one :class:`StepRecord` each)."""
        return [s for s in self.steps if s.record]

    def names_used(self) -> set:
        """Notebook names the case calls: functions, classes (and the variable of a value case)."""
        return {s.target for s in self.steps if s.op in (Op.CALL, Op.NEW, Op.VARIABLE)}

    @property
    def variable(self) -> str | None:
        """The notebook variable a value case records (else None)."""
        first = self.steps[0] if self.steps else None
        return first.target if first is not None and first.op is Op.VARIABLE else None

    def to_data(self) -> dict:
        return {"label": self.label, "steps": [s.to_data() for s in self.steps], "rtol": self.rtol,
                "atol": self.atol}

    @classmethod
    def from_data(cls, raw: dict) -> "Case":
        return cls(str(raw["label"]), [Step.from_data(s) for s in raw["steps"]], raw.get("rtol"), raw.get("atol"))


def case(label: str, *steps: Step, rtol: float | None = None, atol: float | None = None) -> Case:
    """A case made of one or more steps; tolerances default to the suite's."""
    for s in steps:
        if not isinstance(s, Step):
            raise TypeError(f"case {label!r}: every step must come from call/new/method/attr, not {type(s).__name__}")
    return Case(label, list(steps), rtol, atol)


def value_case(label: str, variable: str) -> Case:
    """A case that records the notebook variable ``variable`` as it is."""
    return Case(label, [Step(Op.VARIABLE, _check_name("the variable name", variable))])


def _refs_out(obj):
    """``obj`` with every :class:`Ref` turned into its plain-data form."""
    if isinstance(obj, Ref):
        return obj.to_data()
    if type(obj) is dict:
        return {k: _refs_out(v) for k, v in obj.items()}
    if type(obj) in (list, tuple):
        return type(obj)(_refs_out(v) for v in obj)
    return obj


def _refs_in(obj):
    """Inverse of :func:`_refs_out`."""
    if isinstance(obj, dict):
        if set(obj) == {REF_KEY}:
            target, *path = obj[REF_KEY]
            return Ref(target, tuple(path))
        return {k: _refs_in(v) for k, v in obj.items()}
    if type(obj) in (list, tuple):
        return type(obj)(_refs_in(v) for v in obj)
    return obj


# --- what a run recorded --------------------------------------------------------------

@dataclass
class Returned:
    """What evaluating something gave: a value, or an exception (its class names, most specific first)."""

    value: Any = None
    raised: tuple = ()
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.raised

    @classmethod
    def error(cls, exc: BaseException) -> "Returned":
        return cls(raised=tuple(c.__name__ for c in type(exc).__mro__), message=str(exc)[:500])

    @classmethod
    def problem(cls, name: str, message: str) -> "Returned":
        """A failure found by the interpreter itself (e.g. a missing function), as if raised."""
        return cls(raised=(name,), message=message)

    def to_data(self) -> dict:
        return {"raised": list(self.raised), "message": self.message} if self.raised else {"value": self.value}

    @classmethod
    def from_data(cls, raw) -> "Returned":
        if not isinstance(raw, dict):
            raise ValueError("a recorded result is not a mapping")
        if "raised" in raw:
            names = raw["raised"]
            if not isinstance(names, (list, tuple)) or not names or not all(isinstance(n, str) for n in names):
                raise ValueError("a recorded exception has no class names")
            return cls(raised=tuple(names), message=str(raw.get("message", ""))[:500])
        if "value" not in raw:
            raise ValueError("a recorded result has neither a value nor an exception")
        return cls(value=raw["value"])


@dataclass
class StepRecord:
    """What one recorded step gave."""

    result: Returned
    attrs: list = field(default_factory=list)       # Returned per attribute path asked for
    args_after: list | None = None                  # pure steps: the literal arguments after the step
    rng_after: float | None = None                  # rng_probe steps: one draw of the global RNG after

    def to_data(self) -> dict:
        data = self.result.to_data()
        if self.attrs:
            data["attrs"] = [a.to_data() for a in self.attrs]
        if self.args_after is not None:
            data["args_after"] = list(self.args_after)
        if self.rng_after is not None:
            data["rng_after"] = self.rng_after
        return data

    @classmethod
    def from_data(cls, raw) -> "StepRecord":
        result = Returned.from_data(raw)
        attrs = raw.get("attrs", [])
        args_after = raw.get("args_after")
        rng_after = raw.get("rng_after")
        if not isinstance(attrs, (list, tuple)) or (args_after is not None and not isinstance(args_after, (list, tuple))):
            raise ValueError("a recorded step is malformed")
        if rng_after is not None and type(rng_after) is not float:
            raise ValueError("a recorded random draw is not a number")
        return cls(result, [Returned.from_data(a) for a in attrs],
                   list(args_after) if args_after is not None else None, rng_after)


@dataclass
class CaseRecord:
    """What one case's run recorded: one :class:`StepRecord` per recorded step."""

    steps: list = field(default_factory=list)

    def to_data(self) -> dict:
        return {"steps": [s.to_data() for s in self.steps]}

    @classmethod
    def from_data(cls, raw) -> "CaseRecord":
        """Read a record written by a student's process: anything malformed raises ``ValueError``."""
        if not isinstance(raw, dict) or not isinstance(raw.get("steps"), (list, tuple)):
            raise ValueError("a recorded case is malformed")
        return cls([StepRecord.from_data(s) for s in raw["steps"]])
