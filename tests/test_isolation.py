"""Isolation without root: the same hostile submissions, graded by `course grade` three ways.

``root``                 the grader as root (namespaces via unshare, a dedicated uid);
``user``                 the grader as a normal user (bubblewrap: user namespaces);
``root-no-sys-admin``    root without CAP_SYS_ADMIN, as in a default container (a dedicated
                         uid, then bubblewrap).

In each, the intruder (``isolation_fixtures``: an answer-key thief, the ``course
doctor`` probe, a gradebook write, a read of the submissions folder, a fork bomb and
a memory bomb) must score what a stub scores, reach nothing, and leave a kernel that
still runs. Without isolation (bubblewrap missing) grading refuses unless
``--unsafe-no-isolation`` is given, and then the same thief really steals: the
control that shows the thief works.

CI runs as root: the other two modes are entered with ``tests/nonroot.py``
(setpriv to a test user / capsh). Where a mode cannot run, the test is skipped
with the reason, except in CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import grading_recipes as recipes
import isolation_fixtures as fixtures
import nonroot
from conftest import TOY
from course_lib.doctor import holes
from course_lib.grading.notebooks import read_assignment
from course_lib.grading.uids import processes_of
from course_lib.grading.isolation import Isolation, IsolationRefused, check_files, detect, runtime_paths

REPO = Path(__file__).resolve().parents[1]   # where course_lib lives (the grader runs from it)
ROOT = TOY                                   # the course graded here: the toy course (seconds per submission)
A = recipes.ASSIGNMENT
INFO = read_assignment(TOY / "source", A)
MNIST = os.environ.get("COURSE_MNIST_DIR", "")
IN_CI = bool(os.environ.get("CI"))
MODES = ("root", "user", "root-no-sys-admin")
LEVEL = {"root": Isolation.ROOT_NAMESPACES, "user": Isolation.BUBBLEWRAP,
         "root-no-sys-admin": Isolation.UID_BUBBLEWRAP}

NO_COURSE = "" if (ROOT / "release" / A / f"{A}.ipynb").exists() else f"the toy course has no release/{A}"


def grading(test):
    """Marks of a test that grades for real."""
    for mark in (pytest.mark.slow, pytest.mark.xdist_group("grading"),
                 pytest.mark.skipif(bool(NO_COURSE), reason=NO_COURSE)):
        test = mark(test)
    return test


def unavailable(reason: str):
    """Skip with ``reason``; in CI, fail: there every mode must really run."""
    (pytest.fail if IN_CI else pytest.skip)(reason)


def require_mode(mode: str) -> None:
    """Stop the test when ``mode`` cannot run on this machine (see :func:`unavailable`)."""
    if mode == "user" and os.geteuid() != 0:
        return  # already a normal user
    if os.geteuid() != 0:
        unavailable(f"{mode} needs the tests to run as root (to drop CAP_SYS_ADMIN)")
    if nonroot.missing_tools():
        unavailable(f"{mode} needs {', '.join(nonroot.missing_tools())}")
    if mode != "root" and shutil.which("bwrap") is None:
        unavailable(f"{mode}: bubblewrap is not installed (apt-get install bubblewrap)")


# --- the shared area: world-readable, with a home and an output folder per mode --------

@pytest.fixture(scope="module")
def area():
    """A folder every mode can reach: submissions, template cache, a home and outputs per mode."""
    base = Path(tempfile.mkdtemp(prefix="course-isolation-test-", dir="/tmp"))
    os.chmod(base, 0o755)
    owner = {}
    if os.geteuid() == 0 and not nonroot.missing_tools():
        user = nonroot.ensure_user()
        owner["user"] = (user.pw_uid, user.pw_gid)
    for mode in MODES + ("none",):
        for sub in (f"home-{mode}", f"out-{mode}"):
            (base / sub).mkdir()
            uid, gid = owner.get("user" if mode in ("user", "none") else mode, (-1, -1))
            os.chown(base / sub, uid, gid)
    _warm_template_cache(base / "cache")
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _warm_template_cache(cache: Path) -> None:
    """Generate the grading template once, readable by every mode (each would otherwise make its own)."""
    from course_lib.grading.pipeline import prepare_template

    old = os.environ.get("COURSE_DATA_CACHE")
    os.environ["COURSE_DATA_CACHE"] = str(cache)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            prepare_template(ROOT, A, Path(tmp))
    finally:
        os.environ.pop("COURSE_DATA_CACHE") if old is None else os.environ.__setitem__("COURSE_DATA_CACHE", old)
    for folder, dirs, files in os.walk(cache):
        os.chmod(folder, 0o755)


def course(mode: str, area: Path, *args, env: dict | None = None, timeout: int = 600):
    """Run ``course ARGS`` as ``mode`` with a clean environment and that mode's home."""
    argv = [sys.executable, "-m", "course_lib.cli", "--root", str(ROOT), *args]
    if mode != "root" and os.geteuid() == 0:
        argv = nonroot.command(mode, argv, [sys.base_prefix, sys.prefix, str(REPO), str(area)] + ([MNIST] if MNIST else []))
    full = {"PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": str(area / f"home-{mode}"), "COURSE_MNIST_DIR": MNIST, "LANG": "C.UTF-8",
            "COURSE_DATA_CACHE": str(area / "cache"), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    full.update(env or {})
    return subprocess.run(argv, capture_output=True, text=True, env=full, cwd=area, timeout=timeout)


@pytest.fixture(scope="module")
def intruder(area):
    """The hostile submission (the home it lists is the test user's: the one most worth reading)."""
    paths = {"answer_key": str(ROOT / "solutions" / A / "reference.py"),
             "hidden_tests": str(ROOT / "solutions" / A / "hidden_tests.py"),
             "source": str(ROOT / "source" / A / f"{A}.ipynb"),
             "home": str(area / "home-user"), "port": 9}
    (area / "home-user" / "secret.txt").write_text("ssh keys, other courses")
    return fixtures.build(ROOT, area / "subs", paths)


@pytest.fixture(scope="module", params=MODES)
def graded(request, area, intruder):
    """The intruder graded by ``course grade`` in one mode: (mode, gradebook row, result, outputs, out)."""
    mode = request.param
    require_mode(mode)
    out = area / f"out-{mode}"
    done = course(mode, area, "grade", A, str(area / "subs"), "--out", str(out), "--jobs", "1",
                  "--force", "--quiet", "--stop-after", fixtures.STOP_AFTER, "--cell-timeout", "60")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with open(out / "gradebook.csv", newline="") as fh:
        row = next(csv.DictReader(fh))
    result = json.loads((out / "intruder" / "result.json").read_text())
    return mode, row, result, fixtures.outputs(out / "intruder" / f"{A}.ipynb"), out


# --- the hostile submissions in every mode ------------------------------------------------

@grading
def test_isolation_level_is_recorded(graded):
    mode, row, result, _, out = graded
    assert row["isolation"] == result["isolation"] == LEVEL[mode].value
    assert f"isolation of the kernels: {LEVEL[mode].value}" in (out / "summary.md").read_text()


@grading
def test_answer_key_thief_scores_like_a_stub(graded):
    mode, row, result, text, _ = graded
    assert "THIEF found: []" in text, text[-2000:]
    assert result["score"] == 0.0 and result["status"] == "graded"  # the stub's score


@grading
def test_probe_reaches_nothing(graded, area):
    mode, row, result, text, _ = graded
    report = fixtures.after(text, "COURSE-DOCTOR-PROBE")
    assert holes(report, LEVEL[mode], str(area / "home-user"), runtime_paths() + [MNIST]) == [], report
    extra = fixtures.after(text, "EXTRA")
    assert {k: v[0] for k, v in extra.items()} == {"gradebook_sqlite_write": "BLOCKED",
                                                   "submissions_folder": "BLOCKED"}, extra


@grading
def test_fork_and_memory_bombs_are_contained(graded):
    """The bombs cost their own cell; the kernel lives on (the next cells ran), as in the root runs."""
    mode, row, result, text, _ = graded
    cells = {c["grade_id"]: c for c in result["cells"]}
    assert result["status"] == "graded", result["notes"]
    assert "MemoryError" in cells["test_multi_layer_network"]["messages"][0]
    assert "NotImplementedError" in cells["test_classify"]["messages"][0]  # ran: the kernel survived
    alive = int(text.split("ALIVE", 1)[1].split()[0])
    assert alive <= 140  # the kernel, bwrap and at most the process limit (128) of forks
    if mode == "user" and os.geteuid() == 0:  # the test user runs nothing but the grader
        uid = nonroot.ensure_user().pw_uid
        for _ in range(50):           # the forks die with the sandbox (the kernel reaps them as it exits)
            left = processes_of(uid)
            if not left:
                break
            time.sleep(0.1)
        assert left == [], [Path(f"/proc/{p}/cmdline").read_bytes()[:200] for p in left if Path(f"/proc/{p}").exists()]


# --- no isolation: refuse, unless told; then say so everywhere -------------------------------

@pytest.fixture(scope="module")
def no_bwrap():
    return {"COURSE_BWRAP": "/nonexistent/bwrap"}


@grading
def test_without_isolation_grading_refuses(area, intruder, no_bwrap):
    require_mode("user")
    for args in (["grade", A, str(area / "subs"), "--out", str(area / "out-none"), "--jobs", "1"],
                 ["grade-one", str(intruder), "--out", str(area / "out-none" / "one")]):
        done = course("user", area, *args, env=no_bwrap)
        assert done.returncode == 3, done.stdout[-2000:] + done.stderr[-2000:]
        assert "no isolation for student code" in done.stderr and "--unsafe-no-isolation" in done.stderr
        assert "bubblewrap is not installed" in done.stderr
    assert not (area / "out-none" / "gradebook.csv").exists()


@grading
def test_unsafe_flag_grades_marks_it_and_the_thief_really_steals(area, intruder, no_bwrap):
    """The control: unconfined, the same thief finds the answer key and gains the points."""
    require_mode("user")
    out = area / "out-none"
    done = course("user", area, "grade", A, str(intruder.parent), "--out", str(out), "--jobs", "1",
                  "--force", "--quiet", "--stop-after", fixtures.STOP_AFTER, "--unsafe-no-isolation", env=no_bwrap)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with open(out / "gradebook.csv", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["isolation"] == "none" and "WITHOUT isolation" in row["notes"]
    assert "WITHOUT isolation" in (out / "summary.md").read_text()
    stolen = sum(c.points for c in INFO.cells[:[c.grade_id for c in INFO.cells].index(fixtures.STOP_AFTER) + 1])
    assert float(row["total"]) == stolen  # stolen: everything up to the last cell run
    assert "THIEF found: ['import" in fixtures.outputs(out / "intruder" / f"{A}.ipynb")


@grading
def test_uid_only_refuses_while_the_answer_key_is_readable(area):
    require_mode("root-no-sys-admin")
    done = course("root-no-sys-admin", area, "grade", A, str(area / "subs"), "--out",
                  str(area / "out-root-no-sys-admin" / "uid-only"), env={"COURSE_ISOLATION": "uid-only"})
    assert done.returncode == 3, done.stdout[-2000:] + done.stderr[-2000:]
    assert "isolation is uid-only" in done.stderr and "chmod -R o-rwx" in done.stderr
    assert str(ROOT / "solutions") in done.stderr


@grading
def test_doctor_as_a_normal_user(area):
    require_mode("user")
    done = course("user", area, "doctor", A)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "isolation: bubblewrap" in done.stdout and "\nOK: kernels run with bubblewrap" in done.stdout
    assert "answer_key         BLOCKED" in done.stdout and "network_local      BLOCKED" in done.stdout


# --- the launcher alone, without root ---------------------------------------------------------

VIEW_PROBE = r"""
import json, os, resource, socket
r = {"uid": os.getuid(), "cwd": os.getcwd(), "pid": os.getpid()}
def t(name, fn):
    try:
        r[name] = ["ok", repr(fn())[:100]]
    except BaseException as e:
        r[name] = ["blocked", type(e).__name__]
t("hidden_in_cwd", lambda: open("secret.py").read())
t("up_and_out", lambda: sorted(os.listdir("..")))
t("course_root", lambda: sorted(os.listdir(os.environ["COURSE"])))
t("answer_key", lambda: open(os.environ["COURSE"] + "/solutions/__init__.py").read(9))
t("net", lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))
t("write_box", lambda: open(os.environ["BOX"] + "/f", "w").write("x"))
t("write_cwd", lambda: open("f", "w"))
t("new_userns", lambda: os.unshare(os.CLONE_NEWUSER) if hasattr(os, "unshare") else
  __import__("subprocess").run(["unshare", "--user", "true"], check=True))
r["nofile"] = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
r["nnp"] = [l for l in open("/proc/self/status") if l.startswith("NoNewPrivs")][0].split()[1]
r["cap_eff"] = [l for l in open("/proc/self/status") if l.startswith("CapEff")][0].split()[1]
print(json.dumps(r))
"""


@pytest.mark.parametrize("mode", ["user", "root-no-sys-admin"])
def test_launcher_view_without_root(mode):
    """The bubblewrap launcher shows only what it exposes, hides what ``hide`` lists inside it."""
    from course_lib.grading.sandbox import Limits, SandboxConfig

    require_mode(mode)
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o755)
        (work / "cwd").mkdir()
        (work / "box").mkdir()
        (work / "cwd" / "secret.py").write_text("ANSWER = 42")
        owner = nonroot.ensure_user().pw_uid if mode == "user" and os.geteuid() == 0 else 61200
        if os.geteuid() == 0:
            os.chown(work / "box", owner, owner)
        cfg = SandboxConfig(limits=Limits(open_files=99), uid=61200 if mode != "user" else None,
                            expose=[*runtime_paths(), str(work / "cwd")], writable=[str(work / "box")],
                            hide=[str(work / "cwd" / "secret.py")], isolation=LEVEL[mode].value,
                            env={"PATH": "/usr/bin:/bin", "BOX": str(work / "box"), "COURSE": str(REPO)})
        cfg.write(str(work / "cfg.json"))
        argv = [sys.executable, "-m", "course_lib.grading.sandbox", str(work / "cfg.json"), "--",
                sys.executable, "-c", VIEW_PROBE]
        if os.geteuid() == 0:
            argv = nonroot.command(mode, argv, [sys.base_prefix, sys.prefix, str(REPO), tmp])
        done = subprocess.run(argv, cwd=work / "cwd", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    r = json.loads(done.stdout)
    assert r["cwd"] == str(work / "cwd") and r["pid"] <= 2 and r["uid"] == owner
    assert "42" not in r["hidden_in_cwd"][1]                          # /dev/null (nodev) over the file
    assert r["up_and_out"] == ["ok", repr(["box", "cwd"])]           # `..` does not lead past the view
    assert set(eval(r["course_root"][1])) <= {".venv", "course_lib"}  # the course folder: only the package
    for key in ("answer_key", "net", "write_cwd", "new_userns"):
        assert r[key][0] == "blocked", (key, r[key])
    assert r["write_box"][0] == "ok" and r["nofile"] == 99 and r["nnp"] == "1" and int(r["cap_eff"], 16) == 0


# --- small pieces ----------------------------------------------------------------------------

def test_levels_say_what_they_give():
    assert [lvl.namespaces for lvl in Isolation] == [True, True, True, False, False]
    assert [lvl.own_uid for lvl in Isolation] == [True, True, False, True, False]
    assert detect().level in Isolation


def test_file_permissions_where_the_kernel_has_its_own_uid():
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        os.chmod(tmp, 0o755)
        key = Path(tmp, "key.py")
        key.write_text("ANSWER = 42")
        os.chmod(key, 0o644)
        with pytest.raises(IsolationRefused, match="chmod -R o-rwx"):
            check_files(Isolation.UID_ONLY, secret=[str(key)], needed=[])
        check_files(Isolation.BUBBLEWRAP, secret=[str(key)], needed=[])   # the view hides it there
        os.chmod(key, 0o600)
        check_files(Isolation.UID_ONLY, secret=[str(key)], needed=[tmp])
        os.chmod(tmp, 0o700)   # the kernel's uid could not reach its data
        with pytest.raises(IsolationRefused, match="closed to other users"):
            check_files(Isolation.UID_BUBBLEWRAP, secret=[], needed=[tmp])


def test_a_listing_of_mount_points_is_not_a_leak():
    report = {"list_your_home": ["OPEN", [".pyenv"]], "list_home": ["OPEN", []]}
    report.update({k: ["BLOCKED", "OSError"] for k in ("answer_key", "hidden_tests", "source", "gradebook_read",
                                                       "gradebook_write", "network_internet", "network_local")})
    assert holes(report, Isolation.ROOT_NAMESPACES, "/root", ["/root/.pyenv/versions/3.11.7"]) == []
    report["list_your_home"] = ["OPEN", [".pyenv", ".ssh"]]
    assert holes(report, Isolation.ROOT_NAMESPACES, "/root", ["/root/.pyenv/versions/3.11.7"]) == ["list_your_home"]
    assert holes(report, Isolation.UID_ONLY, "/root", []) == []   # uid-only promises files only
