"""Broken and hostile submissions of the toy assignment, built at test time from its release.

Nothing here is committed as a notebook: :func:`build_all` writes every case
into a submissions folder (mixing the flat ``<student>.ipynb`` layout and
nbgrader's ``<student>/toy/*.ipynb``) from ``release/`` and the
source's reference code (``course_lib.grading.submissions.fill``), or from raw
bytes. :data:`EXPECTED` says what grading must give for each.

Most hostile code sits in the ``multi_layer_network`` solution cell next to a
"lazy" network that returns made-up results at once. Training then fails fast,
so the case costs little time, and the expected score is simply the reference's
minus the cells that need a working network (the points come from the notebook):

* ``NET`` = ``test_multi_layer_network`` and ``test_training``;
* ``NET_ON`` = ``NET`` plus ``test_classify``, for code that stops the
  notebook in ``test_multi_layer_network`` (the cells after it do not run).

The toy course (``tests/toy_course``) has the grade_ids of a real assignment
(``setup_imports``, ``test_relu_der``, ``test_dropout``, ``multi_layer_network``,
``training_run``, ...) and grades in seconds.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

from course_lib.grading.submissions import fill

ASSIGNMENT = "toy"
TOY = Path(__file__).resolve().parent / "toy_course"
NET = {"test_multi_layer_network", "test_training"}
NET_ON = NET | {"test_classify"}

# A network that does not train: six made-up costs and the two entries the visible test reads.
LAZY = '''
def multi_layer_network(X, Y, num_epochs=50, learning_rate=0.5):
    return [0.5] * num_epochs, {"W1": np.zeros((1, X.shape[0])), "b1": np.zeros((1, 1))}
'''


def network_cell(prefix: str = "", body: str = "", lazy: bool = True) -> dict:
    """Overrides for the ``multi_layer_network`` cell: ``prefix`` at cell level, ``body`` inside the function."""
    if body:
        code = ("\ndef multi_layer_network(X, Y, num_epochs=50, learning_rate=0.5):\n"
                + "".join(f"    {line}\n" for line in body.strip("\n").splitlines())
                + '    return [0.5] * num_epochs, {"W1": np.zeros((1, X.shape[0])), "b1": np.zeros((1, 1))}\n')
    else:
        code = LAZY if lazy else ""
    return {"multi_layer_network": prefix + code}


# --- hostile code ---------------------------------------------------------------

LOOP = "while True:\n    pass"

LOOP_IGNORING_SIGINT = """
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
"""

ALLOC_50GB = "big = np.ones(50 * 10**9 // 8)  # 50 GB"

EXIT = "import os\nos._exit(1)"

PRINT_100MB = """
import sys
chunk = "x" * (1 << 20)
for _ in range(100):
    sys.stdout.write(chunk)
"""

FORK_BOMB = """
import os, time
def _bomb():
    while True:
        try:
            os.fork()
        except OSError:
            time.sleep(0.05)
if os.fork() == 0:
    _bomb()
time.sleep(2)
"""

KEYBOARD_INTERRUPT = "raise KeyboardInterrupt"

SYS_EXIT = "import sys\nsys.exit(0)"

PATCH_TESTING = """
import numpy.testing
_noop = lambda *a, **k: None
for _name in ("assert_allclose", "assert_array_equal", "assert_array_almost_equal", "assert_equal",
              "assert_almost_equal"):
    setattr(numpy.testing, _name, _noop)
    setattr(np.testing, _name, _noop)
"""

ALWAYS_EQUAL = '''
class AlwaysEqual:
    """Equal to everything, close to everything."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __len__(self): return 6
    def __getitem__(self, key): return self
    def __array__(self, dtype=None, copy=None): return np.zeros(6)
    def __float__(self): return 0.0

def multi_layer_network(X, Y, net_dims, *args, **kwargs):
    return AlwaysEqual(), {"W1": AlwaysEqual(), "b1": AlwaysEqual()}
'''

NDARRAY_SUBCLASS = '''
class Liar(np.ndarray):
    """An array that says it equals anything."""
    def __eq__(self, other): return np.ones(np.shape(self), dtype=bool).view(Liar)
    def __ne__(self, other): return np.zeros(np.shape(self), dtype=bool).view(Liar)
    def all(self, *a, **k): return True
    def any(self, *a, **k): return True
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True
    def astype(self, *a, **k): return self
    def copy(self, *a, **k): return self
    def tolist(self): return [0.0] * self.size

def multi_layer_network(X, Y, net_dims, *args, **kwargs):
    fake = lambda shape: np.zeros(shape).view(Liar)
    return fake(3), {"W1": fake((1, 2)), "b1": fake((1, 1))}
