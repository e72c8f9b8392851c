"""Example submissions of ``dnn_basics`` for the demo: the reference, the stub and a partly wrong one.

Each entry maps a student name to how the submission is built from the
release: ``{"overrides": {solution grade_id: code}}`` fills the other
solution cells with the reference, ``"stub"`` leaves the release untouched.
"""

COST_NOT_SQUEEZED = '''
def compute_cost(AL, Y):
    # Bug: forgets np.squeeze, so the cost is a (1, 1) array.
    m = Y.shape[1]
    cost = -(1 / m) * (Y @ np.log(AL).T + (1 - Y) @ np.log(1 - AL).T)
    return cost
'''

DB_NOT_AVERAGED = '''
def linear_backward(dZ, cache):
    # Bug: db is summed over the examples but not divided by m.
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dA_prev, dW, db
'''

EXAMPLES = {
    "ada_reference": {"overrides": {}},
    "ben_untouched": "stub",
    "cai_two_bugs": {"overrides": {"compute_cost": COST_NOT_SQUEEZED, "linear_backward": DB_NOT_AVERAGED}},
}
