"""The case language: function calls as before, and classes (objects, methods with state, attributes).

In-process only: local mode (``check()`` judges at once) and record mode
(``COURSE_GRADING_DIR``: the "sandbox" side records data, the trusted side
reads it back and judges it against the reference on the same cases).
"""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pytest

from course_lib.grading import answer_key, check, serialize
from course_lib.grading.cases import Case, CaseRecord
from course_lib.grading.notebooks import AssignmentInfo, GradedCell
from course_lib.grading.program import as_data, attr, call, case, method, new, ref, run_case
from course_lib.grading.scoring import load_records, score_notebook
from course_lib.grading.status import Outcome
from course_lib.grading.suite import Suite, judge

# --- a tiny assignment: the reference, and students' versions ---------------------------

REFERENCE_CODE = '''
import numpy as np

class Momentum:
    def __init__(self, lr=0.1, beta=0.9):
        self.lr, self.beta, self.velocities, self.t = lr, beta, {}, 0

    def step(self, params, grads):
        self.t += 1
        for k, g in grads.items():
            self.velocities[k] = self.beta * self.velocities.get(k, np.zeros_like(g)) + (1 - self.beta) * g
            params[k] = params[k] - self.lr * self.velocities[k]
        return params

class Dense:
    def __init__(self, W, b):
        self.params, self.grads = {"W": W, "b": b}, {}

    def forward(self, X):
        self.X = X
        return self.params["W"] @ X + self.params["b"]

    def backward(self, dZ):
        self.grads = {"W": dZ @ self.X.T, "b": dZ.sum(axis=1, keepdims=True)}
        return self.params["W"].T @ dZ

class ReLU:
    def forward(self, X):
        self.mask = X > 0
        return X * self.mask

    def backward(self, dA):
        return dA * self.mask

class Sequential:
    def __init__(self, layers):
        self.layers = list(layers)

    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, d):
        for layer in reversed(self.layers):
            d = layer.backward(d)
        return d

def sequential(layers):
    return Sequential(layers)
'''

# Right, but written differently: velocities made up front, in-place updates on copies, a
# property for t, functools.reduce for the container.
CORRECT_DIFFERENTLY = REFERENCE_CODE.replace('''class Momentum:
    def __init__(self, lr=0.1, beta=0.9):
        self.lr, self.beta, self.velocities, self.t = lr, beta, {}, 0

    def step(self, params, grads):
        self.t += 1
        for k, g in grads.items():
            self.velocities[k] = self.beta * self.velocities.get(k, np.zeros_like(g)) + (1 - self.beta) * g
            params[k] = params[k] - self.lr * self.velocities[k]
        return params''', '''class Momentum:
    def __init__(self, lr=0.1, beta=0.9):
        self.lr = lr
        self.beta = beta
        self.velocities = {}
        self._steps = []

    @property
    def t(self):
        return len(self._steps)

    def step(self, params, grads):
        self._steps.append(None)
        for name in grads:
            v = self.velocities.setdefault(name, np.zeros(np.shape(grads[name])))
            v *= self.beta
            v += (1.0 - self.beta) * grads[name]
            params[name] = params[name] - self.lr * v
        return params''').replace('''    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, d):
        for layer in reversed(self.layers):
            d = layer.backward(d)
        return d''', '''    def forward(self, X):
        import functools
        return functools.reduce(lambda a, layer: layer.forward(a), self.layers, X)

    def backward(self, d):
        import functools
        return functools.reduce(lambda a, layer: layer.backward(a), self.layers[::-1], d)''')

# Wrong only from the second step on: the velocity is not carried over (right after one step).
WRONG_STATE = REFERENCE_CODE.replace(
    "self.velocities[k] = self.beta * self.velocities.get(k, np.zeros_like(g)) + (1 - self.beta) * g",
    "self.velocities[k] = (1 - self.beta) * g")
# Wrong: the container back-propagates through the layers in forward order.
WRONG_ORDER = REFERENCE_CODE.replace("for layer in reversed(self.layers):", "for layer in self.layers:")


def namespace(code: str) -> dict:
    ns = {"__name__": "__main__"}
    exec(compile(code, "<notebook>", "exec"), ns)
    return ns


REFERENCE = {k: v for k, v in namespace(REFERENCE_CODE).items() if callable(v) and not k.startswith("_")}


