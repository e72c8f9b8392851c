"""Plots for the notebooks.

* :func:`show_digits`: a grid of MNIST digits; :func:`plot_costs`: cost curves.
* :func:`show_cifar_images`: a grid of CIFAR-10 images titled with class names.
* :func:`plot_runs`: loss or accuracy curves of several runs on one axis (e.g. an
  optimiser comparison, each run with its train and test curves).
* :func:`plot_functions`: one panel per function, e.g. the activation zoo.
* :func:`plot_decision_boundary`: a 2-D classifier's regions and the data points.

Every function returns the matplotlib :class:`~matplotlib.figure.Figure` and
never calls ``plt.show()``; matplotlib is imported only when they are called.
In a notebook, end the line with ``;`` (or assign the result) so that the
figure is not displayed twice.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["show_digits", "digit_grid", "plot_costs", "show_cifar_images", "plot_runs", "plot_functions",
           "plot_decision_boundary"]


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


DIGIT = 28      # pixels per side of an MNIST digit
DIGIT_GAP = 3   # blank pixels between two digits of the grid
LABEL_ROOM = 9  # extra blank pixels above each digit for its label


def digit_grid(stack: np.ndarray, n_rows: int, n_cols: int, *, label_room: int = 0) -> np.ndarray:
    """The digits of ``stack`` (m, 28, 28) tiled row by row into one float image; blanks are NaN.

    Cell ``k`` (row ``k // n_cols``, column ``k % n_cols``) holds ``stack[k]`` at rows
    ``r * pitch_y + label_room + (0..27)`` and columns ``c * pitch_x + (0..27)``, with
    ``pitch_x = 28 + DIGIT_GAP`` and ``pitch_y = pitch_x + label_room``; digits beyond
    ``n_rows * n_cols`` are not shown, missing ones leave their cell blank.
    """
    pitch_x, pitch_y = DIGIT + DIGIT_GAP, DIGIT + DIGIT_GAP + label_room
    grid = np.full((n_rows * pitch_y - DIGIT_GAP, n_cols * pitch_x - DIGIT_GAP), np.nan)
    for k, digit in enumerate(stack[:n_rows * n_cols]):
        top, left = (k // n_cols) * pitch_y + label_room, (k % n_cols) * pitch_x
        grid[top:top + DIGIT, left:left + DIGIT] = digit
    return grid


def show_digits(images, labels=None, n_rows: int = 10, n_cols: int = 10, *, predictions=None,
                start: int = 0, fig=None, title: str | None = None, cmap: str = "gray"):
    """Show a grid of digits, each with its label above it.

    The grid is drawn as one image on one axes (see :func:`digit_grid` for where each
    digit lies), with one text per digit: fast to draw even for hundreds of digits.

    Args:
        images: (784, m), one image per column (e.g. ``mnist.train_images``, values in
            [-1, 1]), or (m, 28, 28) of any numeric range.
        labels: optional (1, m), (m,) or one-hot (10, m) true digits.
        n_rows, n_cols: grid size; the first ``n_rows * n_cols`` images from ``start`` are
            shown (fewer if there are fewer images; empty cells are left blank).
        predictions: optional predicted digits, same layouts as ``labels``; a label then reads
            ``"p/t"`` and is red where the prediction is wrong.
        start: index of the first image shown.
        fig: an existing Figure to draw into (it is cleared); default: a new one.
        title: optional figure title.
        cmap: matplotlib colour map.

    Returns:
        The matplotlib Figure: one axes holding the grid image, its ``texts`` the labels
        in grid order (one per cell shown, ``""`` when there are no labels).

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
    shown = stack[start:start + n_rows * n_cols].astype(np.float64)
    vmin, vmax = float(shown.min()), float(shown.max())
    has_titles = true is not None or pred is not None
    room = LABEL_ROOM if has_titles else 0
    height = fig.get_figheight()
    margin = 0.05 + (0.35 if title else 0.0)  # inches
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.98 - margin / height))
    ax.imshow(digit_grid(shown, n_rows, n_cols, label_room=room), cmap=cmap, vmin=vmin,
              vmax=vmax if vmax > vmin else vmin + 1, interpolation="nearest")
    ax.axis("off")
    pitch_x, pitch_y = DIGIT + DIGIT_GAP, DIGIT + DIGIT_GAP + room
    for k in range(len(shown)):
        i = start + k
        text, colour = "", "black"
        if pred is not None and true is not None:
            text, colour = f"{pred[i]}/{true[i]}", "black" if pred[i] == true[i] else "red"
        elif pred is not None:
            text = f"pred {pred[i]}"
        elif true is not None:
            text = str(true[i])
        x, y = (k % n_cols) * pitch_x + DIGIT / 2 - 0.5, (k // n_cols) * pitch_y + room - 1.5
        ax.text(x, y, text, fontsize=9, color=colour, ha="center", va="bottom")
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


# --------------------------------------------------------------------------- CIFAR-10 images
_CIFAR10_NAMES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                  "truck")


