"""Tests of course_lib.gradcheck on functions whose gradients are known in closed form."""


import numpy as np
import pytest

from course_lib.gradcheck import (
    GradCheckResult,
    eval_numerical_gradient,
    eval_numerical_gradient_array,
    grad_check,
    rel_error,
)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)



# --------------------------------------------------------------------------
# eval_numerical_gradient (scalar f)
# --------------------------------------------------------------------------
def test_quadratic_gradient_is_exact_up_to_rounding(rng):
    # f(x) = 0.5 x^T Q x + c^T x, grad = 0.5 (Q + Q^T) x + c; centred differences
    # are exact for quadratics, only rounding remains.
    n = 6
    Q = rng.standard_normal((n, n))
    c = rng.standard_normal(n)
    x = rng.standard_normal(n)
    num = eval_numerical_gradient(lambda v: 0.5 * v @ Q @ v + c @ v, x)
    assert rel_error(num, 0.5 * (Q + Q.T) @ x + c) < 1e-8


def test_sin_gradient_matches_cos(rng):
    x = rng.uniform(-3, 3, size=(3, 4))
    num = eval_numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    assert num.shape == x.shape and num.dtype == np.float64
    # truncation error h^2/6 * |sin'''| ~ 2e-11, rounding ~ eps/h ~ 1e-11
    np.testing.assert_allclose(num, np.cos(x), rtol=0, atol=1e-9)


def test_zero_dimensional_and_empty_inputs():
    x0 = np.array(0.7)
    assert eval_numerical_gradient(lambda v: float(v) ** 3, x0) == pytest.approx(3 * 0.49, rel=1e-9)
    empty = np.zeros((0, 3))
    assert eval_numerical_gradient(lambda v: 1.0, empty).shape == (0, 3)


def test_scalar_function_must_return_a_scalar(rng):
    x = rng.standard_normal(3)
    with pytest.raises(ValueError, match="scalar"):
        eval_numerical_gradient(lambda v: v * 2, x)


def test_verbose_prints_every_entry(capsys):
    x = np.array([1.0, 2.0])
    eval_numerical_gradient(lambda v: np.sum(v ** 2), x, verbose=True)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2 and out[0].startswith("(0,)")


# --------------------------------------------------------------------------
# eval_numerical_gradient_array (array-valued f)
# --------------------------------------------------------------------------
def test_matrix_product_gradients(rng):
    # out = W @ X, upstream dout: dW = dout @ X.T, dX = W.T @ dout
    W = rng.standard_normal((4, 5))
    X = rng.standard_normal((5, 3))
    dout = rng.standard_normal((4, 3))
    dW = eval_numerical_gradient_array(lambda _: W @ X, W, dout)
    dX = eval_numerical_gradient_array(lambda _: W @ X, X, dout)
    assert rel_error(dW, dout @ X.T) < 1e-9
    assert rel_error(dX, W.T @ dout) < 1e-9


def test_function_returning_a_view_of_x(rng):
    # f returns x itself: the helper must copy f(x+h) before perturbing again
    x = rng.standard_normal((2, 3))
    dout = rng.standard_normal((2, 3))
    num = eval_numerical_gradient_array(lambda v: v, x, dout)
    np.testing.assert_allclose(num, dout, rtol=1e-9, atol=1e-11)


def test_upstream_shape_mismatch_is_a_clear_error(rng):
    x = rng.standard_normal((2, 3))
    with pytest.raises(ValueError, match=r"df has shape \(3, 2\)"):
        eval_numerical_gradient_array(lambda v: v * 2, x, np.ones((3, 2)))


# --------------------------------------------------------------------------
# x handling: restored, float64 only
# --------------------------------------------------------------------------
@pytest.mark.parametrize("helper", ["scalar", "array"])
def test_x_is_restored_exactly(rng, helper):
    x = rng.standard_normal((3, 4)) * 1e3
    before = x.copy()
    if helper == "scalar":
        eval_numerical_gradient(lambda v: np.sum(v ** 3), x)
    else:
        eval_numerical_gradient_array(lambda v: v ** 3, x, np.ones((3, 4)))
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("fail_on_call", [1, 2, 5])
def test_x_is_restored_when_f_raises(rng, fail_on_call):
    x = rng.standard_normal((2, 3))
    before = x.copy()
    calls = {"n": 0}

    def f(v):
        calls["n"] += 1
        if calls["n"] == fail_on_call:
            raise RuntimeError("boom")
        return np.sum(v ** 2)

    with pytest.raises(RuntimeError, match="boom"):
        eval_numerical_gradient(f, x)
    np.testing.assert_array_equal(x, before)