def momentum_cases(rng):
    P = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal((3, 1))}
    grads = [{k: rng.standard_normal(v.shape) for k, v in P.items()} for _ in range(2)]
    return [case("two steps from zero state",
                 new("opt", "Momentum", lr=0.1, beta=0.9, attrs=["t"]),
                 method("opt", "step", P, grads[0], attrs=["velocities", "t"]),
                 method("opt", "step", ref(1), grads[1], attrs=["velocities", "t"]),
                 attr("opt", "velocities", "W"))]


def sequential_cases(rng):
    W1, b1 = rng.standard_normal((5, 4)), rng.standard_normal((5, 1))
    W2, b2 = rng.standard_normal((3, 5)), rng.standard_normal((3, 1))
    X, dY = rng.standard_normal((4, 7)), rng.standard_normal((3, 7))
    return [case("dense, relu, dense: forward then backward",
                 new("l1", "Dense", W1, b1), new("act", "ReLU"), new("l2", "Dense", W2, b2),
                 new("net", "sequential", [ref("l1"), ref("act"), ref("l2")], record=False),
                 method("net", "forward", X),
                 method("net", "backward", dY),
                 attr("l1", "grads"), attr("l2", "grads", "W"), attr("net", "layers", 0, "params", "W"))]


SUITES = {"momentum": Suite("momentum", momentum_cases), "sequential": Suite("sequential", sequential_cases)}


@pytest.fixture
def toy(monkeypatch):
    """The answer key of the tiny assignment, as the engine finds it."""
    monkeypatch.setattr(answer_key, "suites", lambda assignment: SUITES)
    monkeypatch.setattr(answer_key, "reference", lambda assignment: REFERENCE)
    monkeypatch.delenv("COURSE_GRADING_DIR", raising=False)
    monkeypatch.setenv("COURSE_GRADING_SEED", "7")


# --- local mode ---------------------------------------------------------------------------

@pytest.mark.parametrize("code", [REFERENCE_CODE, CORRECT_DIFFERENTLY], ids=["reference", "written_differently"])
def test_local_mode_passes_correct_classes(toy, code, capsys):
    for name in SUITES:
        check(name, namespace(code), assignment="toy")
    assert "all 1 hidden test cases passed" in capsys.readouterr().out


def test_local_mode_catches_wrong_state_after_two_steps(toy):
    with pytest.raises(AssertionError) as caught:
        check("momentum", namespace(WRONG_STATE), assignment="toy")
    message = str(caught.value)
    assert "Case 'two steps from zero state'" in message
    # the first step is right; the second step's state (the velocities) is where it goes wrong
    assert "the output of opt.step (call 2)" in message
    check("sequential", namespace(WRONG_STATE), assignment="toy")  # the other class is fine


def test_local_mode_catches_a_wrong_container(toy):
    with pytest.raises(AssertionError, match=r"net.backward"):
        check("sequential", namespace(WRONG_ORDER), assignment="toy")


def test_messages_name_the_step_and_the_attribute_but_no_expected_values(toy):
    cases = momentum_cases(np.random.default_rng(0))
    expected = [as_data(run_case(c, REFERENCE)) for c in cases]
    got = [as_data(run_case(c, namespace(WRONG_STATE))) for c in cases]
    for record, ref_record in zip(got, expected):   # same return values: only the state is wrong
        for step, ref_step in zip(record.steps, ref_record.steps):
            step.result = ref_step.result
    problems = judge(SUITES["momentum"], cases, got, REFERENCE)
    assert len(problems) == 1
    assert "after opt.step (call 2): opt.velocities['W'] has the right shape (3, 4) but" in problems[0]
    values = expected[0].steps[2].attrs[0].value["W"]
    assert not any(f"{v:.3g}" in problems[0] for v in values.flat if abs(v) > 1e-3)


def test_missing_class_method_and_attribute_are_explained(toy):
    code = REFERENCE_CODE.replace("    def step(self, params, grads):", "    def stepp(self, params, grads):")
    with pytest.raises(AssertionError, match=r"opt.step \(call 1\) raised AttributeError: 'Momentum' object has no attribute 'step'"):
        check("momentum", namespace(code), assignment="toy")
    with pytest.raises(AssertionError, match=r"opt = Momentum\(\.\.\.\) raised NameError: `Momentum` is not defined"):
        check("momentum", {"np": np}, assignment="toy")
    code = REFERENCE_CODE.replace("self.lr, self.beta, self.velocities, self.t = lr, beta, {}, 0",
                                  "self.lr, self.beta, self.velocities = lr, beta, {}")
    with pytest.raises(AssertionError, match=r"reading opt.t raised AttributeError"):
        check("momentum", namespace(code), assignment="toy")