'''

ANSWER_KEY = '''
import glob, importlib, os, sys
found = []
def _try(what, fn):
    try:
        code = fn()
        if code:
            found.append(what)
            exec(code, globals())
    except BaseException as exc:  # noqa
        print(f"{what}: {type(exc).__name__}")
def _import():
    for root in ("/work/main", os.environ.get("COURSE_ROOT", ""), os.getcwd()):
        if root:
            sys.path.insert(0, root)
    mod = importlib.import_module("solutions.toy")
    globals()["multi_layer_network"] = mod.multi_layer_network
    return "pass"
_try("import solutions.toy", _import)
_try("read /work/main/solutions/toy/reference.py", lambda: open("/work/main/solutions/toy/reference.py").read())
def _source_nb():
    import json
    for path in glob.glob("/work/main/source/*/*.ipynb") + glob.glob("/tmp/course-grade-*/template/source/*/*.ipynb") \\
            + glob.glob(os.path.expanduser("~/.cache/dl-course/grading-templates/*/source/*/*.ipynb")) \\
            + glob.glob("/root/.cache/dl-course/grading-templates/*/source/*/*.ipynb") \\
            + glob.glob("../../../source/*/*.ipynb") + glob.glob("/work/*/source/*/*.ipynb"):
        nb = json.load(open(path))
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            if src.startswith("def multi_layer_network"):
                return src
_try("read the source notebook", _source_nb)
_try("read the hidden tests", lambda: open("/work/main/solutions/toy/hidden_tests.py").read() and None)
_try("read the gradebook", lambda: open("../../../gradebook.db", "rb").read() and None)
print("answer key found via:", found or "nothing")
'''

FAKE_OUTBOX = '''
import json, os
from pathlib import Path
from course_lib.grading import serialize
box = Path(os.environ.get("COURSE_GRADING_DIR", "/nonexistent"))
wrote = []
for name in ("multi_layer_network", "training", "classify"):
    try:
        fake = [{"calls": [{"value": ([0.1] * 3, {"W1": np.zeros((1, 2))})}]}] * 3
        serialize.save(box / "out" / name, fake)
        wrote.append(name)
    except Exception as exc:
        print(name, type(exc).__name__, exc)
print("fake outputs written:", wrote)
'''

OVERWRITE_CHECK = '''
import course_lib.grading
def _fake_check(name, namespace, **kwargs):
    print(f"{name}: all hidden test cases passed.")
course_lib.grading.check = _fake_check
check = _fake_check
'''

PROBE = r'''
# Not graded: a student poking at the grader. Everything here must fail harmlessly.
import os, shutil, socket, glob, subprocess
report = {}
def probe(name, fn):
    try:
        report[name] = f"OK {str(fn())[:80]}"
    except BaseException as exc:  # noqa
        report[name] = f"BLOCKED {type(exc).__name__}"
probe("network", lambda: socket.create_connection(("1.1.1.1", 53), timeout=3))
probe("dns", lambda: socket.getaddrinfo("pypi.org", 443))
probe("http", lambda: __import__("urllib.request").request.urlopen("http://example.com", timeout=3).status)
probe("answer_key", lambda: open("/work/main/solutions/toy/reference.py").read(10))
probe("graders", lambda: open("/work/main/solutions/toy/hidden_tests.py").read(10))
probe("source_nb", lambda: open("/work/main/source/toy/toy.ipynb").read(10))
probe("gradebook", lambda: open(os.path.abspath("../../../gradebook.db"), "rb").read(10))
probe("list_work_main", lambda: sorted(os.listdir("/work/main")))
probe("list_tmp", lambda: sorted(os.listdir("/tmp")))
probe("other_processes", lambda: sorted(p for p in os.listdir("/proc") if p.isdigit()))
probe("shadow", lambda: open("/etc/shadow").read(10))
probe("write_course_lib", lambda: __import__("tempfile").NamedTemporaryFile(
    dir=os.path.dirname(__import__("course_lib").__file__)).close())
probe("write_cwd", lambda: __import__("tempfile").NamedTemporaryFile(dir=".").close())
probe("sudo", lambda: subprocess.run(["sudo", "-n", "true"], capture_output=True, timeout=5).returncode or "fail")
probe("setuid0", lambda: os.setuid(0))
probe("am_init", lambda: os.getpid() == 1 or "no")
probe("rm_home", lambda: shutil.rmtree(os.path.expanduser("~")))
probe("chdir_root", lambda: os.chdir("/"))
print("PROBE", report)
from IPython.display import HTML, display
display(HTML("<b>bold</b><script>alert('xss-output')</script>"))
'''

XSS_MARKDOWN = "# Notes\n<script>alert('xss-markdown')</script>\n<img src=x onerror=\"alert('xss-img')\">\n"

RELU_DER_GE = '''
def relu_der(dA, cache):
    # Bug: lets the gradient through where Z == 0 too (>= instead of >).
    return np.where(np.asarray(cache["Z"]) >= 0, dA, 0.0)
