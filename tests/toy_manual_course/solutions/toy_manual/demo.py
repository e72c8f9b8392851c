"""Example submissions of the toy_manual assignment (tests only)."""

EXAMPLES = {"ada_reference": {"overrides": {}}, "ben_untouched": "stub"}
