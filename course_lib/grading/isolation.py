"""How strongly this machine can isolate a student's kernel, found by trying it (cached per process).

The levels, strongest first (see docs/ISOLATION.md for the platform matrix):

``ROOT_NAMESPACES``
    root with ``CAP_SYS_ADMIN``: ``unshare`` creates the network, mount, PID,
    IPC and UTS namespaces, :mod:`.sandbox` builds the allow-list view, and the
    kernel runs as a dedicated uid.
``UID_BUBBLEWRAP``
    root without ``CAP_SYS_ADMIN`` (a container): the kernel gets a dedicated
    uid, then bubblewrap (user namespaces) builds the same allow-list view.
``BUBBLEWRAP``
    a normal user: bubblewrap (user namespaces) builds the view; the kernel
    keeps the user's uid, without capabilities.
``UID_ONLY``
    root in a container that forbids user namespaces (Docker's default seccomp
    profile): a dedicated uid and file permissions only. The network and every
    world-readable file stay reachable, so it is accepted only when
    ``COURSE_ALLOW_UID_ONLY=1`` (or ``COURSE_ISOLATION=uid-only``) says the
    machine holds nothing else worth stealing (Gradescope's runner sets it), and
    only while the answer key, the hidden tests and the source are unreadable
    by other users.
``NONE``
    limits, a cleared environment and ``no_new_privs`` only. Grading refuses
    unless ``--unsafe-no-isolation`` is given; every result then says so.

Every level is proven by starting a real command through the sandbox launcher,
exactly as a kernel is started. ``COURSE_ISOLATION=<level>`` considers that
level only; ``COURSE_BWRAP`` names the bubblewrap program (default: ``bwrap``
on ``PATH``); ``COURSE_SANDBOX_NAMESPACES=0`` rules out ``ROOT_NAMESPACES``.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Isolation(str, Enum):
    """What stands between a student's kernel and the rest of the machine."""

    ROOT_NAMESPACES = "root-namespaces"
    UID_BUBBLEWRAP = "uid+bubblewrap"
    BUBBLEWRAP = "bubblewrap"
    UID_ONLY = "uid-only"
    NONE = "none"

    @property
    def namespaces(self) -> bool:
        """The kernel has its own namespaces: an allow-list file-system view, no network, its own PIDs."""
        return self in (Isolation.ROOT_NAMESPACES, Isolation.UID_BUBBLEWRAP, Isolation.BUBBLEWRAP)

    @property
    def own_uid(self) -> bool:
        """The kernel runs as a dedicated, leased uid (the grader runs as root)."""
        return self in (Isolation.ROOT_NAMESPACES, Isolation.UID_BUBBLEWRAP, Isolation.UID_ONLY)

    @property
    def bubblewrap(self) -> bool:
        return self in (Isolation.UID_BUBBLEWRAP, Isolation.BUBBLEWRAP)


STRONGEST_FIRST = (Isolation.ROOT_NAMESPACES, Isolation.UID_BUBBLEWRAP, Isolation.BUBBLEWRAP, Isolation.UID_ONLY)
PROBE_UID = 65534   # "nobody": never leased to a kernel, so no grader's kill_uid() hits a probe
MIN_BWRAP = (0, 8)  # --disable-userns and --size


class IsolationRefused(RuntimeError):
    """Grading was asked for where student code cannot be isolated; the message says what to do."""


@dataclass(frozen=True)
class Detection:
    """The strongest level that works here, and why each stronger one does not."""

    level: Isolation
    why_not: tuple = ()   # ((Isolation, reason), ...) for the levels tried before ``level``

    def report(self) -> list:
        """Human-readable lines, strongest level first."""
        lines = [f"{lvl.value}: not available: {why}" for lvl, why in self.why_not]
        return lines + [f"{self.level.value}: in use" if self.level is not Isolation.NONE
                        else "none: no isolation is available here"]


# --- facts about this machine --------------------------------------------------------

def runtime_paths() -> list:
    """What every kernel needs to read: the Python installation, the environment, ``course_lib``."""
    from ..paths import PACKAGE_DIR

    return sorted({os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), str(PACKAGE_DIR)})


def reachable_by_others(path: str) -> bool:
    """Whether a user with no relation to the owner can reach ``path`` (every folder on the way is o+x)."""
    current = ""
    for part in os.path.realpath(path).split(os.sep)[1:]:
        current += os.sep + part
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return False
        if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
            return False
    return True


def readable_by_others(path: str) -> bool:
    """Whether other users can read ``path``: reachable, and o+r (file) or o+x (folder)."""
    if not os.path.lexists(path) or not reachable_by_others(os.path.dirname(os.path.realpath(path)) or "/"):
        return False
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IXOTH if stat.S_ISDIR(mode) else stat.S_IROTH))


