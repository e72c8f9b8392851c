"""One atomic writer for the decoded ``.npy`` caches of the data sets (MNIST, CIFAR-10)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["write_arrays"]


def write_arrays(dest: Path, arrays: dict, manifest_name: str, manifest: dict) -> None:
    """Write ``arrays`` as ``<name>.npy`` plus a JSON manifest into the folder ``dest``, atomically.

    Everything is written into a private folder next to ``dest`` and renamed into place
    (a damaged ``dest`` is replaced), so concurrent readers and writers never see half an
    entry. Files are world-readable and the folder traversable (a sandboxed kernel reads it).

    Raises:
        OSError: the cache cannot be written (nothing is left behind).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part"))
    try:
        for name, array in arrays.items():
            np.save(staging / f"{name}.npy", array, allow_pickle=False)
        (staging / manifest_name).write_text(json.dumps(manifest))
        for path in staging.iterdir():
            path.chmod(0o644)
        staging.chmod(0o755)
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