'''


# --- building ------------------------------------------------------------------

def notebooks(root: Path):
    """(release, source) notebooks of the assignment."""
    root = Path(root)
    src = next((root / "source" / ASSIGNMENT).glob("*.ipynb"))
    return nbformat.read(root / "release" / ASSIGNMENT / src.name, 4), nbformat.read(src, 4)


def _cell_index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def at_root(code: str, root: Path) -> str:
    """``code`` with the course paths it probes pointed at this checkout (written for /work/main)."""
    return code.replace("/work/main", str(Path(root).resolve()))


def _write(path: Path, nb) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def build_all(root: Path, dest: Path) -> dict:
    """Write every case under ``dest``; returns {student: path written (file or folder)}."""
    release, source = notebooks(root)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    good = fill(release, source)
    made = {}

    def flat(student, nb):
        _write(dest / f"{student}.ipynb", nb)
        made[student] = dest / f"{student}.ipynb"

    def nested(student, files: dict):
        folder = dest / student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in files.items():
            _write(folder / name, nb)
        made[student] = dest / student

    def raw(student, data: bytes):
        (dest / f"{student}.ipynb").write_bytes(data)
        made[student] = dest / f"{student}.ipynb"

    def hostile(student, overrides):
        flat(student, fill(release, source, overrides))

    lazy = fill(release, source, network_cell())
    # layouts and file problems
    flat("ref_flat", good)
    nested("ref_nbgrader", {f"{ASSIGNMENT}.ipynb": good})
    nested("extra_notebooks", {f"{ASSIGNMENT}.ipynb": lazy, "scratch.ipynb": release})
    nested("renamed", {"my_solution.ipynb": lazy})
    (dest / "empty_dir").mkdir()
    made["empty_dir"] = dest / "empty_dir"
    flat("stub", release)
    v3 = nbformat.convert(copy.deepcopy(lazy), 3)
    raw("old_v3", nbformat.writes(v3, version=3).encode())
    text = nbformat.writes(good)
    raw("not_json", text[: len(text) // 3].encode())
    raw("binary", bytes(range(256)) * 64)
    raw("empty_file", b"")
    raw("json_not_notebook", json.dumps({"name": ASSIGNMENT, "answers": [1, 2, 3]}).encode())
    broken = json.loads(text)
    broken["cells"][5]["source"] = 12345
    broken["cells"][6].pop("outputs", None)
    broken["cells"][6]["cell_type"] = "bogus"
    raw("invalid_nbformat", json.dumps(broken).encode())
    future = json.loads(text)
    future["nbformat"] = 7
    raw("future_nbformat", json.dumps(future).encode())
    (dest / "symlink.ipynb").symlink_to(Path(root).resolve() / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    made["symlink"] = dest / "symlink.ipynb"
    big = copy.deepcopy(lazy)
    big.cells[_cell_index(big, "setup_imports")].outputs = [nbformat.v4.new_output(
        "stream", name="stdout", text="y" * (30 << 20))]
    flat("huge_stored_output", big)

    # test cells edited or deleted, with a wrong relu_der that only test_relu_der catches (and the
    # lazy network); test_dropout is edited or deleted too: restored, it keeps its points
    edited = fill(release, source, {"relu_der": RELU_DER_GE, **network_cell()})
    edited.cells[_cell_index(edited, "test_relu_der")].source = 'print("relu_der: visible examples passed.")'
    edited.cells[_cell_index(edited, "test_training")].source = "pass"
    edited.cells[_cell_index(edited, "test_dropout")].source = "1 / 0  # would fail if it were run as is"
    flat("edited_tests", edited)
    deleted = fill(release, source, {"relu_der": RELU_DER_GE, **network_cell()})
    for gid in ("test_relu_der", "test_training", "test_dropout"):
        del deleted.cells[_cell_index(deleted, gid)]
    flat("deleted_tests", deleted)
    tagged = fill(release, source, network_cell())
    for gid in ("test_multi_layer_network", "test_training"):
        tagged.cells[_cell_index(tagged, gid)].metadata["tags"] = ["skip-execution", "raises-exception"]
    flat("skip_tags", tagged)

    # runaway code
    hostile("loop_forever", network_cell(body=LOOP))
    hostile("loop_ignoring_sigint", network_cell(body=LOOP_IGNORING_SIGINT))
    hostile("alloc_50gb", network_cell(body=ALLOC_50GB))
    hostile("os_exit", network_cell(body=EXIT))
    hostile("print_100mb", network_cell(body=PRINT_100MB))
    hostile("fork_bomb", network_cell(body=FORK_BOMB))
    hostile("keyboard_interrupt", network_cell(body=KEYBOARD_INTERRUPT))
    hostile("sys_exit", network_cell(body=SYS_EXIT))

    # cheating
    hostile("patch_numpy_testing", network_cell(prefix=PATCH_TESTING))
    hostile("always_equal", {"multi_layer_network": ALWAYS_EQUAL})
    hostile("ndarray_subclass", {"multi_layer_network": NDARRAY_SUBCLASS})
    hostile("answer_key", network_cell(prefix=at_root(ANSWER_KEY, root)))
    hostile("fake_outbox", network_cell(prefix=FAKE_OUTBOX))
    hostile("overwrite_check", network_cell(prefix=OVERWRITE_CHECK))
    others = f'''
