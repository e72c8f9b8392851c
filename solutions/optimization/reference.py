"""Reference solution of the assignment ``optimization`` (the answer key).

DERIVED FILE: written by ``course build optimization`` from the solution cells of
``source/optimization/optimization.ipynb``. Do not edit it: edit the notebook (or its
``.pct.py`` twin) and rebuild; a test fails when this file is stale.
"""

import numpy as np

__all__ = ['linear', 'linear_der', 'relu', 'relu_der', 'softmax_cross_entropy_loss', 'softmax_cross_entropy_loss_der', 'dropout', 'dropout_der', 'batchnorm', 'batchnorm_der', 'initialize_network', 'initialize_velocity', 'initialize_bnorm_params', 'linear_forward', 'layer_forward', 'multi_layer_forward', 'linear_backward', 'layer_backward', 'multi_layer_backward', 'update_parameters_with_momentum_Adam', 'multi_layer_network', 'classify']

# --- cell given_linear ----------------------------------------------------------

def linear(Z):
    """Linear (identity) activation.

    Input:  Z, numpy array of any shape.
    Output: A = Z, and cache = {"Z": Z}.
    """
    A = Z
    cache = {"Z": Z}
    return A, cache


def linear_der(dA, cache):
    """Derivative of the linear activation: dZ is a copy of dA."""
    dZ = np.array(dA, copy=True)
    return dZ

# --- cell relu ------------------------------------------------------------------

def relu(Z):
    """ReLU activation, element-wise max(0, Z).

    Input:
        Z: numpy array (any shape) or a nested Python list.
    Returns:
        A: numpy array, same shape as Z, A = max(0, Z).
        cache: dict {"Z": Z} holding the input itself, for relu_der.
    """
    A = np.maximum(0, Z)
    cache = {"Z": Z}
    return A, cache

# --- cell relu_der --------------------------------------------------------------

def relu_der(dA, cache):
    """Backward pass of ReLU.

    Inputs:
        dA: numpy array, gradient of the loss with respect to relu's output A.
        cache: dict {"Z": Z} returned by relu (Z has the same shape as dA).
    Returns:
        dZ: numpy array, same shape as dA: dA where Z > 0 (strictly), 0 elsewhere.
            dA itself is not modified.
    """
    Z = np.asarray(cache["Z"])
    dZ = np.where(Z > 0, dA, 0.0)
    return dZ

# --- cell softmax_cross_entropy_loss --------------------------------------------

def softmax_cross_entropy_loss(Z, Y=np.array([])):
    """Column-wise softmax of Z and the average cross-entropy loss.

    Inputs:
        Z: numpy array (n, m), logits: n classes x m samples.
        Y: numpy array (1, m) of class indices (may be floats), or empty
           (size 0) when no loss is wanted.
    Returns:
        A: numpy array (n, m), the softmax of each column of Z (computed stably).
        cache: dict {"A": A}.
        loss: float, -(1/m) * sum_j log A[Y[0, j], j]; the empty list [] when Y is empty.
    """
    Z = np.asarray(Z, dtype=float)
    Y = np.asarray(Y)
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    with np.errstate(under="ignore"):   # exp of a very negative number is 0: correct, not an error
        expZ = np.exp(shifted)
    sums = np.sum(expZ, axis=0, keepdims=True)
    A = expZ / sums
    cache = {"A": A}
    if Y.size > 0:
        m = Z.shape[1]
        labels = Y.reshape(-1).astype(int)
        log_probs = shifted[labels, np.arange(m)] - np.log(sums[0])
        loss = -np.sum(log_probs) / m
    else:
        loss = []
    return A, cache, loss

# --- cell softmax_cross_entropy_loss_der ----------------------------------------

def softmax_cross_entropy_loss_der(Y, cache):
    """Gradient of the average cross-entropy loss with respect to the logits Z.

    Inputs:
        Y: numpy array (1, m) of class indices (may be floats).
        cache: dict {"A": A} from softmax_cross_entropy_loss, A of shape (n, m).
    Returns:
        dZ: numpy array (n, m), (A - onehot(Y)) / m.
    """
    A = cache["A"]
    m = A.shape[1]
    labels = np.asarray(Y).reshape(-1).astype(int)
    dZ = np.array(A, dtype=float, copy=True)
    dZ[labels, np.arange(m)] -= 1.0
    with np.errstate(under="ignore"):   # tiny probabilities / m may round to 0
        dZ = dZ / m
    return dZ

# --- cell dropout ---------------------------------------------------------------