# --- record mode: the sandbox records data, the trusted side judges --------------------------

def _record_and_score(tmp_path, monkeypatch, code: str) -> dict:
    """What grading gives: cases written as data, recorded by the "kernel", judged by the trusted side."""
    cases = {name: suite.make_cases(np.random.default_rng(3)) for name, suite in SUITES.items()}
    (tmp_path / "in").mkdir(exist_ok=True)
    for name, value in cases.items():
        serialize.save(tmp_path / "in" / name, [c.to_data() for c in value])
    student = namespace(code)
    monkeypatch.setenv("COURSE_GRADING_DIR", str(tmp_path))
    for name in cases:
        check(name, student)
    monkeypatch.delenv("COURSE_GRADING_DIR")
    info = AssignmentInfo("toy", "toy.ipynb", [GradedCell(f"test_{n}", 5.0, [n]) for n in cases])
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"check({n!r}, globals())",
                                          metadata={"nbgrader": {"grade_id": f"test_{n}", "grade": True}})
                for n in cases]
    return {c.grade_id: c for c in score_notebook(nb, info, tmp_path / "out", cases)}


@pytest.mark.parametrize("code", [REFERENCE_CODE, CORRECT_DIFFERENTLY], ids=["reference", "written_differently"])
def test_record_mode_full_marks_for_correct_classes(toy, tmp_path, monkeypatch, code):
    cells = _record_and_score(tmp_path, monkeypatch, code)
    assert {gid: (c.points, c.outcome) for gid, c in cells.items()} == {
        "test_momentum": (5.0, Outcome.PASSED), "test_sequential": (5.0, Outcome.PASSED)}


def test_record_mode_catches_wrong_state(toy, tmp_path, monkeypatch):
    cells = _record_and_score(tmp_path, monkeypatch, WRONG_STATE)
    assert cells["test_momentum"].points == 0 and cells["test_momentum"].outcome is Outcome.FAILED
    assert "opt.step (call 2)" in cells["test_momentum"].messages[0]
    assert cells["test_sequential"].outcome is Outcome.PASSED
    cells = _record_and_score(tmp_path, monkeypatch, WRONG_ORDER)
    assert cells["test_sequential"].outcome is Outcome.FAILED and cells["test_momentum"].outcome is Outcome.PASSED


def test_only_data_leaves_the_sandbox(toy, tmp_path, monkeypatch):
    _record_and_score(tmp_path, monkeypatch, REFERENCE_CODE)
    for name in SUITES:
        text = (tmp_path / "out" / f"{name}.json").read_text()
        assert "__unsupported__" not in text and "pickle" not in text
        records, problem = load_records(tmp_path / "out", name, [None])
        assert problem is None and isinstance(records[0], CaseRecord)
        new_step = records[0].steps[0]
        assert new_step.result.ok and new_step.result.value is None   # the object itself is not recorded
    with np.load(tmp_path / "out" / "momentum.npz", allow_pickle=False) as npz:
        assert all(npz[k].dtype.kind in "biuf" for k in npz.files)


def test_malformed_records_are_refused_not_trusted(tmp_path):
    cases = momentum_cases(np.random.default_rng(0))
    serialize.save(tmp_path / "momentum", [{"calls": [{"value": 1}]}])   # the old format, or a forgery
    assert load_records(tmp_path, "momentum", cases)[1].startswith("the recorded outputs could not be checked")
    serialize.save(tmp_path / "momentum", [])
    assert load_records(tmp_path, "momentum", cases)[1] == "the recorded test outputs are incomplete"
    serialize.save(tmp_path / "momentum", [{"steps": [{"raised": []}]}])
    assert "could not be checked" in load_records(tmp_path, "momentum", cases)[1]


# --- the data model ---------------------------------------------------------------------------

