"""``course doctor``: which isolation this machine gives student code, proven by a probe submission.

The probe is a submission like any other: the assignment's notebook with one
extra cell that tries to read the answer key, the hidden tests, the source and
the gradebook, to open the gradebook for writing, to connect to the internet
and to a port this process listens on, and to list ``/home`` and your home.
It is graded by the real :class:`~course_lib.grading.pipeline.Grader` (stopped
after the first test cell), so it sees exactly what a kernel sees.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

MARKER = "COURSE-DOCTOR-PROBE"

PROBE = r'''
# course doctor: a probe of the sandbox. Every attempt must fail.
import json as _json, os as _os, socket as _socket
_paths = _json.loads(@PATHS@)
_report = {}
def _attempt(name, fn):
    try:
        value = fn()
        _report[name] = ["OPEN", value if isinstance(value, list) else repr(value)[:80]]
    except BaseException as exc:  # noqa
        _report[name] = ["BLOCKED", type(exc).__name__]
for _name in ("answer_key", "hidden_tests", "source"):
    _attempt(_name, lambda: open(_paths[_name], "rb").read(16))
_attempt("gradebook_read", lambda: open(_os.path.abspath("../../../gradebook.db"), "rb").read(16))
_attempt("gradebook_write", lambda: open(_os.path.abspath("../../../gradebook.db"), "r+b").close())
_attempt("network_internet", lambda: _socket.create_connection(("1.1.1.1", 53), timeout=3).close())
_attempt("network_local", lambda: _socket.create_connection(("127.0.0.1", _paths["port"]), timeout=3).close())
_attempt("list_home", lambda: sorted(_os.listdir("/home")))
_attempt("list_your_home", lambda: sorted(_os.listdir(_paths["home"])))
_report["processes_visible"] = len([p for p in _os.listdir("/proc") if p.isdigit()])
_report["uid"] = _os.getuid()
print(@MARKER@, _json.dumps(_report))
'''

# what each isolation level must block (uid-only leaves the network and world-readable files open)
FILES = ("answer_key", "hidden_tests", "source", "gradebook_read", "gradebook_write")
EVERYTHING = FILES + ("network_internet", "network_local", "list_home", "list_your_home")


def probe_code(paths: dict) -> str:
    """The probe cell. ``paths``: answer_key, hidden_tests, source, home (files to try) and port (to connect to)."""
    return PROBE.replace("@PATHS@", repr(json.dumps(paths))).replace("@MARKER@", repr(MARKER))


def read_report(notebook_path: Path) -> dict | None:
    """The probe's report from the autograded notebook, or None when it did not print one."""
    import nbformat

    nb = nbformat.read(notebook_path, 4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            if MARKER in text:
                return json.loads(text.split(MARKER, 1)[1].strip().splitlines()[0])
    return None


@contextlib.contextmanager
def listener():
    """A TCP port on 127.0.0.1 of this machine, listening while the probe runs."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def probe_submission(assignment, dest: Path, port: int) -> Path:
    """The assignment's source notebook with the probe as its first cell, written to ``dest``."""
    import nbformat

    nb = nbformat.read(assignment.source_notebook, 4)
    paths = {"answer_key": str(assignment.package_dir / "reference.py"),
             "hidden_tests": str(assignment.package_dir / "hidden_tests.py"),
             "source": str(assignment.source_notebook), "home": os.path.expanduser("~"), "port": port}
    nb.cells.insert(0, nbformat.v4.new_code_cell(probe_code(paths)))
    nbformat.write(nb, dest)
    return dest


def skeleton(folder: str, exposed: list) -> set:
    """Names in ``folder`` that only lead to exposed paths (the mount points of the view, no content)."""
    folder = os.path.realpath(folder).rstrip(os.sep) + os.sep
    return {os.path.realpath(p)[len(folder):].split(os.sep)[0] for p in exposed
            if os.path.realpath(p).startswith(folder)}


def holes(report: dict, level, home: str, exposed: list) -> list:
    """The probe's attempts that reached what ``level`` promises to block.

    A listing counts as blocked when it fails, or shows nothing but the folders that
    lead to exposed paths (e.g. ``/root/.pyenv`` when Python lives there).
    """
    found = []
    for key in must_block(level):
        outcome, detail = report.get(key, ["MISSING", ""])
        if outcome == "BLOCKED":
            continue
        if key.startswith("list_") and outcome == "OPEN" and isinstance(detail, list):
            folder = "/home" if key == "list_home" else home
            if set(detail) <= skeleton(folder, exposed):
                continue
        found.append(key)
    return found


def must_block(level) -> tuple:
    """The probe's attempts that ``level`` promises to block."""
    from .grading.isolation import Isolation

    if level is Isolation.NONE:
        return ()
    return FILES if level is Isolation.UID_ONLY else EVERYTHING


def run_probe(root: Path, name: str) -> tuple:
    """Grade the probe submission; returns ``(grader, report or None, result)``."""
    from .assignments import load
    from .grading.pipeline import Grader, Options, Submission

    assignment = load(name, root)
    with tempfile.TemporaryDirectory(prefix="course-doctor-") as tmp, listener() as port:
        tmp = Path(tmp)
        grader = Grader(root, name, Options(cell_timeout=60, submission_timeout=180, unsafe_no_isolation=True))
        try:
            grader.options.stop_after = grader.info.cells[0].grade_id if grader.info.cells else None
            sub = probe_submission(assignment, tmp / assignment.notebook, port)
            result = grader.grade(Submission("doctor-probe", sub), tmp / "out", extra_hidden=[str(tmp)])
            report = read_report(Path(result.autograded)) if result.autograded else None
        finally:
            grader.close()
    return grader, report, result


def doctor(root: Path, name: str) -> int:
    """Print the isolation and the probe's findings. Exit 0: isolated and proven; 1: a hole; 2: no isolation."""
    from .grading.isolation import Isolation, REFUSAL, describe, detect, runtime_paths

    found = detect()
    print(f"isolation: {found.level.value}: {describe(found.level)}")
    for line in found.report()[:-1]:
        print(f"  {line}")
    print(f"probe: a submission of {name!r} that tries to reach what it must not (graded, stopped after "
          f"its first test cell) ...", flush=True)
    grader, report, result = run_probe(root, name)
    level = grader.isolation
    if report is None:
        print(f"  the probe did not report (status {result.status}: {'; '.join(result.notes)[:400]})")
        return 1
    blocked = must_block(level)
    exposed = runtime_paths() + [str(d.directory) for d in grader.datasets]
    leaks = holes(report, level, os.path.expanduser("~"), exposed)
    for key, value in report.items():
        shown = " ".join(map(str, value)) if isinstance(value, list) else str(value)
        print(f"  {key:<18} {shown[:100]}" + ("   <-- must be blocked!" if key in leaks else ""))
    if level is Isolation.NONE:
        print("\nNo isolation: `course grade`, `grade-one` and the Gradescope runner refuse to grade here "
              "unless --unsafe-no-isolation is given.\n" + REFUSAL.format(why=""), file=sys.stderr)
        return 2
    if leaks:
        print(f"\nFAILED: the {level.value} sandbox let the probe reach: {', '.join(leaks)}")
        return 1
    print(f"\nOK: kernels run with {level.value} isolation; the probe could not reach "
          + ("the answer key, the hidden tests, the source, the gradebook, the network or any home folder."
             if blocked == EVERYTHING else "the answer key, the hidden tests, the source or the gradebook "
                                           "(uid-only: the network and world-readable files stay open)."))
    return 0