def dropout(A, drop_prob, mode='train'):
    """Inverted dropout.

    Inputs:
        A: numpy array (n, m), activations.
        drop_prob: float in [0, 1), probability of dropping a unit.
        mode: 'train' or 'test'.
    Returns:
        A_out: numpy array (n, m): mask * A in train mode; A unchanged in test mode
               or when drop_prob == 0.
        cache: tuple (drop_prob, mode, mask); mask is the (n, m) array
               (U < prob_keep) / prob_keep with U = np.random.rand(n, m) drawn once
               in train mode, and None otherwise (no random draw).
    Raises:
        ValueError if mode is neither 'train' nor 'test' (and drop_prob != 0).
    """
    mask = None
    if drop_prob == 0:
        A_out = A
    else:
        prob_keep = 1 - drop_prob
        if mode == 'train':
            mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep) / prob_keep
            A_out = mask * A
        elif mode == 'test':
            A_out = A
        else:
            raise ValueError(f"dropout: mode must be 'train' or 'test', got {mode!r}")
    cache = (drop_prob, mode, mask)
    return A_out, cache

# --- cell dropout_der -----------------------------------------------------------

def dropout_der(dA_in, cache):
    """Backward pass of inverted dropout.

    Inputs:
        dA_in: numpy array (n, m), gradient with respect to dropout's output.
        cache: tuple (drop_prob, mode, mask) from dropout.
    Returns:
        dA_out: numpy array (n, m): mask * dA_in in train mode; dA_in unchanged in
                test mode or when drop_prob == 0.
    Raises:
        ValueError if mode is neither 'train' nor 'test' (and drop_prob != 0).
    """
    drop_prob, mode, mask = cache
    if drop_prob == 0:
        dA_out = dA_in
    elif mode == 'train':
        dA_out = mask * dA_in
    elif mode == 'test':
        dA_out = dA_in
    else:
        raise ValueError(f"dropout_der: mode must be 'train' or 'test', got {mode!r}")
    return dA_out

# --- cell batchnorm -------------------------------------------------------------