def test_cases_round_trip_as_plain_data():
    for spec in momentum_cases(np.random.default_rng(1)) + sequential_cases(np.random.default_rng(1)):
        arrays: dict = {}
        tree = serialize.encode(spec.to_data(), arrays)
        json.dumps(tree)
        again = Case.from_data(serialize.decode(tree, arrays))
        assert again.label == spec.label and [s.op for s in again.steps] == [s.op for s in spec.steps]
        a, b = run_case(spec, REFERENCE), run_case(again, REFERENCE)
        assert judge(Suite("x", None, rtol=0, atol=0), [spec], [as_data(b)], REFERENCE) == []
        assert len(a.steps) == len(b.steps)
    assert sequential_cases(np.random.default_rng(1))[0].names_used() == {"Dense", "ReLU", "sequential"}


def test_case_tolerance_zero_is_not_replaced_by_the_suites():
    suite = Suite("scale", lambda rng: [], rtol=1e-3, atol=0.0)
    x = np.linspace(1, 2, 5)
    cases = [case("exact", call("scale", x), rtol=0.0, atol=0.0), case("loose", call("scale", x))]
    almost = {"scale": lambda v: v * (1 + 1e-9)}
    got = [as_data(run_case(c, almost)) for c in cases]
    problems = judge(suite, cases, got, {"scale": lambda v: v * 1.0})
    assert len(problems) == 1 and problems[0].startswith("Case 'exact'") and "rtol=0, atol=0" in problems[0]
    assert suite.tolerances(cases[0]) == (0.0, 0.0) and suite.tolerances(cases[1]) == (1e-3, 0.0)


def test_function_call_cases_keep_their_semantics():
    double_in_place = {"f": lambda A: A.__imul__(2)}
    reference = {"f": lambda A: A * 2, "g": lambda out: out.sum()}
    cases = [case("pure", call("f", np.ones(3))),
             case("ref and select", call("f", np.ones((2, 2)), record=False),
                  call("g", ref(0)), call("f", np.ones(2), select=[[5]]))]
    got = [as_data(run_case(c, double_in_place)) for c in cases]
    problems = judge(Suite("f", None), cases, got, reference)
    assert "f changed its input argument #1 in place" in problems[0]
    assert "`g` is not defined as a function" in problems[1]
    record = run_case(cases[1], reference)
    assert record.steps[1].result.raised == ("ShapeError",) and "has no item [5]" in record.steps[1].result.message


# --- the optimization hidden tests: record mode judges exactly like local mode ---------------

def test_optimization_record_mode_agrees_with_local_mode(tmp_path, monkeypatch):
    """Every function-call feature the optimization suites use (refs, select, seeds, RNG probes,
    purity) gives the same problems whether judged at once or recorded as data and judged later."""
    import types

    from course_lib.grading import _record, _run_student, build_cases, judge_outcomes
    from course_lib.mutation import harness

    monkeypatch.delenv("COURSE_GRADING_DIR", raising=False)
    layout = harness.load_layout("optimization")
    source = (harness._root() / "solutions" / "optimization" / "mutations.py").read_text()
    catalogue = types.ModuleType("catalogue")  # the WIP package layout: import its entries by path
    exec(compile(source.replace("from .entry import", "from course_lib.mutation.entry import"), "mutations.py",
                 "exec"), catalogue.__dict__)
    wrong = {}
    for e in catalogue.ENTRIES:
        if e.kind == "wrong" and e.function in ("relu", "dropout", "batchnorm_der", "layer_forward",
                                                "update_parameters_with_momentum_Adam"):
            wrong.setdefault(e.function, e)
    namespaces = [("reference", {}, [c for cs in layout.checks.values() for c in cs if c != "training"])]
    namespaces += [(e.key, e.overrides, [e.function]) for e in wrong.values()]
    failed = 0
    for label, overrides, checks in namespaces:
        ns = harness._namespace(layout, overrides)
        for i, name in enumerate(checks):
            cases = build_cases("optimization", name, 100 + i)
            local = judge_outcomes("optimization", name, cases, _run_student(cases, ns)[0])
            box = tmp_path / label.replace("/", "_") / name
            (box / "in").mkdir(parents=True)
            serialize.save(box / "in" / name, [c.to_data() for c in cases])
            _record(name, ns, box)
            records, problem = load_records(box / "out", name, cases)
            assert problem is None, (label, name, problem)
            assert judge_outcomes("optimization", name, cases, records) == local, (label, name)
            failed += bool(local)
    assert failed == len(wrong)   # each wrong entry is caught, the reference never is
