"""Tests of course_lib.plotting (Agg backend, no display)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg", force=True)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_lib.plotting import DIGIT, DIGIT_GAP, LABEL_ROOM, digit_grid, plot_costs, show_digits  # noqa: E402


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    """Fail if a plotting function calls plt.show(); close figures afterwards."""
    def show(*args, **kwargs):
        raise AssertionError("plt.show() must not be called inside course_lib.plotting")
    monkeypatch.setattr(plt, "show", show)
    yield
    plt.close("all")


def course_layout(m: int, seed: int = 0):
    """Images (784, m) in [-1, 1] and labels (1, m), as get_mnist() returns them."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(784, m)) / 127.5 - 1
    labels = (np.arange(m) % 10).reshape(1, m)
    return images, labels


def titles(fig):
    """The label drawn above each digit, in grid order."""
    return [t.get_text() for t in fig.axes[0].texts]


def grid_cell(fig, k: int, n_cols: int, labelled: bool = True) -> np.ndarray:
    """The 28 x 28 pixels of grid cell ``k`` in the one image show_digits draws."""
    grid = fig.axes[0].get_images()[0].get_array()
    room = LABEL_ROOM if labelled else 0
    top = (k // n_cols) * (DIGIT + DIGIT_GAP + room) + room
    left = (k % n_cols) * (DIGIT + DIGIT_GAP)
    return np.ma.filled(grid[top:top + DIGIT, left:left + DIGIT], np.nan)


def test_show_digits_course_layout():
    images, labels = course_layout(30)
    fig = show_digits(images, labels, n_rows=2, n_cols=5, title="samples")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1 and len(fig.axes[0].get_images()) == 1  # one image, not one axes per digit
    assert titles(fig) == [str(d) for d in range(10)]
    for k in (0, 3, 9):
        np.testing.assert_array_equal(grid_cell(fig, k, 5), images[:, k].reshape(28, 28))
    assert fig._suptitle.get_text() == "samples"


def test_show_digits_default_grid_and_stack_input():
    images = np.random.default_rng(0).integers(0, 256, size=(150, 28, 28), dtype=np.uint8)
    labels = np.arange(150) % 10
    fig = show_digits(images, labels)
    assert len(titles(fig)) == 100
    np.testing.assert_array_equal(grid_cell(fig, 99, 10), images[99])
    assert fig.axes[0].get_images()[0].get_array().shape == (10 * (DIGIT + DIGIT_GAP + LABEL_ROOM) - DIGIT_GAP,
                                                             10 * (DIGIT + DIGIT_GAP) - DIGIT_GAP)
    fig = show_digits(images, labels, 2, 3, start=145)
    assert titles(fig) == ["5", "6", "7", "8", "9"]  # only 5 images left: the last cell is blank
    np.testing.assert_array_equal(grid_cell(fig, 4, 3), images[149])
    assert np.isnan(grid_cell(fig, 5, 3)).all()


def test_show_digits_predictions_and_one_hot():
    images, labels = course_layout(4)
    one_hot = np.eye(10)[:, labels[0]]
    pred = np.array([[0, 1, 7, 3]])
    fig = show_digits(images, one_hot, 1, 4, predictions=pred)
    assert titles(fig) == ["0/0", "1/1", "7/2", "3/3"]
    colours = [t.get_color() for t in fig.axes[0].texts]
    assert colours == ["black", "black", "red", "black"]
    fig = show_digits(images, None, 1, 4)
    assert titles(fig) == ["", "", "", ""]
    np.testing.assert_array_equal(grid_cell(fig, 2, 4, labelled=False), images[:, 2].reshape(28, 28))


def test_show_digits_reuses_given_figure():
    images, labels = course_layout(4)
    fig = plt.figure()
    fig.add_subplot(1, 1, 1)
    out = show_digits(images, labels, 2, 2, fig=fig)
    assert out is fig and len(fig.axes) == 1 and titles(fig) == ["0", "1", "2", "3"]


def test_digit_grid_places_each_digit():
    stack = np.arange(5 * 28 * 28, dtype=float).reshape(5, 28, 28)
    grid = digit_grid(stack, 2, 3, label_room=4)
    pitch_x, pitch_y = DIGIT + DIGIT_GAP, DIGIT + DIGIT_GAP + 4
    assert grid.shape == (2 * pitch_y - DIGIT_GAP, 3 * pitch_x - DIGIT_GAP)
    for k in range(5):
        top, left = (k // 3) * pitch_y + 4, (k % 3) * pitch_x
        np.testing.assert_array_equal(grid[top:top + 28, left:left + 28], stack[k])
    assert np.isnan(grid).sum() == grid.size - 5 * 28 * 28  # gaps, label room and the sixth cell are blank


@pytest.mark.parametrize("kwargs, match", [
    ({"images": np.zeros((5, 784))}, r"\(784, m\) or \(m, 28, 28\).*images\.T"),
    ({"images": np.zeros((784,))}, r"\(784, m\) or \(m, 28, 28\)"),
    ({"images": np.zeros((5, 27, 28))}, r"got \(5, 27, 28\)"),
    ({"labels": np.zeros((1, 6))}, r"labels must have shape .* m = 5"),
    ({"labels": np.full((1, 5), 0.5)}, r"whole numbers"),
    ({"predictions": np.zeros((2, 5))}, r"predictions must have shape"),
    ({"n_rows": 0}, r"positive integers"),
    ({"start": 5}, r"start must be in 0\.\.4"),
])
def test_show_digits_validates(kwargs, match):
    images, labels = course_layout(5)
    args = {"images": images, "labels": labels, **kwargs}
    with pytest.raises(ValueError, match=match):
        show_digits(**args)


def test_plot_costs_single_curve():
    costs = [2.3, 1.5, 0.9, 0.5]
    fig = plot_costs(costs, log_step=100, title="Adam")
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_title() == "Adam" and len(ax.lines) == 1
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 100, 200, 300])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), costs)
    assert ax.get_legend() is None


def test_plot_costs_several_curves_on_given_axes():
    fig0, ax = plt.subplots()
    fig = plot_costs({"gd": [3, 2, 1], "adam": np.array([[3, 1, 0.5]])}, ax=ax, logy=True)
    assert fig is fig0
    assert [line.get_label() for line in ax.lines] == ["gd", "adam"]
    assert ax.get_legend() is not None and ax.get_yscale() == "log"


@pytest.mark.parametrize("costs, kwargs, match", [
    ([], {}, r"non-empty 1-D"),
    ({}, {}, r"costs is empty"),
    (np.zeros((3, 4)), {}, r"non-empty 1-D"),
    (["a", "b"], {}, r"sequence of numbers"),
    ([1.0, 2.0], {"log_step": 0}, r"log_step must be a positive integer"),
])
def test_plot_costs_validates(costs, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_costs(costs, **kwargs)
