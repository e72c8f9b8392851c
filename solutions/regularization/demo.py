"""Example submissions of ``regularization`` for the demo: the reference, the stub and a partly wrong one."""

ADAM_NO_BIAS_CORRECTION = '''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    # Bug: forgets the bias correction.
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for p in ("W", "b"):
            g = "d" + p + str(l)
            v[g] = beta1 * v[g] + (1 - beta1) * grads[g]
            s[g] = beta2 * s[g] + (1 - beta2) * grads[g] ** 2
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v[g] / (np.sqrt(s[g]) + epsilon)
    return parameters, v, s
'''

DROPOUT_NO_SCALING = '''
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    # Bug: applies the masks but forgets to divide by keep_prob.
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = np.dot(dZ3, A2.T) / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = np.dot(W3.T, dZ3) * D2
    dZ2 = dA2 * (A2 > 0)
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(W2.T, dZ2) * D1
    dZ1 = dA1 * (A1 > 0)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
'''

EXAMPLES = {
    "ada_reference": {"overrides": {}},
    "ben_untouched": "stub",
    "cai_two_bugs": {"overrides": {"update_parameters_with_adam": ADAM_NO_BIAS_CORRECTION,
                                   "backward_propagation_with_dropout": DROPOUT_NO_SCALING}},
    "fay_corrupted": "corrupt",
}