def batchnorm(A, beta, gamma):
    """Batch normalisation of each row of A over the samples of the batch.

    Inputs:
        A: numpy array (n, m), activations of a layer for a batch of m samples.
        beta: numpy array (n, 1), shift; empty (size 0) when the layer has no batchnorm.
        gamma: numpy array (n, 1), scale; empty (size 0) when the layer has no batchnorm.
    Returns:
        Anorm: numpy array (n, m), gamma * (A - mu) / sqrt(var + 1e-5) + beta, with the
               per-row batch mean mu and biased variance var. A itself when beta or
               gamma is empty.
        cache: dict with what batchnorm_der needs; {} when beta or gamma is empty.
    """
    beta = np.asarray(beta)
    gamma = np.asarray(gamma)
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    epsilon = 1e-5
    mu = np.mean(A, axis=1, keepdims=True)
    centered = A - mu
    var = np.mean(centered ** 2, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    A_hat = centered * inv_std
    Anorm = gamma * A_hat + beta
    cache = {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}
    return Anorm, cache

# --- cell batchnorm_der ---------------------------------------------------------

def batchnorm_der(dA_in, cache):
    """Backward pass of batchnorm.

    Inputs:
        dA_in: numpy array (n, m), gradient with respect to batchnorm's output Anorm.
        cache: the cache returned by batchnorm ({} when the layer has no batchnorm).
    Returns:
        dA_out: numpy array (n, m), gradient with respect to batchnorm's input A.
        dbeta: numpy array (n, 1), sum over the samples of dA_in.
        dgamma: numpy array (n, 1), sum over the samples of dA_in * A_hat.
        With an empty cache: (dA_in, [], []).
    """
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    m = dA_in.shape[1]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_hat = dA_in * gamma
    dA_out = (inv_std / m) * (m * dA_hat
                              - np.sum(dA_hat, axis=1, keepdims=True)
                              - A_hat * np.sum(dA_hat * A_hat, axis=1, keepdims=True))
    return dA_out, dbeta, dgamma

# --- cell initialize_network ----------------------------------------------------

def initialize_network(net_dims, act_list, drop_prob_list):
    """Create the parameters dict of a fully connected network.

    Inputs:
        net_dims: list of layer sizes [n_0, n_1, ..., n_L] (n_0 = number of inputs).
        act_list: list of L activation names ("relu" or "linear"), one per layer.
        drop_prob_list: list of L dropout probabilities, one per layer.
    Returns:
        parameters: dict with
            "numLayers": L,
            and for l = 1..L (set in this order):
            "act{l}", "dropout{l}",
            "W{l}": (n_l, n_{l-1}) array, np.random.randn(n_l, n_{l-1}) * 2 / sqrt(n_{l-1}),
            "b{l}": (n_l, 1) zeros.
    """
    parameters = {}
    L = len(net_dims) - 1
    parameters["numLayers"] = L
    for l in range(L):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = (np.random.randn(net_dims[l + 1], net_dims[l])
                                        * 2. / np.sqrt(net_dims[l]))
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    return parameters

# --- cell initialize_velocity ---------------------------------------------------

def initialize_velocity(parameters, apply_momentum=True):
    """Add the optimiser state to parameters.

    Inputs:
        parameters: dict from initialize_network (uses "numLayers", "W{l}", "b{l}").
        apply_momentum: bool.
    Returns:
        parameters, with "apply_momentum" set and, if apply_momentum, for every layer l:
            "VdW{l}", "GdW{l}": zeros shaped like W{l};
            "Vdb{l}", "Gdb{l}": zeros shaped like b{l}.
    """
    parameters["apply_momentum"] = apply_momentum
    if apply_momentum:
        for l in range(1, parameters["numLayers"] + 1):
            W, b = parameters["W" + str(l)], parameters["b" + str(l)]
            parameters["VdW" + str(l)] = np.zeros(W.shape)
            parameters["Vdb" + str(l)] = np.zeros(b.shape)
            parameters["GdW" + str(l)] = np.zeros(W.shape)
            parameters["Gdb" + str(l)] = np.zeros(b.shape)
    return parameters

# --- cell initialize_bnorm_params -----------------------------------------------

def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    """Add the batch-normalisation parameters (and their optimiser state).

    Inputs:
        parameters: dict with "numLayers" and "W{l}" for l = 1..L.
        bnorm_list: list of L flags (0/1), batchnorm on or off for each layer.
        apply_momentum: bool.
    Returns:
        parameters, with "bnorm_list" = bnorm_list and, for each layer l in order:
          flag set (n = W{l}.shape[0]):
            "bnorm_beta{l}" = np.random.randn(n, 1), then "bnorm_gamma{l}" = np.random.randn(n, 1);
            if apply_momentum also "Vbnorm_beta{l}", "Gbnorm_beta{l}",
            "Vbnorm_gamma{l}", "Gbnorm_gamma{l}" as (n, 1) zeros;
          flag not set: those six keys set to np.asarray([]).
    """
    parameters["bnorm_list"] = bnorm_list
    keys = ["bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"]
    for l in range(1, parameters["numLayers"] + 1):
        if bnorm_list[l - 1]:
            n = parameters["W" + str(l)].shape[0]
            parameters["bnorm_beta" + str(l)] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + str(l)] = np.random.randn(n, 1)
            if apply_momentum:
                for key in keys[2:]:
                    parameters[key + str(l)] = np.zeros((n, 1))
        else:
            for key in keys:
                parameters[key + str(l)] = np.asarray([])
    return parameters

# --- cell linear_forward --------------------------------------------------------

def linear_forward(A_prev, W, b):
    """Linear part of a layer: Z = W A_prev + b.

    Inputs:
        A_prev: numpy array (n_prev, m), activations of the previous layer.
        W: numpy array (n, n_prev), weights.
        b: numpy array (n, 1), biases.
    Returns:
        Z: numpy array (n, m).
        cache: dict {"A": A_prev}.
    """
    Z = np.dot(W, A_prev) + b
    cache = {"A": A_prev}
    return Z, cache

# --- cell layer_forward ---------------------------------------------------------

def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    """One layer: linear -> activation -> batchnorm -> dropout.

    Inputs:
        A_prev: numpy array (n_prev, m), input activations.
        W: numpy array (n, n_prev); b: numpy array (n, 1).
        activation: "relu" or "linear".
        drop_prob: float, dropout probability of this layer.
        bnorm_beta, bnorm_gamma: numpy arrays (n, 1), or empty for no batchnorm.
        mode: 'train' or 'test' (passed to dropout).
    Returns:
        A: numpy array (n, m), output of the layer.
        cache: dict with keys "lin_cache", "act_cache", "bnorm_cache", "drop_cache"
               (the caches of linear_forward, the activation, batchnorm and dropout).
    """
    Z, lin_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, act_cache = relu(Z)
    elif activation == "linear":
        A, act_cache = linear(Z)
    else:
        raise ValueError(f"layer_forward: unknown activation {activation!r}")
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, drop_prob, mode)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache,
             "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    return A, cache

