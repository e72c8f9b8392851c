"""Mutation catalogue of the toy assignment: one wrong and one correct entry per function (engine tests)."""

from course_lib.mutation import Entry

ENTRIES = [
    Entry("relu", "wrong", "abs", "absolute value instead of max(0, Z)",
          "def relu(Z):\n    return np.abs(Z), {'Z': Z}\n"),
    Entry("relu", "correct", "where", "np.where instead of np.maximum",
          "def relu(Z):\n    Z_arr = np.asarray(Z)\n    return np.where(Z_arr > 0, Z_arr, 0.0), {'Z': Z}\n"),
    Entry("relu_der", "wrong", "ge", ">= instead of >: the gradient passes at Z == 0",
          "def relu_der(dA, cache):\n    return np.where(np.asarray(cache['Z']) >= 0, dA, 0.0)\n"),
    Entry("relu_der", "correct", "mask", "multiply by a boolean mask",
          "def relu_der(dA, cache):\n    return dA * (np.asarray(cache['Z']) > 0)\n"),
    Entry("dropout", "wrong", "no_scale", "forgets the 1 / (1 - drop_prob) scaling",
          "def dropout(A, mask, drop_prob):\n    return A * mask\n"),
    Entry("dropout", "correct", "divide_first", "scales before masking",
          "def dropout(A, mask, drop_prob):\n    return (A / (1.0 - drop_prob)) * mask\n"),
    Entry("multi_layer_network", "wrong", "no_mean", "sums the gradient instead of averaging it",
          "def multi_layer_network(X, Y, num_epochs=50, learning_rate=0.5):\n"
          "    n, m = X.shape\n    W, b = np.zeros((1, n)), np.zeros((1, 1))\n    costs = []\n"
          "    for _ in range(num_epochs):\n        A = 1 / (1 + np.exp(-(W @ X + b)))\n"
          "        costs.append(float(-np.mean(Y * np.log(A + 1e-12) + (1 - Y) * np.log(1 - A + 1e-12))))\n"
          "        W = W - learning_rate * ((A - Y) @ X.T)\n        b = b - learning_rate * np.sum(A - Y)\n"
          "    return costs, {'W1': W, 'b1': b}\n"),
    Entry("multi_layer_network", "correct", "loop_free_names", "the same maths with other names",
          "def multi_layer_network(X, Y, num_epochs=50, learning_rate=0.5):\n"
          "    w, c = np.zeros((1, X.shape[0])), np.zeros((1, 1))\n    history = []\n"
          "    for _ in range(num_epochs):\n        p = 1 / (1 + np.exp(-(w @ X + c)))\n"
          "        history.append(float(np.mean(-Y * np.log(p + 1e-12) - (1 - Y) * np.log(1 - p + 1e-12))))\n"
          "        g = (p - Y) / X.shape[1]\n        w, c = w - learning_rate * g @ X.T, c - learning_rate * g.sum(keepdims=True)\n"
          "    return history, {'W1': w, 'b1': c.reshape(1, 1)}\n"),
    Entry("classify", "wrong", "ge", ">= 0 instead of > 0 decides ties as 1 (and floats)",
          "def classify(X, parameters):\n    return ((parameters['W1'] @ X + parameters['b1']) >= 0.5).astype(int)\n"),
    Entry("classify", "correct", "sign", "from the sign",
          "def classify(X, parameters):\n    return (np.sign(parameters['W1'] @ X + parameters['b1']) > 0).astype(int)\n"),
]
