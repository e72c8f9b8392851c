"""Run a command as a normal user, or as root without CAP_SYS_ADMIN, from a test that runs as root.

CI runs the tests as root, but the grader must also protect an instructor who
grades as a normal user, and a container's root without ``CAP_SYS_ADMIN``.
:func:`command` wraps a command for one of those :data:`MODES`:

``user``
    a dedicated unprivileged test user (created with ``useradd`` when missing),
    via ``setpriv``;
``root-no-sys-admin``
    root with ``CAP_SYS_ADMIN`` dropped from every capability set, via ``capsh``
    (what a default Docker container gives, minus its seccomp profile).

Python may live where other users cannot reach it (here: ``/root/.pyenv``
under a ``0700`` ``/root``). Rather than loosening permissions on the real
machine, the wrapper first enters a private mount namespace (as root, before
anything is dropped) in which every folder on the way to the paths given with
``--reach`` that others cannot search is covered by an empty ``0755`` tmpfs,
with just those paths bound back. Nothing else changes, and nothing needs
cleaning up: the namespace ends with the command.

    python tests/nonroot.py --reach PATH ... -- COMMAND ...   (run by ``unshare --mount``)
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

USER = "course-grader-test"
MODES = ("user", "root-no-sys-admin")


def ensure_user(name: str = USER) -> pwd.struct_passwd:
    """The test user, created (no home, no login shell) when missing; needs root."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home",
                        "--shell", "/usr/sbin/nologin", name], check=True, capture_output=True)
        return pwd.getpwnam(name)


def missing_tools() -> list:
    """The programs :func:`command` needs that are not installed."""
    return [t for t in ("unshare", "setpriv", "capsh", "useradd") if shutil.which(t) is None]


def command(mode: str, argv: list, reach: list) -> list:
    """``argv`` run in ``mode`` (see :data:`MODES`), with ``reach`` reachable by every user."""
    if mode == "user":
        user = ensure_user()
        drop = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", "--"]
    elif mode == "root-no-sys-admin":
        drop = ["capsh", "--drop=cap_sys_admin", "--", "-c", 'exec "$0" "$@"']
    else:
        raise ValueError(mode)
    opened = [arg for path in reach for arg in ("--reach", os.path.realpath(path))]
    return ["unshare", "--mount", "--propagation", "private", sys.executable, os.path.abspath(__file__),
            *opened, "--", *drop, *argv]


# --- inside the private mount namespace (root) --------------------------------------

def _first_closed(path: str) -> str | None:
    """The first folder on the way to ``path`` (itself included) that other users cannot search."""
    current = ""
    for part in path.split(os.sep)[1:]:
        current += os.sep + part
        if os.path.isdir(current) and not os.stat(current).st_mode & 0o001:
            return current
    return None


def make_reachable(paths: list) -> None:
    """Cover each closed folder on the way to ``paths`` with an empty tmpfs and bind the paths back."""
    from course_lib.grading.sandbox import MS_BIND, MS_REC, _mount

    while True:
        closed = {}
        for path in paths:
            folder = _first_closed(path)
            if folder is not None and folder != path:
                closed.setdefault(folder, []).append(path)
        if not closed:
            return
        for folder, inside in closed.items():
            keep = [(p, os.open(p, os.O_PATH | os.O_CLOEXEC)) for p in inside]
            _mount("tmpfs", folder, "tmpfs", 0, "mode=0755,size=1m")
            for path, fd in keep:
                os.makedirs(path, exist_ok=True)
                _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
                os.close(fd)


def main(argv: list) -> None:
    split = argv.index("--")
    reach = [argv[i + 1] for i, a in enumerate(argv[:split]) if a == "--reach"]
    make_reachable(reach)
    os.execvp(argv[split + 1], argv[split + 1:])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main(sys.argv[1:])
