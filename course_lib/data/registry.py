"""The datasets an assignment can declare, and how the trusted grader finds them.

An assignment's manifest lists dataset names (``datasets = ["mnist"]``; known:
``"mnist"`` via ``$COURSE_MNIST_DIR``, ``"cifar10"`` via ``$COURSE_CIFAR10_DIR``).
Before a batch is graded, the grader calls :func:`locate` for each name; a
dataset that cannot be found stops the batch with :class:`DataError`, whose
message lists every place tried and the environment variable to set. The
folder found is exposed read-only to the sandbox and its path is passed to the
kernel in the same environment variable, so the notebook's loader finds it
without a download (the sandbox has no network).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from .errors import DataError

__all__ = ["Dataset", "DatasetLocation", "DATASETS", "locate", "prepare"]


@dataclass(frozen=True)
class DatasetLocation:
    """Where a dataset was found: its folder and how (``"$COURSE_MNIST_DIR"``, ``"cache"``, ...)."""

    name: str
    directory: Path
    found_via: str
    env_var: str
    derived: tuple = ()   # (environment variable, folder) of read-only caches made from it (see prepare)


@dataclass(frozen=True)
class Dataset:
    """A dataset that lives in a folder: its environment variable and how to find or fetch it.

    ``find(allow_download)`` returns ``(directory, found_via)`` or raises
    :class:`DataError` listing what it tried. ``derive(directory)``, when given, makes
    (or finds) caches that are faster to read than the dataset's own files and returns
    them as ``(environment variable, folder)`` pairs; kernels only read them.
    """

    name: str
    env_var: str
    description: str
    find: Callable[[bool], tuple]
    derive: Callable[[Path], tuple] | None = None


def _find_mnist(allow_download: bool) -> tuple:
    from .download import data_cache_dir
    from .mnist import _locate, get_mnist

    env = os.environ.get("COURSE_MNIST_DIR", "").strip()
    for folder, via in ([(Path(env).expanduser(), "$COURSE_MNIST_DIR")] if env else []) + \
            [(data_cache_dir("mnist"), "cache")]:
        if folder.is_dir() and not _locate(folder)[1]:
            return folder.resolve(), via
    data = get_mnist(allow_download=allow_download)  # raises MNISTError listing what it tried
    if data.directory is None:
        raise DataError("the full MNIST was not found (only the embedded subset is available)")
    return Path(data.directory).resolve(), data.source


def _derive_mnist(directory: Path) -> tuple:
    from .mnist import ENV_DECODED, write_decoded

    return ((ENV_DECODED, write_decoded(directory)),)


def _find_cifar10(allow_download: bool) -> tuple:
    from .cifar10 import find_cifar10_dir

    # $COURSE_CIFAR10_DIR, then the cache, then a verified download (raises CIFARError
    # listing what it tried). Only the presence of the seven files is checked here.
    folder, via = find_cifar10_dir(allow_download=allow_download)
    return folder, {"the cache": "cache"}.get(via, via)


DATASETS: dict[str, Dataset] = {
    "mnist": Dataset("mnist", "COURSE_MNIST_DIR", "MNIST, the four IDX .gz files", _find_mnist, _derive_mnist),
    "cifar10": Dataset("cifar10", "COURSE_CIFAR10_DIR",
                       "CIFAR-10, a folder laid out like cifar-10-batches-py", _find_cifar10),
}


def locate(name: str, *, allow_download: bool = True) -> DatasetLocation:
    """Find dataset ``name`` for the trusted grader (a download into the cache is allowed by default).

    Raises:
        KeyError: ``name`` is not a known dataset.
        DataError: the dataset was not found; the message says what was tried and which
            environment variable to set.
    """
    try:
        spec = DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}") from None
    try:
        directory, via = spec.find(allow_download)
    except DataError as exc:
        raise DataError(f"{spec.description} ({name}) could not be found.\n{exc}\n"
                        f"Set {spec.env_var} to the folder that holds it, then grade again.") from exc
    return DatasetLocation(name, Path(directory), via, spec.env_var)


def prepare(location: DatasetLocation) -> DatasetLocation:
    """``location`` with its derived caches made (:attr:`Dataset.derive`); without them when that fails.

    A cache only saves time: when it cannot be written (read-only or full disk) the
    kernels read the dataset's own files, as before.
    """
    spec = DATASETS[location.name]
    if spec.derive is None:
        return location
    try:
        derived = tuple((var, Path(folder)) for var, folder in spec.derive(location.directory))
    except (OSError, DataError):
        return location
    return replace(location, derived=derived)