# --- cell multi_layer_forward ---------------------------------------------------

def multi_layer_forward(A0, parameters, mode):
    """Forward propagation through all the layers.

    Inputs:
        A0: numpy array (n_0, m), input data.
        parameters: dict with "numLayers" and, for each layer l, "W{l}", "b{l}",
            "act{l}", "dropout{l}", "bnorm_beta{l}", "bnorm_gamma{l}".
        mode: 'train' or 'test'.
    Returns:
        AL: numpy array (n_L, m), output of the last layer (logits, before softmax).
        caches: list of the L caches returned by layer_forward, layer 1 first.
    """
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s],
                                 parameters["act" + s], parameters["dropout" + s],
                                 parameters.get("bnorm_beta" + s, np.asarray([])),
                                 parameters.get("bnorm_gamma" + s, np.asarray([])), mode)
        caches.append(cache)
    AL = A
    return AL, caches

# --- cell linear_backward -------------------------------------------------------

def linear_backward(dZ, cache, W, b):
    """Backward pass of the linear part Z = W A_prev + b.

    Inputs:
        dZ: numpy array (n, m), gradient with respect to Z (already includes 1/m).
        cache: dict {"A": A_prev} from linear_forward, A_prev of shape (n_prev, m).
        W: numpy array (n, n_prev); b: numpy array (n, 1).
    Returns:
        dA_prev: numpy array (n_prev, m), W.T @ dZ.
        dW: numpy array (n, n_prev), dZ @ A_prev.T.
        db: numpy array (n, 1), sum of dZ over the samples.
    """
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    return dA_prev, dW, db

# --- cell layer_backward --------------------------------------------------------

def layer_backward(dA, cache, W, b, activation):
    """Backward pass of one layer: dropout -> batchnorm -> activation -> linear.

    Inputs:
        dA: numpy array (n, m), gradient with respect to the layer's output.
        cache: dict from layer_forward ("lin_cache", "act_cache", "bnorm_cache", "drop_cache").
        W: numpy array (n, n_prev); b: numpy array (n, 1).
        activation: "relu" or "linear".
    Returns:
        dA_prev: numpy array (n_prev, m).
        dW: numpy array (n, n_prev); db: numpy array (n, 1).
        dbnorm_beta, dbnorm_gamma: numpy arrays (n, 1), or [] without batchnorm.
    """
    dA = dropout_der(dA, cache["drop_cache"])
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    if activation == "relu":
        dZ = relu_der(dA, cache["act_cache"])
    elif activation == "linear":
        dZ = linear_der(dA, cache["act_cache"])
    else:
        raise ValueError(f"layer_backward: unknown activation {activation!r}")
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma

# --- cell multi_layer_backward --------------------------------------------------

def multi_layer_backward(dAL, caches, parameters):
    """Backward propagation through all the layers.

    Inputs:
        dAL: numpy array (n_L, m), gradient with respect to the last layer's output.
        caches: list of the L caches from multi_layer_forward.
        parameters: dict with "W{l}", "b{l}", "act{l}" for every layer.
    Returns:
        gradients: dict with, for every layer l = 1..L, "dW{l}" (shape of W{l}),
            "db{l}" (shape of b{l}), "dbnorm_beta{l}" and "dbnorm_gamma{l}"
            ((n_l, 1) arrays, or [] for layers without batchnorm).
    """
    L = len(caches)
    gradients = {}
    dA = dAL
    for l in reversed(range(1, L + 1)):
        s = str(l)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, caches[l - 1], parameters["W" + s],
                                                   parameters["b" + s], parameters["act" + s])
        gradients["dW" + s] = dW
        gradients["db" + s] = db
        gradients["dbnorm_beta" + s] = dbeta
        gradients["dbnorm_gamma" + s] = dgamma
    return gradients

# --- cell update_parameters_with_momentum_Adam ----------------------------------

