"""Plots for the notebooks: a grid of digits and a cost curve.

Both functions return the matplotlib :class:`~matplotlib.figure.Figure` and
never call ``plt.show()``; matplotlib is imported only when they are called.
In a notebook, end the line with ``;`` (or assign the result) so that the
figure is not displayed twice.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["show_digits", "plot_costs"]


def _as_image_stack(images) -> np.ndarray:
    """Return images as an array (m, 28, 28).

    Accepts the course layout (784, m), one example per column, or (m, 28, 28).
    """
    arr = np.asarray(images)
    if arr.ndim == 2 and arr.shape[0] == 784:
        return arr.T.reshape(-1, 28, 28)
    if arr.ndim == 3 and arr.shape[1:] == (28, 28):
        return arr
    hint = " (one image per row? pass images.T)" if arr.ndim == 2 and arr.shape[1] == 784 else ""
    raise ValueError(f"images must have shape (784, m) or (m, 28, 28); got {arr.shape}{hint}")


def _as_label_vector(labels, m: int, what: str) -> np.ndarray:
    """Return labels as an int array (m,). Accepts (m,), (1, m) or one-hot (10, m)."""
    arr = np.asarray(labels)
    if arr.ndim == 2 and arr.shape == (10, m) and m != 1:
        arr = arr.argmax(axis=0)
    elif arr.ndim == 2 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.ndim != 1 or arr.shape[0] != m:
        raise ValueError(f"{what} must have shape (1, m), (m,) or one-hot (10, m) with m = {m} "
                         f"images; got {np.shape(labels)}")
    if not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{what} must be whole numbers (digit classes)")
        arr = arr.astype(np.int64)
    return arr


def show_digits(images, labels=None, n_rows: int = 10, n_cols: int = 10, *, predictions=None,
                start: int = 0, fig=None, title: str | None = None, cmap: str = "gray"):
    """Show a grid of digits with their labels as subplot titles.

    Args:
        images: (784, m), one image per column (e.g. ``mnist.train_images``, values in
            [-1, 1]), or (m, 28, 28) of any numeric range.
        labels: optional (1, m), (m,) or one-hot (10, m) true digits.
        n_rows, n_cols: grid size; the first ``n_rows * n_cols`` images from ``start`` are
            shown (fewer if there are fewer images; empty cells are left blank).
        predictions: optional predicted digits, same layouts as ``labels``; a title then reads
            ``"p/t"`` and is red where the prediction is wrong.
        start: index of the first image shown.
        fig: an existing Figure to draw into (it is cleared); default: a new one.
        title: optional figure title.
        cmap: matplotlib colour map.

    Returns:
        The matplotlib Figure with ``n_rows * n_cols`` axes.

    Raises:
        ValueError: wrong shapes, grid size or ``start``.
    """
    stack = _as_image_stack(images)
    m = stack.shape[0]
    if int(n_rows) != n_rows or int(n_cols) != n_cols or n_rows < 1 or n_cols < 1:
        raise ValueError(f"n_rows and n_cols must be positive integers; got {n_rows}, {n_cols}")
    if not 0 <= start < max(m, 1) or m == 0:
        raise ValueError(f"start must be in 0..{m - 1} for {m} images; got {start}")
    true = None if labels is None else _as_label_vector(labels, m, "labels")
    pred = None if predictions is None else _as_label_vector(predictions, m, "predictions")

    import matplotlib.pyplot as plt

    n_rows, n_cols = int(n_rows), int(n_cols)
    if fig is None:
        fig = plt.figure(figsize=(max(1.0 * n_cols, 2.0), max(1.1 * n_rows, 1.5)))
    else:
        fig.clear()
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    shown = stack[start:start + n_rows * n_cols]
    vmin, vmax = float(shown.min()), float(shown.max())
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k >= len(shown):
            continue
        ax.imshow(shown[k], cmap=cmap, vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1)
        i = start + k
        if pred is not None and true is not None:
            ok = pred[i] == true[i]
            ax.set_title(f"{pred[i]}/{true[i]}", fontsize=9, color="black" if ok else "red")
        elif pred is not None:
            ax.set_title(f"pred {pred[i]}", fontsize=9)
        elif true is not None:
            ax.set_title(str(true[i]), fontsize=9)
    height = fig.get_figheight()
    has_titles = true is not None or pred is not None
    margin = (0.3 if has_titles else 0.05) + (0.35 if title else 0.0)  # inches
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=1 - margin / height,
                        wspace=0.1, hspace=0.45 if has_titles else 0.1)
    if title:
        fig.suptitle(title, y=1 - 0.05 / height, va="top")
    return fig


def plot_costs(costs, log_step: int = 1, title: str = "Cost during training", *, ax=None,
               xlabel: str = "iteration", ylabel: str = "cost", logy: bool = False):
    """Plot one or several cost curves.

    Args:
        costs: a 1-D sequence of costs, or a mapping ``{label: costs}`` to compare runs
            (e.g. optimizers); each is plotted against ``index * log_step``.
        log_step: number of iterations (or epochs) between two recorded costs.
        title: axes title.
        ax: existing Axes to draw into; default: a new Figure.
        xlabel, ylabel: axis labels.
        logy: logarithmic cost axis.

    Returns:
        The matplotlib Figure.

    Raises:
        ValueError: empty or non-1-D costs, or a non-positive ``log_step``.
    """
    if int(log_step) != log_step or log_step < 1:
        raise ValueError(f"log_step must be a positive integer; got {log_step!r}")
    series = dict(costs) if isinstance(costs, Mapping) else {None: costs}
    if not series:
        raise ValueError("costs is empty")
    curves = {}
    for label, values in series.items():
        name = "costs" if label is None else f"costs[{label!r}]"
        try:
            arr = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a sequence of numbers") from None
        if arr.ndim == 2 and 1 in arr.shape:  # a row or column vector
            arr = arr.ravel()
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers; got shape "
                             f"{np.shape(values)}")
        curves[label] = arr

    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 4))
    else:
        fig = ax.figure
    for label, arr in curves.items():
        ax.plot(np.arange(arr.size) * int(log_step), arr, label=label)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if any(label is not None for label in curves):
        ax.legend()
    ax.grid(True, alpha=0.3)
    return fig
