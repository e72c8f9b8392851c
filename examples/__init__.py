"""Example submissions used by the demo (instructor side)."""
