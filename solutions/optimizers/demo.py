"""Example submissions of ``optimizers`` for the demo: the reference, the untouched release, one partly wrong.

``{"overrides": {solution grade_id: code}}`` fills the other solution cells
with the reference; ``"stub"`` leaves the release untouched.
"""

RELU_STRICT = '''
class ReLU:
    """The rectified linear unit, element-wise."""

    def forward(self, x):
        return np.maximum(0, x)

    def derivative(self, x):
        # Bug: 0 at x == 0 (the course fixes 1 there) and a float array.
        return (x > 0).astype(float)

    def __call__(self, x):
        return self.forward(x)
'''

ADAM_BIAS_CORRECTED = '''
class Adam(Optimizer):
    def __init__(self, network, learning_rate, beta1=0.9, beta2=0.999):
        super().__init__(network, learning_rate)
        self.beta1, self.beta2, self.t = beta1, beta2, 0
        self.velocities = {k: np.zeros_like(p) for k, p in network.parameters.items()}
        self.squared_gradients = {k: np.zeros_like(p) for k, p in network.parameters.items()}

    def step(self):
        # Bug: "fixes" the spec by adding the textbook bias correction.
        self.t += 1
        for k in self.network.parameters:
            g = self.network.grads["d" + k]
            self.velocities[k] = self.beta1 * self.velocities[k] + (1 - self.beta1) * g
            self.squared_gradients[k] = self.beta2 * self.squared_gradients[k] + (1 - self.beta2) * g ** 2
            v_hat = self.velocities[k] / (1 - self.beta1 ** self.t)
            s_hat = self.squared_gradients[k] / (1 - self.beta2 ** self.t)
            self.network.parameters[k] = self.network.parameters[k] - self.learning_rate * v_hat / (np.sqrt(s_hat) + 1e-8)
'''

EXAMPLES = {
    "ada_reference": {"overrides": {}},
    "ben_untouched": "stub",
    "cai_fixes_the_quirks": {"overrides": {"ReLU": RELU_STRICT, "Adam": ADAM_BIAS_CORRECTED}},
}
