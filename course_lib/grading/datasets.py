"""Data preflight: every dataset an assignment declares is found before anything is graded.

Without it, a missing dataset would make the data-loading cell fail in every
submission and silently cost every student the points that depend on it.
The trusted process resolves each name of the manifest's ``datasets`` with
:func:`course_lib.data.registry.locate`; the folders found are exposed
read-only to the sandbox and named to the kernel in each dataset's
environment variable (e.g. ``COURSE_MNIST_DIR``). The caches derived from a
dataset (:func:`course_lib.data.registry.prepare`, e.g. MNIST decoded once into
memory-mappable ``.npy`` files) are made here, by the trusted process, and
exposed the same way: the kernels only read them.
"""

from __future__ import annotations

from ..assignments import Assignment, AssignmentError
from ..data.errors import DataError

__all__ = ["MissingData", "require_datasets"]


class MissingData(DataError):
    """A dataset the assignment needs is not available: nothing may be graded (the message says why)."""


def require_datasets(manifest: Assignment, *, allow_download: bool = True) -> list:
    """The :class:`~course_lib.data.registry.DatasetLocation` of every dataset ``manifest`` declares.

    Raises:
        MissingData: one or more datasets cannot be found (or downloaded when
            ``allow_download``); the message lists each, what was tried and the
            variable to set.
        AssignmentError: the manifest names a dataset the registry does not know.
    """
    from ..data.registry import locate, prepare

    found, problems = [], []
    for name in manifest.datasets:
        try:
            found.append(prepare(locate(name, allow_download=allow_download)))
        except KeyError as exc:
            raise AssignmentError(f"{manifest.name}: the manifest's datasets list {exc.args[0]}") from None
        except DataError as exc:
            problems.append(str(exc))
    if problems:
        raise MissingData(f"{manifest.name} needs data that is not available here, so nothing was graded "
                          f"(every submission would have lost the points that depend on it).\n\n"
                          + "\n\n".join(problems))
    return found
