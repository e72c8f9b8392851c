"""The hidden tests tell right from wrong: the mutation catalogue through the real grading pipeline.

``mutation/catalogue_optimization.py`` holds realistic wrong implementations
and correct alternatives of every graded function. Rules:

* every wrong entry loses points in its own graded cell ``test_<function>``;
* every correct alternative gets full marks in every cell, training included.

The whole catalogue is graded once (real ``nbgrader autograde`` in the
sandbox, two submissions in parallel; see mutation/harness.py for how
independent mistakes share submissions). Needs the full MNIST for the
training cell.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import needs_mnist

from mutation.harness import (catalogue, compatible, dependencies, graded_cell, load_layout, plan_correct,
                              plan_wrong)

MIN_WRONG, MIN_CORRECT = 6, 3


def explains(message: str) -> bool:
    """Is a visible-test error an explanation written by the test (not a bare exception or numpy's numbers)?"""
    from mutation.report import NUMPY_HEADER, condense

    if not message.startswith("AssertionError"):
        return False
    text = condense(message)[len("AssertionError:"):].strip()
    return len(text) >= 15 and not NUMPY_HEADER.match(text)


def test_explains():
    assert explains("AssertionError: b1 should be zeros.")
    assert not explains("AssertionError")
    assert not explains("AssertionError: \nNot equal to tolerance rtol=1e-06, atol=1e-10\n\nMismatched elements: 1 / 2")
    assert not explains("KeyError: 'Z'")
    assert explains("AssertionError: \nNot equal to tolerance rtol=1e-06\nZ should be W @ A_prev + b.\nMismatched elements: 1")


@pytest.fixture(scope="module")
def layout():
    return load_layout()


def graded_functions(layout) -> list:
    return [gid[len("test_"):] for gid, checks in layout.checks.items() if "training" not in checks]


def test_catalogue_covers_every_graded_function(layout):
    entries = catalogue()
    assert [p for e in entries for p in e.problems()] == []
    assert len({e.key for e in entries}) == len(entries), "entry names must be unique per function and kind"
    wrong = Counter(e.function for e in entries if e.kind == "wrong")
    correct = Counter(f for e in entries if e.kind == "correct" for f in e.overrides)
    for fn in graded_functions(layout):
        assert fn in layout.solutions, f"{fn} has a graded cell but no solution cell"
        assert wrong[fn] >= MIN_WRONG, f"{fn}: only {wrong[fn]} wrong entries"
        assert correct[fn] >= MIN_CORRECT, f"{fn}: only {correct[fn]} correct alternatives"
    assert set(wrong) | set(correct) <= set(graded_functions(layout))


def test_plans_never_share_a_submission_between_dependent_entries(layout):
    entries = catalogue()
    wrong = [e for e in entries if e.kind == "wrong"]
    deps = dependencies(layout, wrong)
    assert deps[graded_cell("layer_forward")] >= {"relu", "batchnorm", "dropout", "linear_forward"}
    packs = plan_wrong(entries, layout, deps)
    assert sorted(e.key for j in packs for e in j.entries) == sorted(e.key for e in wrong)
    for job in packs:
        for a in job.entries:
            assert job.stop_after is not None and layout.position(graded_cell(a.function)) <= \
                layout.position(job.stop_after)
            for b in job.entries:
                assert a is b or compatible(a, b, deps), (a.key, b.key)
    for job in plan_correct(entries):
        cells = [c for e in job.entries for c in e.overrides]
        assert len(cells) == len(set(cells)), job.name


@needs_mnist
@pytest.mark.slow
@pytest.mark.xdist_group("mutation")
def test_hidden_tests_tell_right_from_wrong():
    """The whole catalogue through the real pipeline, once (one test, so it can never run twice in parallel
    workers). The results and the report are kept in build/mutation/ for inspection."""
    from mutation.harness import RESULTS_DIR, run, save
    from mutation.report import condense, render

    results = run(jobs=2, progress=lambda message: None)
    save(results, RESULTS_DIR / "test_results.json")
    (RESULTS_DIR / "test_report.md").write_text(render(results))
    entries = results["entries"]
    problems = []
    problems += [f"mistake not caught: {e['key']} ({e['own_cell']} got {e['own_points'][0]:g}/{e['own_points'][1]:g})"
                 for e in entries if e["kind"] == "wrong" and not e["ok"]]
    problems += [f"alternative lost points: {e['key']} (in {', '.join(e['lost_cells']) or 'no cell: not graded'})"
                 for e in entries if e["kind"] == "correct" and not e["ok"]]
    # A mistake that trips a visible test shows an explanation written by the test (an AssertionError with a
    # sentence), not a bare exception from inside the student's code or numpy's numbers alone.
    problems += [f"visible message does not explain the mistake: {e['key']}: {condense(e['visible_message'])}"
                 for e in entries if e["kind"] == "wrong" and e["visible_message"]
                 and not explains(e["visible_message"])]
    # The pipeline hook: with Options.stop_after, exactly the graded cells after that cell are not run.
    layout = load_layout()
    for name, job in results["job_status"].items():
        expected = [] if job["stop_after"] is None else \
            [g for g in layout.checks if layout.position(g) > layout.position(job["stop_after"])]
        if job["status"] == "graded" and job["not_run"] != expected:
            problems.append(f"submission {name}: status {job['status']}, cells not run {job['not_run']}, "
                            f"expected {expected} (stop_after={job['stop_after']}); notes: {job['notes']}")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