def bwrap_program() -> str | None:
    """The bubblewrap executable (``COURSE_BWRAP`` or ``bwrap`` on ``PATH``), or None."""
    name = os.environ.get("COURSE_BWRAP", "bwrap")
    return shutil.which(name) if os.sep not in name else (name if os.access(name, os.X_OK) else None)


def bwrap_version(program: str) -> tuple:
    """bubblewrap's version as a tuple of ints (``(0, 8, 0)``); ``()`` when it cannot say."""
    try:
        out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10).stdout
        return tuple(int(x) for x in out.split()[-1].split("."))
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
        return ()


# --- proving a level ---------------------------------------------------------------

def _launch_probe(level: Isolation) -> str:
    """Start ``python -c`` through the sandbox launcher at ``level``; '' when it worked, else why not."""
    from .sandbox import Limits, SandboxConfig

    with tempfile.TemporaryDirectory(prefix="course-isolation-probe-") as tmp:
        os.chmod(tmp, 0o755)
        cfg = Path(tmp) / "probe.json"
        SandboxConfig(limits=Limits(), uid=PROBE_UID if level.own_uid else None, expose=runtime_paths(),
                      writable=[tmp], env={"PATH": "/usr/bin:/bin"}, isolation=level.value).write(str(cfg))
        check = "import os, sys; print(os.getuid(), sys.prefix)"
        try:
            done = subprocess.run([sys.executable, "-m", "course_lib.grading.sandbox", str(cfg), "--",
                                   sys.executable, "-c", check], cwd=tmp, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"the probe could not run ({exc})"
    if done.returncode != 0 or not done.stdout.strip():
        return (done.stderr.strip().splitlines() or ["the probe failed silently"])[-1][:300]
    return ""


def _why_not(level: Isolation, forced: bool) -> str:
    """'' when ``level`` works here, else the reason (cheap checks first, then a real launch)."""
    root = os.geteuid() == 0
    if level is Isolation.ROOT_NAMESPACES:
        from .sandbox import namespaces_available

        if not root:
            return "needs root"
        if not namespaces_available():
            return ("`unshare` cannot create namespaces (no CAP_SYS_ADMIN, e.g. a container, or "
                    "COURSE_SANDBOX_NAMESPACES=0)")
        return ""
    if level.own_uid and not root:
        return "needs root (to give the kernel its own uid)"
    if level is Isolation.BUBBLEWRAP and root:
        return "root uses uid+bubblewrap instead (the kernel gets its own uid)"
    if level.bubblewrap:
        program = bwrap_program()
        if program is None:
            return "bubblewrap is not installed (apt-get install bubblewrap / dnf install bubblewrap)"
        version = bwrap_version(program)
        if version and version[:2] < MIN_BWRAP:
            return f"bubblewrap {'.'.join(map(str, version))} is too old (0.8 or newer is needed)"
    if level.own_uid:
        hidden = [p for p in runtime_paths() if not reachable_by_others(p)]
        if hidden:
            return (f"the kernel's uid could not reach {hidden[0]} (a folder on the way is not o+x); "
                    f"install Python and the course where other users can read them")
    if level is Isolation.UID_ONLY and not (forced or os.environ.get("COURSE_ALLOW_UID_ONLY") == "1"):
        return ("a dedicated uid alone leaves every world-readable file of this machine and the network "
                "open; in a container that holds only this course (e.g. Gradescope's) set "
                "COURSE_ALLOW_UID_ONLY=1 to accept it")
    why = _launch_probe(level)
    return f"the sandbox could not start ({why})" if why else ""


_detected: Detection | None = None


def detect(refresh: bool = False) -> Detection:
    """The strongest isolation that works here, proven by a real launch (cached per process)."""
    global _detected
    if _detected is None or refresh:
        forced = os.environ.get("COURSE_ISOLATION", "").strip()
        candidates = STRONGEST_FIRST
        if forced:
            try:
                candidates = (Isolation(forced),)
            except ValueError:
                names = ", ".join(i.value for i in Isolation)
                raise IsolationRefused(f"COURSE_ISOLATION={forced!r} is not a level ({names})") from None
        why_not = []
        level = Isolation.NONE
        for candidate in candidates:
            if candidate is Isolation.NONE:
                break
            why = _why_not(candidate, forced=bool(forced))
            if not why:
                level = candidate
                break
            why_not.append((candidate, why))
        _detected = Detection(level, tuple(why_not))
    return _detected


# --- the grader's decision -----------------------------------------------------------

REFUSAL = """\
no isolation for student code on this machine, so grading stops here: a submission's kernel \
could read the answer key, the hidden tests, the gradebook and your files, and reach the network.
{why}
What to do (see `course doctor` and docs/ISOLATION.md):
  - Linux as a normal user: install bubblewrap 0.8+ (Debian/Ubuntu: apt-get install bubblewrap; \
Fedora: dnf install bubblewrap); unprivileged user namespaces must be allowed (Ubuntu 24.04: \
load the bwrap-userns-restrict AppArmor profile);
  - or grade as root, or in a container;
  - or pass --unsafe-no-isolation to grade anyway: every result is then marked isolation=none."""
UNSAFE_NOTE = ("graded WITHOUT isolation (--unsafe-no-isolation): the kernel could read the answer key "
               "and reach the network")
UID_ONLY_NOTE = ("isolation uid-only: the kernel ran as a dedicated uid; files readable by every user and "
                 "the network were reachable")


def choose(sandbox: bool = True, unsafe: bool = False) -> tuple:
    """``(level, notes)`` for a grader; :class:`IsolationRefused` when there is none and ``unsafe`` is off.

    ``sandbox=False`` (``--no-sandbox``) means no sandbox at all: level ``NONE``.
    """
    if not sandbox:
        return Isolation.NONE, ["--no-sandbox: kernels run unconfined; use it only for trusted notebooks"]
    found = detect()
    if found.level is Isolation.NONE:
        if not unsafe:
            raise IsolationRefused(REFUSAL.format(why="\n".join(f"  {line}" for line in found.report()[:-1])))
        return Isolation.NONE, [UNSAFE_NOTE]
    return found.level, ([UID_ONLY_NOTE] if found.level is Isolation.UID_ONLY else [])


def check_files(level: Isolation, secret: list, needed: list) -> None:
    """File permissions where they are what protects (or feeds) a kernel with its own uid.

    At ``UID_ONLY`` nothing hides ``secret`` (the answer key, the hidden tests, the
    source, the template cache): they must be unreadable by other users. Where the
    kernel's uid must reach a path itself (``UID_BUBBLEWRAP``: bubblewrap binds as
    that uid; ``UID_ONLY``), ``needed`` (the data) must be readable by other users.
    :class:`IsolationRefused` says what to change otherwise.
    """
    if level is Isolation.UID_ONLY:
        exposed = [str(p) for p in secret if p and readable_by_others(str(p))]
        if exposed:
            shown = " ".join(exposed[:8]) + (" ..." if len(exposed) > 8 else "")
            raise IsolationRefused(
                "isolation is uid-only here (a dedicated uid, no namespaces), so file permissions must keep the "
                f"answer key and other students' work from the kernel, but other users can read: {shown}\n"
                f"Run `chmod -R o-rwx {shown}` (the Gradescope runner does this for its course folder), "
                "or pass --unsafe-no-isolation.")
    if level in (Isolation.UID_ONLY, Isolation.UID_BUBBLEWRAP):
        closed = [str(p) for p in needed if p and not reachable_by_others(str(p))]
        if closed:
            raise IsolationRefused(
                f"the kernel runs as its own uid ({level.value}) and must read {closed[0]}, but a folder on the way "
                "is closed to other users: put the data where other users can read it (e.g. set "
                "COURSE_MNIST_DIR to such a folder).")


def lock_job(job: Path, template: Path, uid: int) -> None:
    """File permissions of a job when the kernel has its own uid (needed at ``UID_ONLY``, kept everywhere).

    Only ``uid``'s group may enter the job folder (other kernels cannot reach it even
    when they learn its name from ``/proc``); the gradebook, the source and the
    template are readable by the grader alone.
    """
    os.chown(job, -1, uid)
    os.chmod(job, 0o710)
    for path, mode in ((job / "course" / "gradebook.db", 0o600), (job / "course" / "source", 0o700),
                       (template, 0o700)):
        if path.exists():
            os.chmod(path, mode)


def describe(level: Isolation) -> str:
    """One line on what ``level`` means for a kernel."""
    return {
        Isolation.ROOT_NAMESPACES: "namespaces via unshare (root), an allow-list view, no network, a dedicated uid",
        Isolation.UID_BUBBLEWRAP: "a dedicated uid, then bubblewrap: user namespaces, an allow-list view, no network",
        Isolation.BUBBLEWRAP: "bubblewrap: user namespaces, an allow-list view, no network (the kernel keeps "
                              "your uid, without capabilities)",
        Isolation.UID_ONLY: "a dedicated uid and file permissions only (network and world-readable files open)",
        Isolation.NONE: "resource limits, a cleared environment and no_new_privs only",
    }[level]

