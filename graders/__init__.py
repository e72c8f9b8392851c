"""Hidden-test suites, one module per assignment (instructor side only)."""

ASSIGNMENTS = ("optimization",)
