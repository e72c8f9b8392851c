"""Numerical gradients for checking backward passes (in the style of CS231n's gradient_check.py).

* :func:`eval_numerical_gradient` -- gradient of a scalar function, centred differences.
* :func:`eval_numerical_gradient_array` -- gradient of ``sum(f(x) * df)`` for an
  array-valued ``f`` and an upstream gradient ``df`` (a backward pass, checked
  without writing the loss).
* :func:`rel_error` -- the relative error used to compare two gradients.
* :func:`grad_check` -- compare an analytic gradient with the numerical one
  and report the worst entries.

How ``x`` is treated
--------------------
The helpers perturb ``x`` **in place**, one entry at a time, and call
``f(x)``.  This is what makes the usual idiom work, where ``f`` ignores its
argument and reads an array it closes over::

    dw_num = eval_numerical_gradient_array(lambda _: layer(x, w)[0], w, dout)

Therefore ``x`` must be a writeable numpy array of dtype float64 (a copy
would break that idiom, and perturbations of 1e-5 are meaningless in lower
precision): anything else raises ``TypeError`` -- convert with
``x.astype(np.float64)`` first.  Every perturbed entry is restored to its
exact original value, also when ``f`` raises.
"""

from dataclasses import dataclass, field

import numpy as np

__all__ = ["eval_numerical_gradient", "eval_numerical_gradient_array", "rel_error",
           "grad_check", "GradCheckResult"]

#: Floor of the denominator of the relative error (avoids 0/0).
REL_ERROR_FLOOR = 1e-8


def _check_x(x):
    """Raise ``TypeError`` unless ``x`` is a writeable float64 ndarray (it is perturbed in place)."""
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a numpy array of dtype float64 (it is perturbed in place), "
                        f"got {type(x).__name__}; use np.asarray(x, dtype=np.float64)")
    if x.dtype != np.float64:
        raise TypeError(f"x must have dtype float64 (it is perturbed in place by h), got {x.dtype}; "
                        f"convert it first with x.astype(np.float64)")
    if not x.flags.writeable:
        raise TypeError("x must be writeable (it is perturbed in place and restored)")


def _entries(x):
    """Iterate over the multi-indices of ``x`` (works for 0-d and empty arrays)."""
    it = np.nditer(x, flags=["multi_index", "zerosize_ok"], op_flags=["readonly"])
    while not it.finished:
        yield it.multi_index
        it.iternext()


def _check_h(h):
    if not np.isfinite(h) or h <= 0:
        raise ValueError(f"the step h must be a positive finite number, got {h!r}")


def _scalar(value):
    """``value`` as a Python float; ``ValueError`` if it is not a single number."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.size != 1:
        raise ValueError(f"f must return a scalar, got an array of shape {arr.shape}; "
                         f"use eval_numerical_gradient_array for array-valued functions")
    return float(arr.reshape(()))


def _centred_differences(f, x, h, combine):
    """For every entry ``ix`` of ``x``: ``grad[ix] = combine(f(x + h e_ix), f(x - h e_ix)) / (2h)``.

    ``x`` is perturbed in place and each entry restored exactly (also when
    ``f`` or ``combine`` raises).
    """
    _check_x(x)
    _check_h(h)
    grad = np.zeros(x.shape, dtype=np.float64)
    for ix in _entries(x):
        old = x[ix]
        try:
            # copies: f may return a view of x or a buffer it reuses
            x[ix] = old + h
            plus = np.array(f(x), dtype=np.float64)
            x[ix] = old - h
            minus = np.array(f(x), dtype=np.float64)
        finally:
            x[ix] = old
        grad[ix] = combine(plus, minus) / (2 * h)
    return grad


def eval_numerical_gradient(f, x, h=1e-5, verbose=False):
    """Numerical gradient of a scalar function by centred differences.

    Inputs:
    - f: function of one argument returning a scalar (a float or a size-1 array).
    - x: float64 array of any shape ``S``, the point; perturbed in place
      and restored (see the module docstring).
    - h: step of the differences.
    - verbose: print every entry's index and gradient.

    Returns:
    - grad: float64 array of shape ``S``, ``(f(x + h e_i) - f(x - h e_i)) / (2h)``.
    """
    def combine(plus, minus):
        return _scalar(plus) - _scalar(minus)

    grad = _centred_differences(f, x, h, combine)
    if verbose:
        for ix in _entries(grad):
            print(ix, grad[ix])
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Numerical gradient of ``sum(f(x) * df)`` with respect to ``x`` (centred differences).

    Use it to check a backward pass: with ``out = f(x)`` and the upstream
    gradient ``df = dL/dout``, the result approximates ``dL/dx``.

    Inputs:
    - f: function of one argument returning an array of shape ``T``.
    - x: float64 array of shape ``S``; perturbed in place and restored.
    - df: array of shape ``T`` (the shape of ``f(x)``), the upstream gradient.
    - h: step of the differences.

    Returns:
    - grad: float64 array of shape ``S``,
      ``sum((f(x + h e_i) - f(x - h e_i)) * df) / (2h)``.

    Raises ``ValueError`` when ``f(x)`` and ``df`` differ in shape.
    """
    df = np.asarray(df, dtype=np.float64)

    def combine(plus, minus):
        if plus.shape != df.shape or minus.shape != df.shape:
            raise ValueError(f"f(x) has shape {plus.shape} but df has shape {df.shape}; "
                             f"df must be shaped like the output of f")
        return np.sum((plus - minus) * df)

    return _centred_differences(f, x, h, combine)


