"""Answer keys of the toy course (engine tests only)."""
