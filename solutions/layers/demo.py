"""Example submissions of ``layers`` for the demo: the reference, the untouched release, one partly wrong.

``{"overrides": {solution grade_id: code}}`` fills the other solution cells
with the reference; ``"stub"`` leaves the release untouched.
"""

DROPOUT_NOT_INVERTED = '''
class dropout:
    def __init__(self, p, seed=None, name="dropout"):
        self.name, self.p, self.seed = name, p, seed
        self.params, self.grads, self.meta = {}, {}, None

    def forward(self, feat, is_Training=True):
        if not is_Training or self.p == 0:
            self.meta = None
            return feat
        rng = np.random.RandomState(self.seed) if self.seed is not None else np.random
        # Bug: keeps the units but forgets to scale them by 1 / (1 - p).
        self.meta = rng.rand(*feat.shape) >= self.p
        return feat * self.meta

    def backward(self, dprev):
        return dprev if self.meta is None else dprev * self.meta
'''

ADAM_NO_BIAS_CORRECTION = '''
class Adam(Optimizer):
    def __init__(self, net, lr=1e-3, beta1=0.9, beta2=0.999, t=0, eps=1e-8):
        super().__init__(net, lr)
        self.beta1, self.beta2, self.t, self.eps = beta1, beta2, t, eps
        self.mt, self.vt = {}, {}

    def step(self):
        self.t += 1
        for layer in self.net.layers:
            for n, w in layer.params.items():
                g = layer.grads[n]
                self.mt[n] = self.beta1 * self.mt.get(n, 0) + (1 - self.beta1) * g
                self.vt[n] = self.beta2 * self.vt.get(n, 0) + (1 - self.beta2) * g ** 2
                # Bug: no bias correction.
                layer.params[n] = w - self.lr * self.mt[n] / (np.sqrt(self.vt[n]) + self.eps)
'''

EXAMPLES = {
    "ada_reference": {"overrides": {}},
    "ben_untouched": "stub",
    "cai_two_slips": {"overrides": {"dropout": DROPOUT_NOT_INVERTED, "Adam": ADAM_NO_BIAS_CORRECTION}},
}
