"""nbgrader imported once: a fork server that runs each ``nbgrader`` command in a fork of itself.

A fresh ``python -m nbgrader`` spends about 1.3 CPU-s importing nbgrader, nbconvert,
SQLAlchemy and Jupyter before it reads the first notebook. :class:`NbgraderServer`
starts one trusted Python process that imports them once; each command is then
run in a child forked from it, which behaves like a fresh ``nbgrader`` process:

* its own session and process group (killed as a whole on a timeout, as before);
* its working folder and environment set from the request, ``nbgrader ARGS`` as argv;
* stdout and stderr to a log file the caller reads; stdin from ``/dev/null``;
* nothing of an earlier command: the server never runs one itself, so each child
  starts from the same freshly imported state (no kernel is ever reused: each
  command starts its own, as nbgrader does).

Protocol (JSON lines): the client writes ``{"id", "args", "cwd", "env", "log"}`` on the
server's stdin; the server answers ``{"id", "pid"}`` once the child is forked and
``{"id", "returncode"}`` when it has exited (negative: killed by that signal).
The server exits when its stdin closes, after its children; :meth:`NbgraderServer.close`
waits for it, so the CPU time of every command is accounted to the caller.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import select
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .nbgrader_app import kill_group

__all__ = ["NbgraderServer", "serve"]

SERVER_MAIN = "from course_lib.grading.forkserver import serve; serve()"
START_TIMEOUT = 120   # seconds to wait for the server to fork a child (it may still be importing)


def _preload() -> None:
    """Import what every ``nbgrader autograde`` needs (done once, in the server)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # jsonschema's optional IRI grammar: slow, never used
    import nbgrader.apps.nbgraderapp  # noqa: F401
    import nbgrader.converters.autograde  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401
    import nbconvert.preprocessors  # noqa: F401

    from . import execute  # noqa: F401  (GuardedExecute, named by the job's nbgrader_config.py)


def _child(request: dict) -> None:
    """In the forked child: become ``nbgrader ARGS`` run in ``cwd`` with ``env``; never returns."""
    code = 1
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(null)
        os.close(log)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["nbgrader", *request["args"]]
        from nbgrader.apps.nbgraderapp import main

        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # anything else: reported in the log, like an uncaught error of a fresh process
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _send(message: dict) -> None:
    os.write(1, (json.dumps(message) + "\n").encode())


def serve() -> None:
    """The server's loop (run as ``python -c SERVER_MAIN``): fork a child per request line on stdin."""
    _preload()
    children: dict = {}   # pid -> request id
    buffer = b""
    open_ = True
    while open_ or children:
        ready, _, _ = select.select([0] if open_ else [], [], [], 0.05)
        if ready:
            chunk = os.read(0, 65536)
            if not chunk:
                open_ = False
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    _child(request)
                children[pid] = request["id"]
                _send({"id": request["id"], "pid": pid})
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            _send({"id": children.pop(pid), "returncode": os.waitstatus_to_exitcode(status)})


class NbgraderServer:
    """The trusted side: starts the server on first use; :meth:`run` is safe to call from several threads."""

    def __init__(self, env: dict):
        self._env = dict(env)
        self._proc: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None
        self._lock = threading.Lock()
        self._waiting: dict = {}
        self._ids = itertools.count(1)
        self._logs = Path(tempfile.mkdtemp(prefix="nbgrader-logs-"))

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs (None before the first command and after close)."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def _start(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-c", SERVER_MAIN], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=self._env, start_new_session=True)
        self._reader = threading.Thread(target=self._read, args=(self._proc,), daemon=True,
                                        name="nbgrader-server-reader")
        self._reader.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            try:
                message = json.loads(line)
            except ValueError:  # not a message (something an import printed): ignored
                continue
            box = self._waiting.get(message.get("id"))
            if box is not None:
                box.put(message)
        for box in list(self._waiting.values()):  # the server is gone: nobody waits forever
            box.put({"returncode": None})

    def run(self, args: list, cwd: Path, timeout: float, env: dict) -> tuple:
        """Run ``nbgrader ARGS`` in ``cwd`` with ``env``: ``(returncode, output)``.

        Raises:
            subprocess.TimeoutExpired: it ran past ``timeout`` (its process group was killed;
                ``output`` holds what it wrote).
            RuntimeError: the server could not run it.
        """
        request_id = next(self._ids)
        log = self._logs / f"{request_id}.log"
        box: queue.Queue = queue.Queue()
        self._waiting[request_id] = box
        cmd = ["nbgrader", *args]
        pid = None
        try:
            with self._lock:
                if self._proc is None or self._proc.poll() is not None:
                    self._start()
                request = {"id": request_id, "args": list(args), "cwd": str(cwd), "env": env, "log": str(log)}
                self._proc.stdin.write((json.dumps(request) + "\n").encode())
                self._proc.stdin.flush()
            started = box.get(timeout=START_TIMEOUT)
            pid = started.get("pid")
            if pid is None:
                raise RuntimeError("the nbgrader server stopped before running the command")
            try:
                done = box.get(timeout=timeout)
            except queue.Empty:
                kill_group(pid)
                box.get(timeout=30)
                raise subprocess.TimeoutExpired(cmd, timeout, output=_read_log(log)) from None
            if done.get("returncode") is None:
                raise RuntimeError("the nbgrader server stopped while running the command")
            return done["returncode"], _read_log(log)
        except (queue.Empty, OSError) as exc:
            raise RuntimeError(f"the nbgrader server did not answer ({exc!r})") from None
        finally:
            if pid is not None:
                kill_group(pid)  # whatever the command left running (e.g. a kernel)
            self._waiting.pop(request_id, None)
            log.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop the server (after the commands still running) and wait for it."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None:
            try:
                proc.stdin.close()
                proc.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                kill_group(proc.pid)
                proc.wait()
            if self._reader is not None:
                self._reader.join(timeout=5)
            proc.stdout.close()
        shutil.rmtree(self._logs, ignore_errors=True)


def _read_log(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""