def _as_rgb_stack(images) -> np.ndarray:
    """Return images as (m, 32, 32, 3). Accepts (m, 3, 32, 32), (m, 32, 32, 3),
    (3072, m) columns flattened (row, column, channel), or one image (32, 32, 3)."""
    arr = np.asarray(images)
    if arr.ndim == 4 and arr.shape[1:] == (3, 32, 32):
        return arr.transpose(0, 2, 3, 1)
    if arr.ndim == 4 and arr.shape[1:] == (32, 32, 3):
        return arr
    if arr.ndim == 3 and arr.shape == (32, 32, 3):
        return arr[None]
    if arr.ndim == 2 and arr.shape[0] == 3072:
        return arr.T.reshape(-1, 32, 32, 3)
    hint = " (one image per row? pass images.T)" if arr.ndim == 2 and arr.shape[1] == 3072 else ""
    raise ValueError("images must have shape (m, 3, 32, 32), (m, 32, 32, 3), (3072, m) or "
                     f"(32, 32, 3); got {arr.shape}{hint}")


def _displayable(img: np.ndarray) -> np.ndarray:
    """One (32, 32, 3) image as floats in [0, 1]: uint8 / 255; floats already in [0, 1] as
    they are; anything else (e.g. mean-subtracted data) stretched from its min to its max."""
    if img.dtype == np.uint8:
        return img / 255.0
    img = img.astype(np.float64)
    lo, hi = float(img.min()), float(img.max())
    if lo >= 0.0 and hi <= 1.0:
        return img
    return (img - lo) / (hi - lo) if hi > lo else np.zeros_like(img)


def _as_class_vector(labels, m: int, what: str, n_classes: int) -> np.ndarray:
    """Labels (m,) or (1, m) of whole numbers in 0..n_classes-1, as int (m,)."""
    arr = np.asarray(labels)
    if arr.ndim == 2 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.ndim != 1 or arr.shape[0] != m:
        raise ValueError(f"{what} must have shape (m,) or (1, m) with m = {m} images; got "
                         f"{np.shape(labels)}")
    if not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{what} must be whole numbers (class indices)")
        arr = arr.astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(f"{what} must be in 0..{n_classes - 1} (one per class name); got "
                         f"{int(arr.min())}..{int(arr.max())}")
    return arr