def _elementwise_rel_error(x, y):
    return np.abs(x - y) / np.maximum(REL_ERROR_FLOOR, np.abs(x) + np.abs(y))


def rel_error(x, y):
    """Maximum element-wise relative error ``|x - y| / max(1e-8, |x| + |y|)``.

    Inputs:
    - x, y: array-likes of the same shape (no broadcasting).

    Returns:
    - a float in [0, 1]: 0 for identical inputs (also when both are all zero,
      without warnings) and for empty inputs; ``nan`` if either holds a nan.

    Raises ``ValueError`` when the shapes differ.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error: shapes differ, {x.shape} vs {y.shape}")
    if x.size == 0:
        return 0.0
    with np.errstate(invalid="ignore"):   # inf - inf: the result is nan, reported as such
        return float(np.max(_elementwise_rel_error(x, y)))


@dataclass(frozen=True)
class GradCheckResult:
    """Outcome of :func:`grad_check`.

    Attributes:
    - rel_error: maximum element-wise relative error (see :func:`rel_error`).
    - tol: the tolerance it was compared with.
    - passed: ``rel_error <= tol`` (False when it is nan).
    - worst: up to ``n_worst`` tuples ``(index, analytic, numeric)``, the
      entries with the largest relative error, worst first.
    - analytic, numeric: the two gradients (float64 arrays of x's shape).
    """

    rel_error: float
    tol: float
    passed: bool
    worst: list
    analytic: np.ndarray = field(repr=False)
    numeric: np.ndarray = field(repr=False)

    def __str__(self):
        verdict = "passed" if self.passed else "FAILED"
        lines = [f"gradient check {verdict}: max relative error {self.rel_error:.3e} "
                 f"(tolerance {self.tol:.1e}), gradient shape {self.analytic.shape}"]
        if self.worst:
            lines.append("worst entries (index: analytic vs numerical, relative error):")
            for index, a, n in self.worst:
                with np.errstate(invalid="ignore"):
                    err = _elementwise_rel_error(np.float64(a), np.float64(n))
                lines.append(f"  {index}: {a: .10e} vs {n: .10e}   {err:.2e}")
        return "\n".join(lines)

    def assert_passed(self):
        """Raise ``AssertionError`` with the report unless the check passed."""
        if not self.passed:
            raise AssertionError(str(self))
        return self


def grad_check(f, x, analytic_grad, h=1e-5, tol=1e-7, n_worst=5, df=None):
    """Compare an analytic gradient with the numerical one.

    Inputs:
    - f: function of x; returns a scalar when ``df`` is None, otherwise an
      array shaped like ``df`` (the check is then on ``sum(f(x) * df)``).
    - x: float64 array of shape ``S`` (perturbed in place and restored).
    - analytic_grad: array-like of shape ``S``, the gradient to check.
    - h: step of the centred differences.
    - tol: largest accepted relative error.
    - n_worst: how many of the worst entries to report.
    - df: optional upstream gradient for an array-valued ``f``.

    Returns:
    - a :class:`GradCheckResult` (``.passed``, ``.rel_error``, ``.worst``;
      ``str()`` gives a readable report; ``.assert_passed()`` raises).

    Raises ``ValueError`` when ``analytic_grad`` is not shaped like ``x``.
    """
    _check_x(x)
    analytic = np.asarray(analytic_grad, dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(f"grad_check: the analytic gradient has shape {analytic.shape} "
                         f"but x has shape {x.shape}")
    if df is None:
        numeric = eval_numerical_gradient(f, x, h=h)
    else:
        numeric = eval_numerical_gradient_array(f, x, df, h=h)
    err = rel_error(analytic, numeric)
    worst = []
    if analytic.size and n_worst > 0:
        with np.errstate(invalid="ignore"):
            per_entry = _elementwise_rel_error(analytic, numeric).reshape(-1)
        per_entry = np.where(np.isnan(per_entry), np.inf, per_entry)   # nan counts as worst
        order = np.argsort(-per_entry, kind="stable")[:n_worst]
        for flat in order:
            index = np.unravel_index(flat, analytic.shape)
            index = tuple(int(i) for i in index)
            worst.append((index, float(analytic[index]), float(numeric[index])))
    return GradCheckResult(rel_error=err, tol=tol, passed=bool(err <= tol), worst=worst,
                           analytic=analytic, numeric=numeric)
