"""Example submissions of the toy assignment for ``course demo`` (engine tests)."""

EXAMPLES = {
    "ada_reference": {"overrides": {}},
    "ben_untouched": "stub",
    "cai_wrong_relu_der": {"overrides": {"relu_der": "def relu_der(dA, cache):\n    return dA\n"}},
    "fay_corrupted": "corrupt",
}
