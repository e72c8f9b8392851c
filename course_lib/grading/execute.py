"""nbgrader's ``Execute`` preprocessor, hardened for untrusted notebooks.

:class:`GuardedExecute` replaces ``Execute`` in ``Autograde.autograde_preprocessors``:

* the kernel is started through :mod:`course_lib.grading.sandbox` when
  ``sandbox_config`` is set (and then talks over IPC sockets, since it has
  no network);
* when the kernel dies (``os._exit``, a crash, the memory or CPU limit) the
  cell that was running gets an error output saying so, and every later
  code cell gets a "not run" error, so no later test cell can pass by default;
* when a cell times out and the kernel does not answer after the interrupt
  (code that ignores SIGINT), the kernel is killed and treated as dead.

How each code cell's run ended is recorded as data in its metadata
(``cell.metadata["course_grading"] = {"run": <Run value>, "output_cut": bool}``,
see :mod:`course_lib.grading.status`) whenever it was not an ordinary run;
readers never search output text for it. Whatever a submission brought under
that key is removed first. The error outputs above stay, for people to read.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import uuid
from queue import Empty

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat.notebooknode import NotebookNode
from traitlets import Bool, Float, Integer, Unicode
from traitlets.config import Config

from nbgrader.preprocessors import Execute

from .status import RUN_KEY, Run


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel command behind the sandbox launcher."""

    sandbox_config = Unicode("", config=True, help="JSON file read by course_lib.grading.sandbox")

    def _sandbox_settings(self) -> dict:
        if not hasattr(self, "_settings"):
            with open(self.sandbox_config) as fh:
                self._settings = json.load(fh)
        return self._settings

    def write_connection_file(self, **kwargs):
        """Write the connection file where the sandbox can see it, readable by the sandbox uid."""
        if self.sandbox_config:
            folder = self._sandbox_settings().get("connection_dir")
            if folder and not self.connection_file:
                self.connection_file = os.path.join(folder, f"kernel-{uuid.uuid4().hex[:12]}.json")
        super().write_connection_file(**kwargs)
        if self.sandbox_config and os.geteuid() == 0:
            uid = self._sandbox_settings().get("uid")
            if uid is not None and self.connection_file and os.path.exists(self.connection_file):
                os.chown(self.connection_file, uid, uid)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if not self.sandbox_config:
            return cmd
        return [sys.executable, "-m", "course_lib.grading.sandbox", self.sandbox_config, "--", *cmd]


def _message_size(content: dict) -> int:
    """Rough size in bytes of an output message's payload."""
    size = len(content.get("text", "") or "")
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(json.dumps(value))
    size += sum(len(line) for line in content.get("traceback", []) or [])
    return size


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


def _mark(cell, run: Run | None = None, **fields) -> None:
    """Record how ``cell``'s run ended in its metadata (see the module docstring)."""
    mark = cell.metadata.setdefault(RUN_KEY, {})
    if run is not None:
        mark["run"] = run.value
    mark.update(fields)


def ipc_kernel_config(folder: str) -> Config:
    """Kernel-manager settings for a local kernel over IPC sockets in ``folder``.

    Over TCP a current ipykernel warns on its stderr that the connection is not
    encrypted; IPC sockets in a private folder need no network and no warning.
    """
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = os.path.join(folder, "kernel")
    return config


KERNEL_DIED = ("The Python process running this notebook stopped while this cell ran "
               "(for example os._exit(), a crash, or the memory or CPU limit of the grader).")
NOT_RUN = "Not run: the notebook's Python process had already stopped in an earlier cell."
OUT_OF_TIME = "Not run: the notebook used up its time budget of {budget:g} s before this cell."
STOPPED = "Not run: grading was asked to stop after the cell {grade_id!r} (Options.stop_after)."
OUTPUT_CUT = ("\n[... the grader dropped the rest of this cell's output: it was over {mb:g} MB. "
              "Print less (e.g. shapes or a few values).]\n")
UNRESPONSIVE = ("This cell ran past the time limit and did not stop when interrupted, "
                "so the grader stopped the notebook here.")


