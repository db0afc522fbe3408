"""The content-addressed cache of executed notebooks: ``OUT/.cache/<key>/``.

A notebook whose inputs are unchanged - its own bytes, its parameters, the package source,
``data/raw`` and ``data/processed``, the installed distributions, the kernel, and the files its
dependencies wrote - is not re-executed: its executed copy and outputs come from the cache. An entry
is ``notebook.ipynb``, ``figures/`` (the outputs) and ``entry.json`` (each output's sha256); it is
written to a temporary folder and renamed, so a crash never leaves half an entry, and an entry whose
files do not match their digests is ignored (the notebook is executed instead).

The HTML page made of an executed briefing notebook is kept too (``OUT/.cache/pages/<key>.html``),
keyed by the notebook's bytes, the page's title and date and the same digest of every input (the
HTML code and the font are among them): a run whose notebooks all come from the cache copies its
page instead of exporting it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import threading
from importlib import metadata
from pathlib import Path

from analysis.briefing import params
from analysis.briefing.kernel import Kernel
from analysis.series.provenance import sha256
from analysis.tables import atomic_path

#: Bumped when the layout of an entry or of an executed notebook changes.
CACHE_VERSION = "briefing-cache-2"  # 2: executed notebooks without timing or absolute paths
#: The outputs' folder, in an entry as in a run folder.
OUTPUT_DIR = "figures"


def environment_fingerprint(roots: list[Path], kernel: Kernel, exclude: tuple[Path, ...] = ()) -> str:
    """Digest of everything outside a notebook that can change its outputs: the interpreter, the
    installed distributions, the kernel and every file under ``roots`` but those under ``exclude``,
    hidden ones (``.cache/``, a file being written by a rename) and compiled Python."""
    excluded = [Path(e).resolve() for e in exclude]
    h = hashlib.sha256()
    h.update(sys.version.encode())
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    h.update("\n".join(dists).encode())
    h.update(json.dumps({"name": kernel.name, "spec": kernel.spec}, sort_keys=True).encode())
    for root in roots:
        root = Path(root)
        if not root.exists():
            h.update(f"missing {root}".encode())
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            parts = path.relative_to(root).parts
            if "__pycache__" in parts or path.suffix in (".pyc", ".pyo") or any(p.startswith(".") for p in parts):
                continue
            if any(path.resolve().is_relative_to(e) for e in excluded):
                continue
            h.update(f"{path.relative_to(root).as_posix()}\0{sha256(path)}\n".encode())
    return h.hexdigest()


class Cache:
    """The store under ``root`` for one ``environment`` (:func:`environment_fingerprint`)."""

    def __init__(self, root: Path, environment: str):
        self.root, self.environment = Path(root), environment

    def key(self, notebook: Path, values: dict, inputs: dict[str, str]) -> str:
        """The entry of ``notebook`` run with parameters ``values`` on input files with digests ``inputs``."""
        h = hashlib.sha256()
        for part in (
            CACHE_VERSION,
            self.environment,
            sha256(notebook),
            params.digest(values),
            json.dumps(inputs, sort_keys=True),
        ):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def restore(self, key: str, executed: Path, figures: Path) -> bool:
        """Copy entry ``key`` to ``executed`` and its outputs into ``figures``; False when there is
        no such entry or it is damaged."""
        entry = self.root / key
        manifest = entry / "entry.json"
        if not manifest.exists():
            return False
        try:
            files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            for rel, digest in files.items():
                if sha256(entry / OUTPUT_DIR / rel) != digest:
                    return False
            for rel in files:
                target = figures / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry / OUTPUT_DIR / rel, target)
            with atomic_path(executed) as tmp:
                shutil.copyfile(entry / "notebook.ipynb", tmp)
        except (OSError, ValueError, KeyError):
            return False
        return True

    def page_key(self, executed: Path, *parts: str) -> str:
        """The page of the executed notebook ``executed`` made with ``parts`` (title, date)."""
        h = hashlib.sha256()
        for part in (CACHE_VERSION, self.environment, sha256(executed), *parts):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def restore_page(self, key: str, target: Path) -> bool:
        """Copy page ``key`` to ``target``; False when it is not kept."""
        page = self.root / "pages" / f"{key}.html"
        try:
            with atomic_path(target) as tmp:
                shutil.copyfile(page, tmp)
        except OSError:
            return False
        return True

    def store_page(self, key: str, page: Path) -> None:
        """Keep the page ``page`` as ``key`` (by a rename: never half a file)."""
        target = self.root / "pages" / f"{key}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{key[:16]}-{os.getpid()}-{threading.get_ident()}.tmp")
        shutil.copyfile(page, tmp)
        os.replace(tmp, target)

    def store(self, key: str, executed: Path, outputs: dict[str, Path]) -> None:
        """Keep ``executed`` and ``outputs`` (relative name -> file) as entry ``key`` (first one wins)."""
        entry = self.root / key
        if entry.exists():
            return
        tmp = self.root / f".tmp-{key[:16]}-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / OUTPUT_DIR).mkdir(parents=True)
        shutil.copyfile(executed, tmp / "notebook.ipynb")
        files = {}
        for rel, path in outputs.items():
            target = tmp / OUTPUT_DIR / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            files[rel] = sha256(target)
        (tmp / "entry.json").write_text(json.dumps({"files": files}, indent=1, sort_keys=True), encoding="utf-8")
        try:
            os.rename(tmp, entry)
        except OSError:  # another run stored it first
            shutil.rmtree(tmp, ignore_errors=True)
