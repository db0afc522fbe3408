"""The kernel the notebooks run in, and how it is started.

By default the notebooks run in this interpreter's own ipykernel (``sys.executable -m
ipykernel_launcher``), whatever kernel the notebooks' metadata name (``python3`` or ``analysis``) and
whether or not one is registered: the kernel then imports the very package the runner keyed its
cache on, on a plain ``pip install -e .`` as in ``.venv``. A registered kernelspec is used only when
asked for by name (:func:`resolve_kernel`).

Kernels talk over private Unix sockets (:func:`kernel_manager_class`), start with this process's
environment, relative ``PYTHONPATH`` entries made absolute (:func:`kernel_environment`: a kernel
works in another folder), log only critical notices and keep their history in memory
(:data:`KERNEL_ARGUMENTS`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from dataclasses import dataclass

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager

from analysis.errors import InputError

#: The name the runner gives this interpreter's own kernel (never looked up among registered ones).
THIS_INTERPRETER = "python3"
#: Critical notices only (errors of the code show in the notebook), so that cron logs hold our
#: progress lines, not ipykernel's; IPython's history in memory, not in a shared SQLite file.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:"]


@dataclass(frozen=True)
class Kernel:
    """A kernel to start: its ``name``, its kernelspec (``spec``, a dict), the kernel manager class
    that starts it, and a ``note`` for the log."""

    name: str
    spec: dict
    manager_class: type
    note: str = ""


def this_interpreter_spec() -> dict:
    """The kernelspec of this interpreter's own ipykernel."""
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (this interpreter)",
        "language": "python",
        "env": {},
        "metadata": {},
        "interrupt_mode": "signal",
    }


class _IpcKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, on POSIX over private Unix sockets instead of TCP ports.

    Over TCP, jupyter_client picks ports that are free when it looks and the kernel binds them a
    moment later: two briefings started together can draw the same port, and the kernel that loses
    dies with "Address already in use". Sockets under a path unique to each kernel cannot collide.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if os.name == "posix":
            self.transport = "ipc"
            self.ip = os.path.join(tempfile.gettempdir(), f"analysis-kernel-{uuid.uuid4().hex[:12]}")


class _ThisInterpreterKernelManager(_IpcKernelManager):
    """Starts ``sys.executable -m ipykernel_launcher`` whatever the kernel name (nothing registered)."""

    @property
    def kernel_spec(self):
        if self._kernel_spec is None:
            self._kernel_spec = KernelSpec(**this_interpreter_spec())
        return self._kernel_spec


def kernel_manager_class(this_interpreter: bool = False) -> type:
    """The manager class for a registered kernelspec, or (``this_interpreter``) for this interpreter."""
    return _ThisInterpreterKernelManager if this_interpreter else _IpcKernelManager


def resolve_kernel(kernel: str | None = None) -> Kernel:
    """This interpreter's own kernel (``kernel`` None), or the registered kernelspec named ``kernel``.

    Raises
    ------
    InputError
        a kernel named that is not registered (listing the registered ones), exit 2.
    """
    if kernel is None:
        note = f"kernels: this interpreter's own ipykernel ({sys.executable})"
        return Kernel(THIS_INTERPRETER, this_interpreter_spec(), kernel_manager_class(True), note)
    specs = KernelSpecManager()
    try:
        spec = specs.get_kernel_spec(kernel)
    except NoSuchKernel:
        known = ", ".join(sorted(specs.find_kernel_specs())) or "none"
        raise InputError(
            f"no Jupyter kernel named {kernel!r} is registered (registered: {known})", field="kernel", value=kernel
        ) from None
    return Kernel(kernel, spec.to_dict(), kernel_manager_class(False), f"kernels: registered kernelspec {kernel!r}")


def kernel_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a kernel starts with: ``base`` (default this process's), with every relative
    ``PYTHONPATH`` entry made absolute against the current folder (the kernel starts elsewhere and
    must import the same package the runner keyed its cache on)."""
    env = dict(os.environ if base is None else base)
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(
            os.path.abspath(entry) if entry else entry for entry in env["PYTHONPATH"].split(os.pathsep)
        )
    return env