class GuardedExecute(Execute):
    """nbgrader ``Execute`` that survives dead and unresponsive kernels."""

    sandbox_config = Unicode("", config=True, help="sandbox config JSON; empty: no sandbox")
    budget = Float(0.0, config=True,
                   help="seconds the whole notebook may run; later cells are not run (0: no budget)")
    responsive_timeout = Float(10.0, config=True,
                               help="seconds to wait for a kernel to answer after an interrupt")
    stop_after = Unicode("", config=True,
                         help="grade_id of a cell after which no code cell is run (empty: run all)")
    max_output_bytes = Integer(2_000_000, config=True,
                               help="outputs one cell may keep; the rest is dropped as it arrives")
    # A kernel that ignores the interrupt never sends its "idle" status: waiting for it must not
    # abort the whole notebook (nbgrader's default raises); the cell is handled below instead.
    raise_on_iopub_timeout = Bool(False, config=True)
    max_total_output_bytes = Integer(20_000_000, config=True,
                                     help="outputs the whole notebook may keep")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.sandbox_config:
            self.kernel_manager_class = SandboxKernelManager
        self._stopped = False

    def preprocess(self, nb, resources=None, km=None):
        self._stopped = False
        self._timed_out = False
        self._cut: set = set()
        self._output_used: dict = {}
        self._output_total = 0
        self._cell_timeout = self.timeout
        self._started = time.monotonic()
        return super().preprocess(nb, resources, km)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self.sandbox_config and isinstance(km, SandboxKernelManager):
            km.sandbox_config = self.sandbox_config
        return km

    def output(self, outs, msg, display_id, cell_index):
        """Keep at most ``max_output_bytes`` of outputs per cell (a flood is dropped on arrival)."""
        used = self._output_used.get(cell_index, 0)
        if used < 0:  # already cut
            return None
        size = _message_size(msg.get("content", {}))
        used += size
        if used > self.max_output_bytes or self._output_total + size > self.max_total_output_bytes:
            self._output_used[cell_index] = -1
            self._cut.add(cell_index)
            limit = self.max_output_bytes if used > self.max_output_bytes else self.max_total_output_bytes
            outs.append(NotebookNode(output_type="stream", name="stdout", text=OUTPUT_CUT.format(mb=limit / 1e6)))
            return None
        self._output_used[cell_index] = used
        self._output_total += size
        return super().output(outs, msg, display_id, cell_index)

    async def _async_handle_timeout(self, timeout, cell=None):
        self._timed_out = True
        return await super()._async_handle_timeout(timeout, cell)

    async def _answers(self) -> bool:
        msg_id = self.kc.kernel_info()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.responsive_timeout
        while loop.time() < deadline:
            try:
                msg = await self.kc.shell_channel.get_msg(timeout=max(0.1, deadline - loop.time()))
            except Empty:
                return False
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False

    def preprocess_cell(self, cell, resources, index):
        cell.metadata.pop(RUN_KEY, None)  # only this executor writes it
        if self.budget and cell.cell_type == "code" and not self._stopped:
            remaining = self.budget - (time.monotonic() - self._started)
            if remaining <= 1:
                self._stop(Run.OUT_OF_TIME, OUT_OF_TIME.format(budget=self.budget))
            else:
                self.timeout = int(max(1, min(self._cell_timeout or remaining, remaining)))
        if self._stopped:
            if cell.cell_type == "code":
                cell.outputs = [_error("NotRun", self._reason)]
                _mark(cell, self._reason_run)
            return cell, resources
        self._timed_out = False
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stop(Run.NOT_RUN, NOT_RUN)
            cell.outputs.append(_error("KernelDied", KERNEL_DIED))
            _mark(cell, Run.KERNEL_DIED)
            return cell, self.resources
        except CellTimeoutError:
            self._timed_out = True
            cell.outputs.append(_error("CellTimeoutError", f"the cell ran past the {self.timeout} s limit"))
            resources = self.resources
        if index in self._cut:
            _mark(cell, output_cut=True)
        if self._timed_out:
            _mark(cell, Run.TIMEOUT)
            if not run_sync(self._answers)():
                self._stop(Run.NOT_RUN, NOT_RUN)
                cell.outputs.append(_error("Unresponsive", UNRESPONSIVE))
                _mark(cell, Run.UNRESPONSIVE)
                try:
                    run_sync(self.km.shutdown_kernel)(now=True)
                except Exception:  # already gone
                    pass
        if self.stop_after and not self._stopped and \
                cell.metadata.get("nbgrader", {}).get("grade_id") == self.stop_after:
            self._stop(Run.SKIPPED, STOPPED.format(grade_id=self.stop_after))
        return cell, resources

    def _stop(self, run: Run, reason: str) -> None:
        """No later code cell runs; each gets a ``NotRun`` error saying ``reason``, marked ``run``."""
        self._stopped = True
        self._reason_run = run
        self._reason = reason
