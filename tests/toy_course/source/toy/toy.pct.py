# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   language_info:
#     name: python
# ---

# %% [markdown]
# Before you turn this problem in, make sure everything runs as expected: **Kernel → Restart & Run All**.
# Fill in your name and collaborators below.

# %%
NAME = ""
COLLABORATORS = ""

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_intro", "locked": true, "schema_version": 3, "solution": false}
# # Toy assignment
#
# Four small functions and a training bar. The engine's tests grade this notebook instead of a real
# assignment, so that a submission takes seconds. The maths: $A = \max(0, Z)$.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false}
import numpy as np

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true}
def relu(Z):
    """Element-wise max(0, Z).

    Input:  Z, array of any shape (or a nested list).
    Output: A, array with the shape of Z; cache, the dict {"Z": Z}.
    """
    ### BEGIN SOLUTION
    A = np.maximum(0, Z)
    cache = {"Z": Z}
    ### END SOLUTION
    return A, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_relu", "locked": true, "points": 10, "schema_version": 3, "solution": false}
# Checks relu: negative entries become 0, positive ones stay, and the cache holds Z.
Z = np.array([[-1.5, 0.0, 2.0]])
A, cache = relu(Z)
# reference value: A
expected_A = np.array([[0.0, 0.0, 2.0]])
np.testing.assert_allclose(A, expected_A, err_msg="relu should set negative entries to 0.")
assert cache["Z"] is Z, "relu's cache should hold the input Z itself."
print("relu: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("relu", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "relu_der", "locked": false, "schema_version": 3, "solution": true}
def relu_der(dA, cache):
    """Backward pass of relu: dA where Z > 0, else 0 (dA is not modified).

    Inputs: dA, array (any shape); cache, {"Z": Z} with Z of dA's shape.
    Output: dZ, array of dA's shape.
    """
    ### BEGIN SOLUTION
    dZ = np.where(np.asarray(cache["Z"]) > 0, dA, 0.0)
    ### END SOLUTION
    return dZ


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_relu_der", "locked": true, "points": 10, "schema_version": 3, "solution": false}
# Checks relu_der: the gradient passes only where Z > 0.
dZ = relu_der(np.array([[1.0, 2.0, 3.0]]), {"Z": np.array([[-1.0, 0.0, 4.0]])})
# reference value: dZ
expected_dZ = np.array([[0.0, 0.0, 3.0]])
np.testing.assert_allclose(dZ, expected_dZ, err_msg="relu_der should keep dA only where Z > 0.")
print("relu_der: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("relu_der", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "dropout", "locked": false, "schema_version": 3, "solution": true}
def dropout(A, mask, drop_prob):
    """Inverted dropout with a given mask.

    Inputs: A, array (n, m); mask, 0/1 array (n, m); drop_prob, float in [0, 1).
    Output: A * mask / (1 - drop_prob), an array (n, m).
    """
    ### BEGIN SOLUTION
    out = A * mask / (1.0 - drop_prob)
    ### END SOLUTION
    return out


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_dropout", "locked": true, "points": 10, "schema_version": 3, "solution": false}
# Checks dropout: masked entries are zeroed and the others scaled by 1 / (1 - drop_prob).
out = dropout(np.array([[2.0, 4.0]]), np.array([[1.0, 0.0]]), 0.5)
# reference value: out
expected_out = np.array([[4.0, 0.0]])
np.testing.assert_allclose(out, expected_out, err_msg="dropout should zero masked entries and scale the rest.")
print("dropout: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("dropout", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "multi_layer_network", "locked": false, "schema_version": 3, "solution": true}
def multi_layer_network(X, Y, num_epochs=50, learning_rate=0.5):
    """Train a logistic-regression unit w, b by full-batch gradient descent from zeros.

    Inputs: X, array (n, m); Y, 0/1 labels (1, m); num_epochs, int; learning_rate, float.
    Outputs: costs, list of num_epochs floats (cross-entropy before each step);
             parameters, dict {"W1": (1, n) array, "b1": (1, 1) array}.
    """
    ### BEGIN SOLUTION
    n, m = X.shape
    W, b = np.zeros((1, n)), np.zeros((1, 1))
    costs = []
    for _ in range(num_epochs):
        A = 1.0 / (1.0 + np.exp(-(W @ X + b)))
        costs.append(float(-np.mean(Y * np.log(A + 1e-12) + (1 - Y) * np.log(1 - A + 1e-12))))
        dZ = A - Y
        W = W - learning_rate * (dZ @ X.T) / m
        b = b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
    parameters = {"W1": W, "b1": b}
    ### END SOLUTION
    return costs, parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_multi_layer_network", "locked": true, "points": 20, "schema_version": 3, "solution": false}
# Checks multi_layer_network: the costs of a small run and the learned parameters.
X_small = np.array([[1.0, -1.0, 2.0, -2.0], [0.5, 0.5, -0.5, -0.5]])
Y_small = np.array([[1.0, 0.0, 1.0, 0.0]])
costs_small, params_small = multi_layer_network(X_small, Y_small, num_epochs=3, learning_rate=0.1)
# reference value: np.array(costs_small)
expected_costs = np.array([0.693147180558, 0.638653594306, 0.590736917293])
np.testing.assert_allclose(costs_small, expected_costs, rtol=1e-6, err_msg="the costs should match the example.")
print("multi_layer_network: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("multi_layer_network", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "classify", "locked": false, "schema_version": 3, "solution": true}
def classify(X, parameters):
    """Predicted labels, 1 where W1 @ X + b1 > 0 and 0 elsewhere.

    Inputs: X, array (n, m); parameters, {"W1": (1, n), "b1": (1, 1)}.
    Output: an int array (1, m).
    """
    ### BEGIN SOLUTION
    labels = ((parameters["W1"] @ X + parameters["b1"]) > 0).astype(int)
    ### END SOLUTION
    return labels


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_classify", "locked": true, "points": 20, "schema_version": 3, "solution": false}
# Checks classify: labels from the sign of W1 @ X + b1.
labels = classify(np.array([[1.0, -1.0]]), {"W1": np.array([[2.0]]), "b1": np.array([[0.5]])})
# reference value: labels
expected_labels = np.array([[1, 0]])
np.testing.assert_array_equal(labels, expected_labels, err_msg="classify should give 1 where W1 @ X + b1 > 0.")
print("classify: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("classify", globals())
### END HIDDEN TESTS

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "training_run", "locked": true, "schema_version": 3, "solution": false}
# Train on two separable blobs (reference: 100% train accuracy).
rng = np.random.default_rng(0)
X_train = np.hstack([rng.normal(-2, 1, (2, 100)), rng.normal(2, 1, (2, 100))])
Y_train = np.hstack([np.zeros((1, 100)), np.ones((1, 100))])
costs, parameters = multi_layer_network(X_train, Y_train)
print(f"final cost {costs[-1]:.4f}")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training", "locked": true, "points": 30, "schema_version": 3, "solution": false}
# Checks the training result: the trained unit classifies the blobs at least 95% right.
train_accuracy = float(np.mean(classify(X_train, parameters) == Y_train))
print(f"train accuracy: {train_accuracy:.1%}")
assert train_accuracy >= 0.95, f"the trained unit classifies {train_accuracy:.1%} of the blobs right; 95% is needed."

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training", globals())
### END HIDDEN TESTS