def show_cifar_images(images, labels=None, n_rows: int = 4, n_cols: int = 8, *, class_names=None,
                      predictions=None, start: int = 0, fig=None, title: str | None = None):
    """Show a grid of colour images titled with their class names.

    Args:
        images: (m, 3, 32, 32) as ``CIFAR10_data()`` or ``get_cifar10()`` give them,
            (m, 32, 32, 3), (3072, m) columns flattened (row, column, channel) as the
            cat vs non-cat data, or one (32, 32, 3) image. uint8 is shown as /255, floats
            in [0, 1] as they are, other floats (mean-subtracted) stretched per image.
        labels: optional (m,) or (1, m) class indices.
        n_rows, n_cols: grid size; the first ``n_rows * n_cols`` images from ``start`` are
            shown (fewer if there are fewer; empty cells are left blank).
        class_names: names by class index; default the 10 CIFAR-10 names. For cat vs
            non-cat pass its ``classes`` (``("non-cat", "cat")``): with the default, labels
            0/1 would read "airplane"/"automobile".
        predictions: optional predicted classes, same layouts as ``labels``; a title then
            reads ``"pred/true"`` and is red where the prediction is wrong.
        start: index of the first image shown.
        fig: an existing Figure to draw into (it is cleared); default: a new one.
        title: optional figure title.

    Returns:
        The matplotlib Figure with ``n_rows * n_cols`` axes.

    Raises:
        ValueError: wrong shapes, labels outside ``class_names``, grid size or ``start``.
    """
    stack = _as_rgb_stack(images)
    m = stack.shape[0]
    names = tuple(_CIFAR10_NAMES if class_names is None else class_names)
    if int(n_rows) != n_rows or int(n_cols) != n_cols or n_rows < 1 or n_cols < 1:
        raise ValueError(f"n_rows and n_cols must be positive integers; got {n_rows}, {n_cols}")
    if m == 0 or not 0 <= start < m:
        raise ValueError(f"start must be in 0..{m - 1} for {m} images; got {start}")
    true = None if labels is None else _as_class_vector(labels, m, "labels", len(names))
    pred = None if predictions is None else _as_class_vector(predictions, m, "predictions", len(names))

    import matplotlib.pyplot as plt

    n_rows, n_cols = int(n_rows), int(n_cols)
    if fig is None:
        fig = plt.figure(figsize=(1.3 * n_cols, 1.45 * n_rows + (0.3 if title else 0.0)))
    else:
        fig.clear()
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        i = start + k
        if i >= m:
            continue
        ax.imshow(_displayable(stack[i]), interpolation="nearest")
        if pred is not None and true is not None:
            ok = pred[i] == true[i]
            ax.set_title(f"{names[pred[i]]}/{names[true[i]]}", fontsize=8,
                         color="black" if ok else "red")
        elif pred is not None:
            ax.set_title(f"pred {names[pred[i]]}", fontsize=8)
        elif true is not None:
            ax.set_title(names[true[i]], fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- curves of several runs
_LINESTYLES = ("-", "--", ":", "-.")


def _curve(values, name: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers") from None
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.ravel()
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers; got shape "
                         f"{np.shape(values)}")
    return arr


def plot_runs(runs, *, step: int = 1, first: int = 0, xlabel: str = "iteration", ylabel: str = "loss",
              title: str | None = None, ax=None, logy: bool = False):
    """Plot the curves of several runs on one axis, one colour per run.

    Args:
        runs: ``{run: curve}``, or ``{run: {split: curve}}`` to give each run several
            curves (e.g. ``{"Adam": {"train": train_losses, "test": test_losses}}``); the
            splits of one run share its colour and differ by line style (solid, dashed,
            dotted, dash-dot, in the order given). A curve is a 1-D sequence (a (1, n) or
            (n, 1) array is accepted).
        step: iterations (or epochs) between two recorded values: value ``i`` is plotted
            at ``first + i * step``.
        first: where the first value is plotted (e.g. ``first=1`` for per-epoch values
            recorded at the end of epochs 1, 2, ...). The x ticks are integers.
        xlabel, ylabel: axis labels (e.g. ``ylabel="accuracy"``).
        title: axes title.
        ax: an existing Axes to draw into; default: a new Figure.
        logy: logarithmic y axis.

    Returns:
        The matplotlib Figure.

    Raises:
        ValueError: no runs, an empty or non-1-D curve, more than four splits in a run,
            or a non-positive ``step``.
    """
    if int(step) != step or step < 1:
        raise ValueError(f"step must be a positive integer; got {step!r}")
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError("runs must be a non-empty mapping {run: curve} or {run: {split: curve}}")
    lines = []  # (run index, label, style, curve)
    for r, (run, curves) in enumerate(runs.items()):
        if isinstance(curves, Mapping):
            if not curves or len(curves) > len(_LINESTYLES):
                raise ValueError(f"runs[{run!r}] must have 1 to {len(_LINESTYLES)} curves; "
                                 f"got {len(curves)}")
            for s, (split, values) in enumerate(curves.items()):
                lines.append((r, f"{run} ({split})", _LINESTYLES[s],
                              _curve(values, f"runs[{run!r}][{split!r}]")))
        else:
            lines.append((r, str(run), "-", _curve(curves, f"runs[{run!r}]")))

    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 4.5))
    else:
        fig = ax.figure
    colours = plt.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    for r, label, style, arr in lines:
        ax.plot(int(first) + np.arange(arr.size) * int(step), arr, style, color=colours[r % len(colours)],
                label=label)
    if title:
        ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if logy:
        ax.set_yscale("log")
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    return fig


