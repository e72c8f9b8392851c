"""Tests of the plot helpers added for the CIFAR-10, optimiser, activation and 2-D
notebooks (Agg backend, no display): each returns a Figure and never calls plt.show()."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg", force=True)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_lib.data.catnoncat import images_to_columns  # noqa: E402
from course_lib.plotting import (plot_decision_boundary, plot_functions, plot_runs,  # noqa: E402
                                 show_cifar_images)


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    def show(*args, **kwargs):
        raise AssertionError("plt.show() must not be called inside course_lib.plotting")
    monkeypatch.setattr(plt, "show", show)
    yield
    plt.close("all")


def cifar_like(m: int = 12, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, size=(m, 3, 32, 32), dtype=np.uint8), np.arange(m) % 10


# --------------------------------------------------------------------------- CIFAR grid
def test_show_cifar_images_layouts_agree():
    images, labels = cifar_like()
    fig = show_cifar_images(images, labels, n_rows=2, n_cols=3, title="CIFAR-10")
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes] == ["airplane", "automobile", "bird", "cat", "deer", "dog"]
    shown = fig.axes[4].get_images()[0].get_array()
    np.testing.assert_allclose(shown, images[4].transpose(1, 2, 0) / 255)
    hwc = show_cifar_images(images.transpose(0, 2, 3, 1), labels, 2, 3)
    cols = show_cifar_images(images_to_columns(images), labels, 2, 3)  # cat vs non-cat layout
    for other in (hwc, cols):
        np.testing.assert_allclose(other.axes[4].get_images()[0].get_array(), shown)


def test_show_cifar_images_mean_subtracted_and_class_names():
    images, _ = cifar_like(4)
    centred = images.astype(np.float64) - images.mean(axis=0)
    fig = show_cifar_images(centred, np.array([[0, 1, 1, 0]]), 1, 4, class_names=("non-cat", "cat"))
    assert [ax.get_title() for ax in fig.axes] == ["non-cat", "cat", "cat", "non-cat"]
    arr = fig.axes[0].get_images()[0].get_array()
    assert arr.min() == 0.0 and arr.max() == 1.0  # stretched for display


def test_show_cifar_images_predictions_and_blank_cells():
    images, labels = cifar_like(5)
    pred = labels.copy()
    pred[2] = 9
    fig = show_cifar_images(images, labels, n_rows=2, n_cols=4, predictions=pred, start=1)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:4] == ["automobile/automobile", "truck/bird", "cat/cat", "deer/deer"]
    assert titles[4:] == ["", "", "", ""] and fig.axes[5].get_images() == []
    assert fig.axes[1].title.get_color() == "red" and fig.axes[0].title.get_color() == "black"


@pytest.mark.parametrize("kwargs, match", [
    ({"images": np.zeros((4, 3072))}, r"one image per row\? pass images\.T"),
    ({"images": np.zeros((4, 28, 28))}, r"got \(4, 28, 28\)"),
    ({"labels": np.arange(5)}, r"m = 4"),
    ({"labels": np.array([0, 1, 2, 10])}, r"0\.\.9"),
    ({"class_names": ("a", "b")}, r"0\.\.1"),
    ({"n_cols": 0}, r"positive integers"),
    ({"start": 4}, r"start must be in 0\.\.3"),
])
def test_show_cifar_images_validates(kwargs, match):
    images, labels = cifar_like(4)
    with pytest.raises(ValueError, match=match):
        show_cifar_images(**{"images": images, "labels": labels, **kwargs})


# --------------------------------------------------------------------------- runs
def test_plot_runs_train_and_test_per_optimiser():
    runs = {"GD": {"train": [1.0, 0.8, 0.6], "test": [1.1, 0.9, 0.7]},
            "Adam": {"train": np.array([[1.0, 0.4, 0.2]]), "test": [1.1, 0.5, 0.3]}}
    fig = plot_runs(runs, step=10, ylabel="loss", title="optimisers")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["GD (train)", "GD (test)", "Adam (train)",
                                                       "Adam (test)"]
    assert ax.lines[0].get_color() == ax.lines[1].get_color() != ax.lines[2].get_color()
    assert ax.lines[0].get_linestyle() == "-" and ax.lines[1].get_linestyle() == "--"
    np.testing.assert_array_equal(ax.lines[2].get_xdata(), [0, 10, 20])
    assert ax.get_title() == "optimisers" and ax.get_legend() is not None


def test_plot_runs_per_epoch_values_start_at_epoch_one_with_integer_ticks():
    fig = plot_runs({"TinyNet": [0.46, 0.51, 0.49, 0.52, 0.53]}, first=1, xlabel="epoch", ylabel="accuracy")
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3, 4, 5])
    fig.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks


def test_plot_runs_flat_and_given_axes():
    fig0, ax = plt.subplots()
    fig = plot_runs({"p=0": [0.5, 0.7], "p=0.5": [0.4, 0.6]}, ylabel="accuracy", ax=ax, logy=True)
    assert fig is fig0 and len(ax.lines) == 2 and ax.get_yscale() == "log"


@pytest.mark.parametrize("runs, kwargs, match", [
    ({}, {}, r"non-empty mapping"),
    ([1, 2], {}, r"non-empty mapping"),
    ({"a": []}, {}, r"runs\['a'\] must be a non-empty 1-D"),
    ({"a": {"train": np.zeros((2, 3))}}, {}, r"runs\['a'\]\['train'\]"),
    ({"a": {str(i): [1] for i in range(5)}}, {}, r"1 to 4 curves"),
    ({"a": ["x"]}, {}, r"sequence of numbers"),
    ({"a": [1, 2]}, {"step": 0}, r"step must be a positive integer"),
])
def test_plot_runs_validates(runs, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_runs(runs, **kwargs)


# --------------------------------------------------------------------------- functions
def test_plot_functions_activation_zoo():
    zoo = {"ReLU": lambda x: np.maximum(0, x), "Tanh": np.tanh,
           "Sigmoid": lambda x: 1 / (1 + np.exp(-x)), "ELU": lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))}
    fig = plot_functions(zoo, n_cols=3, title="activations")
    visible = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in visible] == list(zoo) and len(fig.axes) == 6
    x, y = visible[1].lines[0].get_data()
    np.testing.assert_allclose(y, np.tanh(x))
    assert x[0] == -5 and x[-1] == 5


@pytest.mark.parametrize("functions, match", [
    ({}, r"non-empty mapping"),
    ({"bad": lambda x: 1.0}, r"functions\['bad'\] returned shape \(\)"),
    ({"naive tanh": lambda x: (np.exp(x * 200) - 1) / (np.exp(x * 200) + 1)}, r"non-finite"),
])
def test_plot_functions_validates(functions, match):
    with np.errstate(all="ignore"), pytest.raises(ValueError, match=match):
        plot_functions(functions)
    with pytest.raises(TypeError, match=r"not callable"):
        plot_functions({"x": 3})


# --------------------------------------------------------------------------- decision boundary
def test_plot_decision_boundary_course_layout():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 50))
    Y = (X[0] > 0).astype(int).reshape(1, -1)
    seen = {}

    def predict(P):
        seen["shape"] = P.shape
        return (P[0] > 0).astype(int).reshape(1, -1)

    fig = plot_decision_boundary(predict, X, Y, resolution=40, title="boundary")
    assert isinstance(fig, Figure) and seen["shape"] == (2, 1600)
    ax = fig.axes[0]
    assert ax.get_title() == "boundary" and len(ax.collections) >= 2
    assert ax.get_xlim()[0] == pytest.approx(X[0].min() - 0.5)


@pytest.mark.parametrize("X, Y, predict, match", [
    (np.zeros((50, 2)), np.zeros(50), None, r"\(2, m\).*pass X\.T"),
    (np.zeros((2, 50)), np.zeros(49), None, r"m = 50"),
    (np.zeros((2, 50)), np.zeros(50), lambda P: np.zeros(3), r"returned 3 values for 1600 points"),
])
def test_plot_decision_boundary_validates(X, Y, predict, match):
    with pytest.raises(ValueError, match=match):
        plot_decision_boundary(predict or (lambda P: P[0]), X, Y, resolution=40)
