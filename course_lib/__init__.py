"""course_lib: the library that students and graders import.

* :func:`get_mnist` loads MNIST (see :mod:`course_lib.data`).
* :mod:`course_lib.gradcheck` holds the numerical gradient helpers.
* :mod:`course_lib.plotting` holds the notebook plots.
* :mod:`course_lib.grading` is used by hidden tests at grading time.

Nothing heavy happens at import time: submodules are imported on first use.
"""

__all__ = ["get_mnist", "eval_numerical_gradient", "eval_numerical_gradient_array",
           "rel_error", "grad_check"]

_LAZY = {
    "get_mnist": "course_lib.data",
    "eval_numerical_gradient": "course_lib.gradcheck",
    "eval_numerical_gradient_array": "course_lib.gradcheck",
    "rel_error": "course_lib.gradcheck",
    "grad_check": "course_lib.gradcheck",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")
