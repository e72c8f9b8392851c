"""Start a command (a student's Jupyter kernel) inside a sandbox.

Used as a kernel-launch prefix by :mod:`course_lib.grading.execute`::

    python -m course_lib.grading.sandbox CONFIG.json -- python -m ipykernel_launcher -f conn.json

What the sandbox does, as far as the OS allows it:

* new network, mount and PID namespaces (``unshare``): no network, a private
  view of the file system, and every process of the submission dies with it;
* paths listed in ``hide`` become empty (a read-only tmpfs over a folder,
  ``/dev/null`` over a file): the answer key, the hidden tests, other
  students' work and the gradebook are not visible;
* resource limits: address space (memory), CPU time, file size, number of
  processes and open files;
* a dedicated unprivileged uid/gid when started as root;
* a cleared environment (only what ``env`` lists) with one BLAS/OpenMP thread.

When namespaces are not available (no root, or a kernel that forbids them),
the limits, the cleared environment and the dedicated uid (if root) still
apply and the launcher says so on stderr of the launcher log.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field


@dataclass
class Limits:
    """Per-kernel resource limits."""

    memory_mb: int = 4096      # RLIMIT_AS
    cpu_seconds: int = 600     # RLIMIT_CPU (the kernel is killed past it)
    file_mb: int = 64          # RLIMIT_FSIZE
    processes: int = 128       # RLIMIT_NPROC (for the sandbox uid)
    open_files: int = 256      # RLIMIT_NOFILE


@dataclass
class SandboxConfig:
    limits: Limits = field(default_factory=Limits)
    uid: int | None = None          # run as this uid/gid (only when started as root)
    hide: list = field(default_factory=list)
    expose: list = field(default_factory=list)   # must stay reachable by the sandbox uid
    env: dict = field(default_factory=dict)
    isolate: bool = True            # use namespaces where possible

    def write(self, path: str) -> None:
        with open(path, "w") as fh:
            json.dump(asdict(self), fh)

    @classmethod
    def read(cls, path: str) -> "SandboxConfig":
        with open(path) as fh:
            raw = json.load(fh)
        raw["limits"] = Limits(**raw.get("limits", {}))
        return cls(**raw)


def namespaces_available() -> bool:
    """Whether ``unshare`` can create net/mount/pid namespaces here."""
    exe = shutil.which("unshare")
    if exe is None or os.geteuid() != 0:
        return False
    try:
        done = subprocess.run([exe, "--net", "--mount", "--pid", "--fork", "true"],
                              capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _hide(paths) -> None:
    for path in paths:
        if not os.path.lexists(path):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            cmd = ["mount", "-t", "tmpfs", "-o", "ro,size=4k,mode=000", "tmpfs", path]
        else:
            cmd = ["mount", "--bind", "/dev/null", path]
        subprocess.run(cmd, check=True, capture_output=True)


def _closed_ancestor(path: str) -> str | None:
    """The top-most ancestor of ``path`` that other users cannot traverse (e.g. ``/root``)."""
    parts = os.path.realpath(path).split(os.sep)[1:]
    current = ""
    for part in parts[:-1]:
        current += os.sep + part
        if not os.stat(current).st_mode & 0o001:
            return current
    return None


def _expose(paths, stage_dir: str) -> None:
    """Make ``paths`` reachable for other users inside this mount namespace.

    A closed ancestor such as ``/root`` (mode 700) is covered by an empty,
    traversable tmpfs, and only the needed paths (``/root/.pyenv/...``) are
    bound back into it; the rest of that folder stays invisible.
    """
    groups: dict = {}
    for path in paths:
        top = _closed_ancestor(path)
        if top is not None:
            groups.setdefault(top, []).append(os.path.realpath(path))
    for top, inner in groups.items():
        staged = []
        for path in inner:
            stage = tempfile.mkdtemp(prefix="stage-", dir=stage_dir)
            subprocess.run(["mount", "--bind", path, stage], check=True, capture_output=True)
            staged.append((stage, path))
        subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0755,size=64k", "tmpfs", top],
                       check=True, capture_output=True)
        for stage, path in staged:
            os.makedirs(path, exist_ok=True)
            subprocess.run(["mount", "--move", stage, path], check=True, capture_output=True)


def _set_limits(limits: Limits) -> None:
    mb = 1024 * 1024
    for res, value in ((resource.RLIMIT_AS, limits.memory_mb * mb),
                       (resource.RLIMIT_CPU, limits.cpu_seconds),
                       (resource.RLIMIT_FSIZE, limits.file_mb * mb),
                       (resource.RLIMIT_NPROC, limits.processes),
                       (resource.RLIMIT_NOFILE, limits.open_files),
                       (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(res, (value, value))


def _drop_privileges(uid: int | None) -> None:
    if uid is None or os.geteuid() != 0:
        return
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _inner(config: SandboxConfig, cmd: list, stage_dir: str) -> None:
    if config.hide or config.expose:
        _expose(config.expose, stage_dir)
        _hide(config.hide)
    _drop_privileges(config.uid)
    _set_limits(config.limits)  # after setuid, so RLIMIT_NPROC counts the sandbox uid
    os.execvpe(cmd[0], cmd, dict(config.env))


def main(argv: list | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    inner = argv[:1] == ["--inner"]
    if inner:
        argv = argv[1:]
    if "--" not in argv or argv.index("--") != 1:
        sys.exit("usage: python -m course_lib.grading.sandbox CONFIG.json -- COMMAND ...")
    config = SandboxConfig.read(argv[0])
    cmd = argv[2:]
    if inner:
        _inner(config, cmd, os.path.dirname(os.path.abspath(argv[0])))
    if config.isolate and os.geteuid() == 0 and shutil.which("unshare"):
        wrapper = ["unshare", "--net", "--mount", "--pid", "--fork", "--kill-child",
                   "--propagation", "private", sys.executable, "-m", "course_lib.grading.sandbox",
                   "--inner", argv[0], "--", *cmd]
        os.execvp(wrapper[0], wrapper)
    if config.isolate:
        print("sandbox: namespaces unavailable; running with limits and a cleared environment only",
              file=sys.stderr)
    config.hide, config.expose = [], []
    config.uid = None  # without a private mount namespace the interpreter may not be reachable
    _inner(config, cmd, "")


if __name__ == "__main__":
    main()
