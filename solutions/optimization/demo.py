"""Example submissions of ``optimization`` for the demo: good, empty, buggy and hostile.

Each entry maps a student name to how the submission is built from the
release: ``{"overrides": {solution grade_id: code}}`` fills the other
solution cells with the reference, ``"stub"`` leaves the release untouched,
and ``"corrupt"`` writes a truncated file.
"""

SOFTMAX_NO_SHIFT = '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    # Bug: no max-subtraction, so exp overflows for large logits.
    E = np.exp(Z)
    A = E / np.sum(E, axis=0, keepdims=True)
    loss = []
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.sum(np.log(A[Y.astype(int).ravel(), np.arange(m)])) / m
    return A, {"A": A}, loss
'''

ADAM_BIAS_CORRECTED = '''
def update_parameters_with_momentum_Adam(parameters, gradients, alpha, beta=0.9, beta2=0.99, eps=1e-8):
    # Bug: adds Adam's bias correction with t = 1 (the spec has none) and puts eps outside the sqrt.
    L = parameters["numLayers"]
    for l in range(1, L + 1):
        pairs = [("W", "dW", "VdW", "GdW"), ("b", "db", "Vdb", "Gdb")]
        if parameters["bnorm_list"][l - 1]:
            pairs += [("bnorm_beta", "dbnorm_beta", "Vbnorm_beta", "Gbnorm_beta"),
                      ("bnorm_gamma", "dbnorm_gamma", "Vbnorm_gamma", "Gbnorm_gamma")]
        for p, d, v, s in pairs:
            p, d, v, s = p + str(l), d + str(l), v + str(l), s + str(l)
            g = gradients[d]
            if parameters["apply_momentum"]:
                parameters[v] = beta * parameters[v] + (1 - beta) * g
                parameters[s] = beta2 * parameters[s] + (1 - beta2) * g ** 2
                v_hat = parameters[v] / (1 - beta)
                s_hat = parameters[s] / (1 - beta2)
                parameters[p] = parameters[p] - alpha * v_hat / (np.sqrt(s_hat) + eps)
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
'''

BATCHNORM_UNBIASED = '''
def batchnorm(A, beta, gamma):
    # Bug: unbiased variance (ddof=1) instead of the biased batch variance.
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    mu = np.mean(A, axis=1, keepdims=True)
    var = np.var(A, axis=1, ddof=1, keepdims=True) if A.shape[1] > 1 else np.zeros_like(mu)
    A_hat = (A - mu) / np.sqrt(var + 1e-5)
    return gamma * A_hat + beta, {"A_hat": A_hat, "var": var, "gamma": gamma}
'''

DROPOUT_DER_NO_MASK = '''
def dropout_der(dA_in, cache):
    # Bug: forgets to apply the mask in train mode.
    drop_prob, mode, mask = cache
    if drop_prob == 0 or mode == "test":
        return dA_in
    if mode == "train":
        return dA_in / (1 - drop_prob)
    raise ValueError(f"unknown mode {mode!r}")
'''

TRAINING_NEVER_ENDS = '''
def multi_layer_network(X, Y, net_dims, act_list, drop_prob_list, bnorm_list, num_epochs=3,
                        batch_size=64, learning_rate=0.2, decay_rate=0.01, apply_momentum=True,
                        log=True, log_step=200):
    # Bug: the epoch counter is never incremented, so training never ends.
    epoch = 0
    while epoch < num_epochs:
        pass
'''

EXAMPLES = {
    "ada_reference": {"overrides": {}},
    "ben_untouched": "stub",
    "cai_two_bugs": {"overrides": {"batchnorm": BATCHNORM_UNBIASED, "dropout_der": DROPOUT_DER_NO_MASK}},
    "dev_unstable": {"overrides": {"softmax_cross_entropy_loss": SOFTMAX_NO_SHIFT,
                                   "update_parameters_with_momentum_Adam": ADAM_BIAS_CORRECTED}},
    "abe_infinite_loop": {"overrides": {"multi_layer_network": TRAINING_NEVER_ENDS}},  # first: it takes longest
    "fay_corrupted": "corrupt",
}