def update_parameters_with_momentum_Adam(parameters, gradients, alpha, beta=0.9, beta2=0.99, eps=1e-8):
    """One optimisation step: momentum Adam (no bias correction) or plain gradient descent.

    Inputs:
        parameters: dict with "numLayers", "apply_momentum", "bnorm_list", "W{l}", "b{l}",
            "bnorm_beta{l}", "bnorm_gamma{l}" and, with momentum, the state
            "VdW{l}", "Vdb{l}", "GdW{l}", "Gdb{l}", "Vbnorm_beta{l}", "Gbnorm_beta{l}",
            "Vbnorm_gamma{l}", "Gbnorm_gamma{l}".
        gradients: dict with "dW{l}", "db{l}", "dbnorm_beta{l}", "dbnorm_gamma{l}".
        alpha: learning rate; beta, beta2: decay rates of V and G; eps: added inside the sqrt.
    Returns:
        parameters, updated: for theta in W, b (and bnorm_beta, bnorm_gamma where the
        layer's bnorm_list flag is set):
            with momentum: V = beta*V + (1-beta)*g, G = beta2*G + (1-beta2)*g**2,
                           theta = theta - alpha * V / sqrt(G + eps);
            without:       theta = theta - alpha * g.
    """
    apply_momentum = parameters["apply_momentum"]
    bnorm_list = parameters.get("bnorm_list", [False] * parameters["numLayers"])
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        # (parameter key, gradient key, velocity key, squared-gradient key)
        items = [("W" + s, "dW" + s, "VdW" + s, "GdW" + s),
                 ("b" + s, "db" + s, "Vdb" + s, "Gdb" + s)]
        if bnorm_list[l - 1]:
            items += [("bnorm_beta" + s, "dbnorm_beta" + s, "Vbnorm_beta" + s, "Gbnorm_beta" + s),
                      ("bnorm_gamma" + s, "dbnorm_gamma" + s, "Vbnorm_gamma" + s, "Gbnorm_gamma" + s)]
        for key, gkey, vkey, sqkey in items:
            g = gradients[gkey]
            if apply_momentum:
                parameters[vkey] = beta * parameters[vkey] + (1 - beta) * g
                parameters[sqkey] = beta2 * parameters[sqkey] + (1 - beta2) * g ** 2
                parameters[key] = parameters[key] - alpha * parameters[vkey] / np.sqrt(parameters[sqkey] + eps)
            else:
                parameters[key] = parameters[key] - alpha * g
    return parameters

# --- cell multi_layer_network ---------------------------------------------------

def multi_layer_network(X, Y, net_dims, act_list, drop_prob_list, bnorm_list, num_epochs=3,
                        batch_size=64, learning_rate=0.2, decay_rate=0.01, apply_momentum=True,
                        log=True, log_step=200):
    """Create and train a multi-layer network with minibatch optimisation.

    Inputs:
        X: numpy array (n_0, m), training data, one sample per column.
        Y: numpy array (1, m), labels (class indices, may be floats).
        net_dims: layer sizes [n_0, ..., n_L]; act_list, drop_prob_list, bnorm_list: one
            entry per layer (activation name, dropout probability, batchnorm flag).
        num_epochs: passes over the data; batch_size: minibatch size (columns in order,
            no shuffling; the last minibatch may be smaller).
        learning_rate, decay_rate: epoch e uses alpha = learning_rate / (1 + decay_rate * e).
        apply_momentum: momentum Adam if True, plain gradient descent otherwise.
        log: print the cost when it is recorded; log_step: record the minibatch cost
            every log_step iterations (itr = 0, log_step, 2*log_step, ...).
    Returns:
        costs: list of the recorded minibatch costs.
        parameters: dict of the trained network.
    """
    Y = np.asarray(Y)
    m = X.shape[1]
    parameters = initialize_network(net_dims, act_list, drop_prob_list)
    parameters = initialize_velocity(parameters, apply_momentum)
    parameters = initialize_bnorm_params(parameters, bnorm_list, apply_momentum)
    costs = []
    itr = 0
    num_batches = (m - 1) // batch_size + 1
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range(num_batches):
            X_batch = X[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y[:, ii * batch_size:(ii + 1) * batch_size]
            AL, caches = multi_layer_forward(X_batch, parameters, 'train')
            _, soft_cache, cost = softmax_cross_entropy_loss(AL, Y_batch)
            dZ = softmax_cross_entropy_loss_der(Y_batch, soft_cache)
            gradients = multi_layer_backward(dZ, caches, parameters)
            parameters = update_parameters_with_momentum_Adam(parameters, gradients, alpha)
            if itr % log_step == 0:
                costs.append(cost)
                if log:
                    print(f"Cost at iteration {itr}: {cost:.5f}, learning rate {alpha:.6f}")
            itr += 1
    return costs, parameters

# --- cell classify --------------------------------------------------------------

def classify(X, parameters, mode='test'):
    """Predict the class of every sample.

    Inputs:
        X: numpy array (n_0, m), data.
        parameters: dict of a trained network.
        mode: 'test' (default) or 'train', passed to the forward pass.
    Returns:
        YPred: numpy integer array (1, m), the predicted class of each column of X.
    """
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    YPred = np.argmax(A, axis=0).reshape(1, -1)
    return YPred