import glob, json
stolen = None
for path in sorted(glob.glob({str(dest.resolve())!r} + "/*.ipynb")) + sorted(glob.glob("/tmp/**/ref_flat.ipynb", recursive=True)):
    try:
        for cell in json.load(open(path))["cells"]:
            if "".join(cell["source"]).startswith("def multi_layer_network"):
                stolen = "".join(cell["source"])
    except Exception as exc:
        print(path, type(exc).__name__)
print("stolen from another student:", bool(stolen))
if stolen:
    exec(stolen)
'''
    hostile("read_other_students", network_cell(prefix=others))

    # the probe: reference code plus a non-graded cell early on that pokes at everything
    probed = copy.deepcopy(good)
    at = _cell_index(probed, "setup_imports") + 1
    probed.cells.insert(at, nbformat.v4.new_code_cell(at_root(PROBE, root)))
    probed.cells.insert(at, nbformat.v4.new_markdown_cell(XSS_MARKDOWN))
    flat("probe", probed)
    return made


CELL_TIMEOUT = 10   # the options the expectations are written for (the toy's cells take well under a second)
SUBMISSION_TIMEOUT = 120

# student -> (status, graded cells that get 0 (None: all of them), fragments of the notes)
EXPECTED = {
    "ref_flat": ("graded", set(), []),
    "ref_nbgrader": ("graded", set(), []),
    "extra_notebooks": ("graded", NET, ["extra notebook(s) ignored: scratch.ipynb"]),
    "renamed": ("graded", NET, [f"renamed notebook: graded my_solution.ipynb as {ASSIGNMENT}.ipynb"]),
    "old_v3": ("graded", NET, ["notebook format 3 upgraded to 4"]),
    "huge_stored_output": ("graded", NET, []),
    "probe": ("graded", set(), []),
    "stub": ("graded", None, []),
    "empty_dir": ("missing", None, ["no notebook submitted"]),
    "not_json": ("invalid", None, ["not valid JSON"]),
    "binary": ("invalid", None, ["not text"]),
    "empty_file": ("invalid", None, ["not valid JSON"]),
    "json_not_notebook": ("invalid", None, ["JSON but not a Jupyter notebook"]),
    "invalid_nbformat": ("invalid", None, ["notebook structure is invalid"]),
    "future_nbformat": ("invalid", None, ["unsupported notebook format version 7"]),
    "symlink": ("invalid", None, ["symbolic link"]),
    "edited_tests": ("graded", NET | {"test_relu_der"}, []),
    "deleted_tests": ("graded", NET | {"test_relu_der"},
                      ["restored 3 deleted cell(s): test_relu_der, test_dropout, test_training"]),
    "skip_tags": ("graded", NET, []),
    "loop_forever": ("graded", NET, [f"(test_multi_layer_network) ran past the {CELL_TIMEOUT} s limit",
                                     f"(training_run) ran past the {CELL_TIMEOUT} s limit"]),
    "loop_ignoring_sigint": ("stopped", NET_ON, ["did not stop when interrupted"]),
    "alloc_50gb": ("graded", NET, []),
    "os_exit": ("stopped", NET_ON, ["Python process died"]),
    "print_100mb": ("graded", NET, ["(test_multi_layer_network) printed too much; its output was cut"]),
    "fork_bomb": ("graded", NET, []),
    "keyboard_interrupt": ("graded", NET, []),
    "sys_exit": ("graded", NET, []),
    "patch_numpy_testing": ("graded", NET, []),
    "always_equal": ("graded", NET, []),
    "ndarray_subclass": ("graded", NET, []),
    "answer_key": ("graded", NET, []),
    "fake_outbox": ("graded", NET, []),
    "overwrite_check": ("graded", NET_ON, []),
    "read_other_students": ("graded", NET, []),
}