def test_x_is_restored_when_df_is_wrong(rng):
    x = rng.standard_normal((2, 3))
    before = x.copy()
    with pytest.raises(ValueError):
        eval_numerical_gradient_array(lambda v: v * 1.0, x, np.ones(4))
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("bad", [np.ones(3, dtype=np.float32), np.arange(3), [1.0, 2.0]])
def test_non_float64_x_is_rejected(bad):
    with pytest.raises(TypeError, match="float64"):
        eval_numerical_gradient(lambda v: 0.0, bad)


def test_read_only_x_is_rejected():
    x = np.ones(3)
    x.flags.writeable = False
    with pytest.raises(TypeError, match="writeable"):
        eval_numerical_gradient(lambda v: 0.0, x)


# --------------------------------------------------------------------------
# rel_error
# --------------------------------------------------------------------------
def test_rel_error_of_zeros_is_zero_without_warnings(strict_numpy):
    assert rel_error(0, 0) == 0.0
    assert rel_error(np.zeros((3, 2)), np.zeros((3, 2))) == 0.0
    assert rel_error(np.zeros(0), np.zeros(0)) == 0.0


def test_rel_error_values():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert rel_error(1.0, -1.0) == pytest.approx(1.0)
    # element-wise maximum: the small entry dominates
    assert rel_error([100.0, 1e-3], [100.0, 2e-3]) == pytest.approx(1 / 3)
    assert np.isnan(rel_error([np.nan], [1.0]))


def test_rel_error_refuses_to_broadcast():
    with pytest.raises(ValueError, match="shapes differ"):
        rel_error(np.ones((3, 1)), np.ones((1, 3)))


# --------------------------------------------------------------------------
# grad_check
# --------------------------------------------------------------------------
def test_grad_check_passes_on_a_correct_gradient(rng):
    x = rng.standard_normal((3, 4))
    result = grad_check(lambda v: np.sum(v ** 3), x, 3 * x ** 2)
    assert isinstance(result, GradCheckResult)
    assert result.passed and result.rel_error < 1e-7
    assert len(result.worst) == 5
    assert result.assert_passed() is result
    assert "passed" in str(result)


def test_grad_check_finds_a_planted_error(rng):
    x = rng.standard_normal((4, 5))
    wrong = 3 * x ** 2
    wrong[2, 3] += 0.5
    wrong[0, 1] *= 1.01
    result = grad_check(lambda v: np.sum(v ** 3), x, wrong, n_worst=3)
    assert not result.passed
    assert [w[0] for w in result.worst[:2]] == [(2, 3), (0, 1)]
    index, analytic, numeric = result.worst[0]
    assert analytic == pytest.approx(wrong[2, 3])
    assert numeric == pytest.approx(3 * x[2, 3] ** 2, rel=1e-8)
    report = str(result)
    assert "FAILED" in report and "(2, 3)" in report and "(0, 1)" in report
    with pytest.raises(AssertionError, match=r"\(2, 3\)"):
        result.assert_passed()


def test_grad_check_with_upstream_gradient(rng):
    W = rng.standard_normal((3, 4))
    X = rng.standard_normal((4, 2))
    dout = rng.standard_normal((3, 2))
    assert grad_check(lambda _: W @ X, W, dout @ X.T, df=dout).passed
    assert not grad_check(lambda _: W @ X, W, (dout @ X.T).T.reshape(3, 4), df=dout).passed


def test_grad_check_shape_mismatch(rng):
    x = rng.standard_normal((3, 4))
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(3, 4\)"):
        grad_check(lambda v: np.sum(v), x, np.ones((4, 3)))


def test_grad_check_nan_gradient_fails(rng):
    x = rng.standard_normal(3)
    g = 2 * x
    g[1] = np.nan
    result = grad_check(lambda v: np.sum(v ** 2), x, g)
    assert not result.passed
    assert result.worst[0][0] == (1,)
