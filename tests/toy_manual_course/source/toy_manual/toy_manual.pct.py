# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   language_info:
#     name: python
# ---

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false}
import numpy as np

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true}
def relu(Z):
    """Element-wise max(0, Z).

    Input:  Z, array of any shape.
    Output: A, array with the shape of Z; cache, the dict {"Z": Z}.
    """
    ### BEGIN SOLUTION
    A = np.maximum(0, Z)
    cache = {"Z": Z}
    ### END SOLUTION
    return A, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_relu", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks relu: negative entries become 0, positive ones stay, and the cache holds Z.
Z = np.array([[-1.5, 0.0, 2.0]])
A, cache = relu(Z)
# reference value: A
expected_A = np.array([[0.0, 0.0, 2.0]])
np.testing.assert_allclose(A, expected_A, err_msg="relu should set negative entries to 0.")
print("relu: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("relu", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "why_relu_prompt", "locked": true, "schema_version": 3, "solution": false}
# **Question (4 points).** Why do deep networks train faster with ReLU than with the sigmoid? Answer in two
# or three sentences in the cell below.

# %% [markdown] nbgrader={"grade": true, "grade_id": "why_relu", "locked": false, "points": 4, "schema_version": 3, "solution": true}
# ### BEGIN SOLUTION
# Rubric: 2 points for saying that the sigmoid saturates so its gradient vanishes in deep stacks,
# 2 points for saying that the ReLU gradient is exactly one for positive inputs.
# ### END SOLUTION
