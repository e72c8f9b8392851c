"""Answer keys of the toy course with a written answer (tests/test_manual_*.py only)."""