# --------------------------------------------------------------------------- functions (activation zoo)
def plot_functions(functions, x=None, *, n_cols: int = 3, title: str | None = None,
                   sharey: bool = False):
    """Plot each function of a mapping in its own panel, e.g. the activation zoo.

    Args:
        functions: ``{name: f}``; each ``f`` takes an array ``x`` and returns an array of
            the same shape (``{"ReLU": lambda x: np.maximum(0, x), ...}``).
        x: 1-D points to evaluate at; default ``np.linspace(-5, 5, 401)``.
        n_cols: panels per row.
        title: optional figure title.
        sharey: share the y axis between panels.

    Returns:
        The matplotlib Figure, one axes per function titled with its name.

    Raises:
        ValueError: no functions, a bad ``x``, or a function whose result does not have
            the shape of ``x`` or is not finite (the message names the function).
        TypeError: an entry is not callable.
    """
    if not isinstance(functions, Mapping) or not functions:
        raise ValueError("functions must be a non-empty mapping {name: f}")
    x = np.linspace(-5, 5, 401) if x is None else np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"x must be a 1-D array of at least 2 points; got shape {x.shape}")
    if int(n_cols) != n_cols or n_cols < 1:
        raise ValueError(f"n_cols must be a positive integer; got {n_cols!r}")
    values = {}
    for name, f in functions.items():
        if not callable(f):
            raise TypeError(f"functions[{name!r}] is not callable")
        y = np.asarray(f(x.copy()), dtype=np.float64)
        if y.shape != x.shape:
            raise ValueError(f"functions[{name!r}] returned shape {y.shape} for x of shape "
                             f"{x.shape}; it must work elementwise on an array")
        if not np.all(np.isfinite(y)):
            raise ValueError(f"functions[{name!r}] returned non-finite values (nan or inf)")
        values[name] = y

    import matplotlib.pyplot as plt

    n = len(values)
    cols = min(int(n_cols), n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows + (0.3 if title else 0)),
                             squeeze=False, sharey=sharey)
    for ax, (name, y) in zip(axes.ravel(), values.items()):
        ax.plot(x, y)
        ax.axhline(0, color="grey", lw=0.5)
        ax.axvline(0, color="grey", lw=0.5)
        ax.set_title(str(name))
        ax.grid(True, alpha=0.3)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- decision boundary
def plot_decision_boundary(predict, X, Y, *, ax=None, resolution: int = 300, margin: float = 0.5,
                           title: str | None = None, cmap: str = "Spectral"):
    """Colour the plane by a classifier's predictions and scatter the data on top.

    Args:
        predict: a function of points in the course layout, (2, k) (one point per column),
            returning k predictions as (1, k) or (k,) (0/1 labels, or any scores), e.g.
            ``lambda P: predict_dec(parameters, P)``.
        X: (2, m) data points.
        Y: (1, m) or (m,) labels, used for the points' colours.
        ax: an existing Axes to draw into; default: a new Figure.
        resolution: grid points along each axis (the grid spans the data plus ``margin``).
        margin: space added around the data's range, in data units.
        title: axes title.
        cmap: matplotlib colour map for the regions and the points.

    Returns:
        The matplotlib Figure.

    Raises:
        ValueError: ``X`` not (2, m), ``Y`` not matching, or ``predict`` returning the
            wrong number of values.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != 2 or X.shape[1] == 0:
        hint = " (one point per row? pass X.T)" if X.ndim == 2 and X.shape[1] == 2 else ""
        raise ValueError(f"X must have shape (2, m), one point per column; got {X.shape}{hint}")
    y = np.asarray(Y).reshape(-1)
    if y.shape[0] != X.shape[1]:
        raise ValueError(f"Y must have shape (1, m) or (m,) with m = {X.shape[1]}; got {np.shape(Y)}")
    if int(resolution) != resolution or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2; got {resolution!r}")
    (x0_min, x1_min), (x0_max, x1_max) = X.min(axis=1) - margin, X.max(axis=1) + margin
    xx, yy = np.meshgrid(np.linspace(x0_min, x0_max, int(resolution)),
                         np.linspace(x1_min, x1_max, int(resolution)))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    Z = np.asarray(predict(grid), dtype=np.float64)
    if Z.size != grid.shape[1]:
        raise ValueError(f"predict returned {Z.size} values for {grid.shape[1]} points (given as "
                         f"a (2, {grid.shape[1]}) array); it must return one value per column")
    Z = Z.reshape(xx.shape)

    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(5.5, 4.5))
    else:
        fig = ax.figure
    ax.contourf(xx, yy, Z, cmap=cmap, alpha=0.8)
    ax.scatter(X[0], X[1], c=y, cmap=cmap, s=14, edgecolors="k", linewidths=0.4)
    ax.set_xlim(x0_min, x0_max)
    ax.set_ylim(x1_min, x1_max)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    return fig
