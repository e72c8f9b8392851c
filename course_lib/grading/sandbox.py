"""Start a command (a student's Jupyter kernel) inside a sandbox.

Used as a kernel-launch prefix by :mod:`course_lib.grading.execute`::

    python -m course_lib.grading.sandbox CONFIG.json -- python -m ipykernel_launcher -f conn.json

What the sandbox does, as far as the OS allows it:

* new network, mount, PID, IPC and UTS namespaces (``unshare``, with a fresh
  ``/proc``): no network (not even abstract Unix sockets), a private view of
  the file system, and every process of the submission dies with it;
* an **allow-list** file-system view (``private``): every top-level folder
  except the system ones (``/usr``, ``/etc``, ``/lib*``, ``/bin``, ``/sbin``,
  ``/dev``, ``/proc``, ``/sys``) is covered by an empty tmpfs, so ``/work``,
  ``/home``, ``/root``, ``/srv``, ``/var``, ``/run``... are empty; ``/tmp`` and
  ``/dev/shm`` are fresh, private and small. Only the paths in ``expose``
  (read-only: the Python installation, the ``course_lib`` package, the data)
  and ``writable`` (the job's sandbox folder) are bound back at their usual
  place. The answer key, the hidden tests, the gradebook, other students' work
  and other graders' temporary folders are simply not there;
* paths listed in ``hide`` become empty as well (a read-only tmpfs over a
  folder, ``/dev/null`` over a file), a deny-list applied after the above;
* resource limits: address space (memory), CPU time, file size, number of
  processes and open files; no core files; ``no_new_privs`` (set-uid programs
  cannot raise privileges);
* a dedicated unprivileged uid/gid when started as root;
* a cleared environment (only what ``env`` lists) with one BLAS/OpenMP thread.

How the namespaces are made depends on the config's ``isolation`` level
(:class:`~course_lib.grading.isolation.Isolation`, chosen by the trusted grader):
``root-namespaces`` uses ``unshare`` and builds the view here, as root;
``uid+bubblewrap`` and ``bubblewrap`` hand the same view to bubblewrap (user
namespaces; with ``uid+bubblewrap`` the uid is switched first); ``uid-only``
and ``none`` have no namespaces (the limits, the cleared environment and
``no_new_privs`` still apply). The launcher never falls back to a weaker level
on its own: when its level cannot be set up, it fails and says why.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass, field

from .isolation import Isolation, bwrap_program


@dataclass
class Limits:
    """Per-kernel resource limits."""

    memory_mb: int = 4096      # RLIMIT_AS
    cpu_seconds: int = 600     # RLIMIT_CPU (the kernel is killed past it)
    file_mb: int = 64          # RLIMIT_FSIZE
    processes: int = 128       # RLIMIT_NPROC (for the sandbox uid)
    open_files: int = 256      # RLIMIT_NOFILE
    tmp_mb: int = 256          # size of the private /tmp (and /dev/shm)


@dataclass
class SandboxConfig:
    limits: Limits = field(default_factory=Limits)
    uid: int | None = None          # run as this uid/gid (only when started as root)
    hide: list = field(default_factory=list)
    expose: list = field(default_factory=list)     # bound back read-only in the private view
    writable: list = field(default_factory=list)   # bound back read-write in the private view
    env: dict = field(default_factory=dict)
    isolation: str = Isolation.ROOT_NAMESPACES.value   # an Isolation value: how the sandbox is made
    connection_dir: str = ""        # where the kernel manager writes the connection file

    def write(self, path: str) -> None:
        with open(path, "w") as fh:
            json.dump(asdict(self), fh)

    @classmethod
    def read(cls, path: str) -> "SandboxConfig":
        with open(path) as fh:
            raw = json.load(fh)
        raw["limits"] = Limits(**raw.get("limits", {}))
        return cls(**raw)


# top-level folders that stay visible in the private view (read by any Python program)
SYSTEM_DIRS = frozenset({"bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "dev", "proc", "sys"})
UNSHARE = ["--net", "--mount", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc",
           "--propagation", "private"]

_namespaces: bool | None = None


def namespaces_available() -> bool:
    """Whether ``unshare`` can create the sandbox's namespaces here (root only; cached).

    ``COURSE_SANDBOX_NAMESPACES=0`` says no (to try the fallback, or where unshare misbehaves).
    """
    global _namespaces
    if _namespaces is None:
        exe = shutil.which("unshare")
        if exe is None or os.geteuid() != 0 or os.environ.get("COURSE_SANDBOX_NAMESPACES") == "0":
            _namespaces = False
        else:
            try:
                done = subprocess.run([exe, *UNSHARE, "true"], capture_output=True, timeout=10)
                _namespaces = done.returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                _namespaces = False
    return _namespaces


# --- mounting (inside the new mount namespace, as root) ---------------------

MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REMOUNT, MS_BIND, MS_REC = 32, 4096, 16384
PR_SET_NO_NEW_PRIVS = 38

_libc = None


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def _mount(source, target: str, fstype, flags: int, data=None) -> None:
    enc = (lambda s: None if s is None else os.fsencode(s))
    if _c().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} -> {target}: {os.strerror(err)}")


def _mask_root(tmp_mb: int) -> None:
    """Cover every non-system top-level entry with an empty tmpfs; fresh /tmp and /dev/shm."""
    for entry in os.scandir("/"):
        path = "/" + entry.name
        if entry.name in SYSTEM_DIRS or entry.is_symlink():
            continue  # a symlink's target is either a system folder or masked itself
        if entry.is_dir(follow_symlinks=False):
            if entry.name == "tmp":
                _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={tmp_mb}m")
            else:
                _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
        elif entry.is_file(follow_symlinks=False):
            _mount("/dev/null", path, None, MS_BIND)
    if os.path.isdir("/dev/shm") and not os.path.islink("/dev/shm"):
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={tmp_mb}m")


def _private_view(expose, writable, tmp_mb: int) -> None:
    """Allow-list view: mask, then bind the listed paths back where they were."""
    keep = []
    for paths, rw in ((expose, False), (writable, True)):
        for path in paths:
            real = os.path.realpath(path)
            if os.path.exists(real):
                # An O_PATH descriptor keeps the original reachable once its folder is masked.
                keep.append((real, os.open(real, os.O_PATH | os.O_CLOEXEC), rw, os.path.isdir(real)))
    _mask_root(tmp_mb)
    for real, fd, rw, is_dir in sorted(keep, key=lambda k: k[0].count(os.sep)):
        try:
            if is_dir:
                os.makedirs(real, exist_ok=True)
            elif not os.path.exists(real):
                os.makedirs(os.path.dirname(real), exist_ok=True)
                open(real, "a").close()
            _mount(f"/proc/self/fd/{fd}", real, None, MS_BIND | MS_REC)
            if not rw:
                _mount(None, real, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        finally:
            os.close(fd)


def _hide(paths) -> None:
    for path in paths:
        if not os.path.lexists(path):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            _mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=000")
        else:
            _mount("/dev/null", path, None, MS_BIND)


def _tasks_of(uid: int) -> int:
    """Processes and threads currently running as ``uid`` (what RLIMIT_NPROC counts)."""
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                count += int(fields.get("Threads", "1"))
        except (OSError, KeyError, ValueError):
            continue
    return count


def _set_limits(limits: Limits, own_uid: bool = True) -> None:
    mb = 1024 * 1024
    # RLIMIT_NPROC counts every task of the real uid. With a dedicated uid that is the
    # submission alone; when the kernel shares the caller's uid, allow what is there already.
    processes = limits.processes if own_uid else _tasks_of(os.getuid()) + limits.processes
    for res, value in ((resource.RLIMIT_AS, limits.memory_mb * mb),
                       (resource.RLIMIT_CPU, limits.cpu_seconds),
                       (resource.RLIMIT_FSIZE, limits.file_mb * mb),
                       (resource.RLIMIT_NPROC, processes),
                       (resource.RLIMIT_NOFILE, limits.open_files),
                       (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(res, (value, value))


def _no_new_privs() -> None:
    try:
        _c().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _drop_privileges(uid: int | None) -> None:
    if uid is None or os.geteuid() != 0:
        return
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _inner(config: SandboxConfig, cmd: list) -> None:
    """Build the view (root namespaces only), switch uid, set the limits, exec ``cmd``."""
    here = os.getcwd()
    if Isolation(config.isolation) is Isolation.ROOT_NAMESPACES:
        _private_view(config.expose, config.writable, config.limits.tmp_mb)
        _hide(config.hide)
    # Re-enter the working folder through the new view: the inherited one still points into
    # the unmasked tree, where ``..`` would lead past the masks.
    try:
        os.chdir(here)
    except OSError:
        os.chdir("/tmp")
    own_uid = config.uid is not None and os.geteuid() == 0
    _drop_privileges(config.uid)
    _set_limits(config.limits, own_uid)  # after setuid, so RLIMIT_NPROC counts the sandbox uid
    _no_new_privs()
    os.execvpe(cmd[0], cmd, dict(config.env))


def _under(path: str, parents: list) -> bool:
    return any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in parents)


def bwrap_args(config: SandboxConfig, cwd: str) -> list:
    """bubblewrap's options for the allow-list view of :func:`_private_view`, built from nothing.

    The system folders are bound read-only (symlinks kept), ``/dev``, ``/proc``, ``/tmp``
    and ``/dev/shm`` are fresh, then the exposed paths (read-only) and the writable ones
    are bound at their usual place; ``hide`` covers what lies inside them. All namespaces
    are new, including a user namespace in which no further one can be made; the
    sandbox dies with its parent.
    """
    size = str(config.limits.tmp_mb * 1024 * 1024)
    args = ["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent"]
    for name in sorted(SYSTEM_DIRS):
        path = "/" + name
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif name == "dev":
            args += ["--dev", path]
        elif name == "proc":
            args += ["--proc", path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    args += ["--perms", "1777", "--size", size, "--tmpfs", "/tmp",
             "--perms", "1777", "--size", size, "--tmpfs", "/dev/shm"]
    binds = [(os.path.realpath(p), "--ro-bind") for p in config.expose] + \
            [(os.path.realpath(p), "--bind") for p in config.writable]
    for real, how in sorted(binds, key=lambda b: b[0].count(os.sep)):
        if os.path.exists(real):
            args += [how, real, real]
    bound = [real for real, _ in binds]
    for path in config.hide:
        real = os.path.realpath(path)
        if not (os.path.lexists(path) and _under(real, bound)):
            continue  # outside every bound path: not in the view at all
        if os.path.isdir(real):
            args += ["--perms", "000", "--size", "4096", "--tmpfs", real, "--remount-ro", real]
        else:
            args += ["--ro-bind", "/dev/null", real]
    return args + ["--chdir", cwd]


def _bubblewrap(config: SandboxConfig, cmd: list) -> None:
    """Exec ``cmd`` inside bubblewrap: own uid first (as root), limits, no_new_privs, cleared env."""
    program = bwrap_program()
    if program is None:
        sys.exit("sandbox: bubblewrap is not installed (bwrap on PATH, or COURSE_BWRAP)")
    args = [program, *bwrap_args(config, os.getcwd()), "--", *cmd]
    own_uid = config.uid is not None and os.geteuid() == 0
    _drop_privileges(config.uid)
    _set_limits(config.limits, own_uid)
    _no_new_privs()
    # bubblewrap does not forward signals: an interrupt sent to the kernel's process group
    # would kill bwrap (and, through --die-with-parent, the kernel). The kernel still gets
    # it: it shares the group, and installs its own SIGINT handler while it runs a cell.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.execve(program, args, dict(config.env))


def main(argv: list | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    inner = argv[:1] == ["--inner"]
    if inner:
        argv = argv[1:]
    if "--" not in argv or argv.index("--") != 1:
        sys.exit("usage: python -m course_lib.grading.sandbox CONFIG.json -- COMMAND ...")
    config = SandboxConfig.read(argv[0])
    cmd = argv[2:]
    level = Isolation(config.isolation)
    if inner:
        _inner(config, cmd)
    if level is Isolation.ROOT_NAMESPACES:
        if os.geteuid() != 0 or not shutil.which("unshare"):
            sys.exit("sandbox: root-namespaces needs root and `unshare`")
        wrapper = ["unshare", *UNSHARE, sys.executable, "-m", "course_lib.grading.sandbox",
                   "--inner", argv[0], "--", *cmd]
        os.execvp(wrapper[0], wrapper)
    if level.bubblewrap:
        _bubblewrap(config, cmd)
    if level.own_uid and os.geteuid() != 0:
        sys.exit(f"sandbox: {level.value} needs root to switch to the kernel's uid")
    config.hide = []
    _inner(config, cmd)


if __name__ == "__main__":
    main()
