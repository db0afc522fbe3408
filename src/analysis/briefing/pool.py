"""Warm kernels: started once, the notebooks' imports done once, reused across notebooks and regions.

A fresh kernel per notebook spends seconds starting and importing pandas, matplotlib, statsmodels
and the package before the notebook's first line. A :class:`KernelPool` keeps ``size`` kernels (one
per core by default), each owned by one worker thread that takes the next notebook from a queue:

* a kernel starts when its worker gets its first notebook (a run answered by the cache starts none)
  and imports, once, every module the notebooks import (:func:`notebook_imports`);
* before each notebook, :func:`analysis.briefing.kernel_state.prepare` gives it the state of a
  fresh kernel in its own working directory (empty namespace, execution count 1, environment,
  warning registries, matplotlib and pandas settings), so the executed notebook has the same bytes
  as one run by plain papermill in a new kernel;
* a notebook that fails, or a kernel that dies, costs that kernel: it is shut down and the worker
  starts a new one for its next notebook, so nothing a failed notebook left can reach another.

Notebooks are executed by papermill (parameters injected as papermill does, its metadata and error
cells) through the engine :data:`ENGINE`, which runs them on the warm kernel instead of a new one.
Kernels that outlive a killed runner exit by themselves (ipykernel's parent poller).
"""

from __future__ import annotations

import ast
import inspect
import itertools
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import nbformat
import papermill
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

from analysis.briefing import kernel_state
from analysis.briefing.kernel import KERNEL_ARGUMENTS, Kernel, kernel_environment

#: The papermill engine that executes on a warm kernel (registered when this module is imported).
ENGINE = "analysis-warm"
#: Seconds a kernel may take to start and answer, and to run its warm-up imports.
STARTUP_TIMEOUT = 120
#: Seconds a free kernel waits before taking a job, so that jobs submitted together are taken by priority.
SETTLE = 0.05
#: Name of :mod:`analysis.briefing.kernel_state` inside a kernel.
STATE_MODULE = "_briefing_kernel"


class KernelError(RuntimeError):
    """A kernel did not start, died, or failed its warm-up or its preparation for a notebook."""


class _WarmEngine(NBClientEngine):
    """papermill's nbclient engine, on the kernel passed as ``warm`` instead of a new one."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        warm=None,
        **kwargs,
    ):
        client = PapermillNotebookClient(
            nb_man,
            km=warm.manager,
            kernel_name=kernel_name,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client.kc = warm.client
        return client.execute(cleanup_kc=False)


papermill_engines.register(ENGINE, _WarmEngine)


def default_size() -> int:
    """Kernels kept warm when not told: one per CPU."""
    return max(1, os.cpu_count() or 1)


def notebook_imports(paths: list[Path]) -> list[str]:
    """The modules the notebooks at ``paths`` import, in order of first appearance.

    ``import a.b`` gives ``a.b``; ``from a.b import c`` gives ``a.b`` and ``a.b.c`` (``c`` may be a
    submodule; if not, its import fails harmlessly at warm-up). Lines of IPython magics are skipped.
    """
    found: dict[str, None] = {}
    for path in paths:
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type != "code":
                continue
            source = "\n".join(ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!")))
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update((alias.name, None) for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    if node.module == "__future__":
                        continue
                    found[node.module] = None
                    found.update((f"{node.module}.{alias.name}", None) for alias in node.names if alias.name != "*")
    return list(found)


class WarmKernel:
    """One kernel process and its client, used by one thread at a time (its pool's worker).

    ``starts`` counts the processes started and ``notebooks`` the notebooks executed on this slot.
    """

    def __init__(self, kernel: Kernel, preload: list[str], number: int):
        self.kernel, self.preload, self.number = kernel, list(preload), number
        self.manager = None
        self.client = None
        self.starts = 0
        self.notebooks = 0
        self._workdir: str | None = None

    @property
    def running(self) -> bool:
        return self.manager is not None

    def start(self) -> None:
        """Start the kernel process and run the warm-up imports (any previous process is stopped)."""
        self.stop()
        self._workdir = tempfile.mkdtemp(prefix="analysis-kernel-")
        manager = self.kernel.manager_class(kernel_name=self.kernel.name)
        try:
            run_sync(manager.start_kernel)(
                extra_arguments=list(KERNEL_ARGUMENTS), cwd=self._workdir, env=kernel_environment()
            )
            self.manager = manager
            self.client = manager.client()
            self.client.allow_stdin = False
            self.client.start_channels()
            run_sync(self.client.wait_for_ready)(timeout=STARTUP_TIMEOUT)
            self.starts += 1
            self._silent(_warm_up_code(self.preload))
        except Exception as err:
            self.stop()
            raise KernelError(f"kernel {self.number} did not start: {type(err).__name__}: {err}") from err

    def stop(self) -> None:
        """Shut the kernel process down now (nothing to save) and close its sockets."""
        manager, client, self.manager, self.client = self.manager, self.client, None, None
        if client is not None:
            client.stop_channels()
        if manager is not None:
            try:
                run_sync(manager.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - already dead: nothing left to stop
                pass
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def execute(
        self, source: Path, executed: Path, values: dict, cwd: Path, environ: dict[str, str | None] | None = None
    ) -> None:
        """Execute the notebook ``source`` with parameters ``values`` into ``executed``, working in
        ``cwd`` with the variables of ``environ`` set (None: unset). Raises what papermill raises; after any error
        the kernel is stopped, and the next notebook on this slot gets a new one. A kernel that
        cannot be prepared (it died after its last notebook) is replaced once, before the notebook."""
        prepare = f"__import__({STATE_MODULE!r}).prepare({str(cwd)!r}, {environ or {}!r})"
        try:
            if not self.running:
                self.start()
            try:
                self._silent(prepare)
            except KernelError:
                self.start()
                self._silent(prepare)
            papermill.execute_notebook(
                str(source),
                str(executed),
                parameters=values,
                engine_name=ENGINE,
                kernel_name=self.kernel.name,
                language="python",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,  # written once at the end (or at the failing cell)
                warm=self,
            )
        except BaseException:
            self.stop()
            raise
        self.notebooks += 1

    def _silent(self, code: str) -> None:
        """Run ``code`` without output or history; KernelError if it fails or the kernel dies."""
        msg_id = self.client.execute(code, silent=True, store_history=False, allow_stdin=False)
        reply = run_sync(self._reply)(msg_id)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise KernelError(f"{content.get('ename', 'error')}: {content.get('evalue', '')}")

    async def _reply(self, msg_id: str) -> dict:
        """The shell reply to ``msg_id``, once the kernel is idle again (its iopub messages read)."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        reply = None
        while reply is None:
            try:
                msg = await self.client.get_shell_msg(timeout=1)
            except queue.Empty:
                await self._check_alive(deadline)
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg
        while True:
            try:
                msg = await self.client.get_iopub_msg(timeout=1)
            except queue.Empty:
                await self._check_alive(deadline)
                continue
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"
            ):
                return reply

    async def _check_alive(self, deadline: float) -> None:
        if not await self.manager.is_alive():
            raise KernelError(f"kernel {self.number} died")
        if time.monotonic() > deadline:
            raise KernelError(f"kernel {self.number} did not answer within {STARTUP_TIMEOUT} s")


#: Sorts after every priority: the pool's stop signal, taken once every job is done.
_LAST = (float("inf"),)


def _warm_up_code(modules: list[str]) -> str:
    """Code that makes :mod:`analysis.briefing.kernel_state` the kernel's ``_briefing_kernel`` module
    and runs its warm-up; it leaves no name in the user namespace."""
    source = inspect.getsource(kernel_state)
    return (
        "import sys as _sys, types as _types\n"
        f"_module = _types.ModuleType({STATE_MODULE!r})\n"
        f"exec(compile({source!r}, {STATE_MODULE!r}, 'exec'), _module.__dict__)\n"
        f"_sys.modules[{STATE_MODULE!r}] = _module\n"
        f"_module.warm_up({modules!r})\n"
        "del _sys, _types, _module\n"
    )


class KernelPool:
    """``size`` warm kernels, each with a worker thread taking jobs from one queue. A job is a
    function of a :class:`WarmKernel`; :meth:`submit` returns its future. The queue hands out the job
    of the smallest ``priority`` first (a tuple; ties in the order submitted): a run takes a number
    from :meth:`new_run` and puts it first, so the notebooks of the runs of a batch go in the runs'
    order, and a run's own notebooks longest first.

    Use as a context manager: leaving it waits for the queued jobs and shuts every kernel down.
    """

    def __init__(self, kernel: Kernel, size: int, preload: list[str] | tuple[str, ...] = ()):
        if size < 1:
            raise ValueError(f"a kernel pool needs at least one kernel, not {size}")
        self.kernel = kernel
        self.kernels = [WarmKernel(kernel, list(preload), number) for number in range(1, size + 1)]
        self._jobs: queue.PriorityQueue = queue.PriorityQueue()
        self._submitted = itertools.count()
        self._runs = itertools.count()
        self._workers = [
            threading.Thread(target=self._work, args=(warm,), name=f"kernel-{warm.number}", daemon=True)
            for warm in self.kernels
        ]
        for worker in self._workers:
            worker.start()

    def submit(self, job: Callable[[WarmKernel], object], priority: tuple = ()) -> Future:
        future: Future = Future()
        self._jobs.put((priority, next(self._submitted), future, job))
        return future

    def new_run(self) -> int:
        """A number for a run's jobs: the runs of a pool are served in the order they asked."""
        return next(self._runs)

    @property
    def starts(self) -> int:
        """Kernel processes started so far (restarts included)."""
        return sum(warm.starts for warm in self.kernels)

    def close(self) -> None:
        for _ in self._workers:
            self._jobs.put((_LAST, next(self._submitted), None, None))
        for worker in self._workers:
            worker.join()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _work(self, warm: WarmKernel) -> None:
        try:
            while True:
                entry = self._jobs.get()
                if entry[2] is not None and self._jobs.empty():
                    # notebooks made ready together are submitted by their own threads a moment apart:
                    # an idle kernel waits that moment, so it takes the first in priority, not the first
                    # to arrive
                    time.sleep(SETTLE)
                    self._jobs.put(entry)
                    entry = self._jobs.get()
                _, _, future, job = entry
                if future is None:
                    return
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    result = job(warm)
                except BaseException as err:  # noqa: BLE001 - handed to whoever waits on the future
                    future.set_exception(err)
                else:
                    future.set_result(result)
        finally:
            warm.stop()
