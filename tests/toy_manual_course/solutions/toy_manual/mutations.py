"""Mutation catalogue of the toy_manual assignment (tests only)."""

from course_lib.mutation import Entry

ENTRIES = [
    Entry("relu", "wrong", "abs", "absolute value instead of max(0, Z)",
          "def relu(Z):\n    return np.abs(Z), {'Z': Z}\n"),
    Entry("relu", "correct", "where", "np.where instead of np.maximum",
          "def relu(Z):\n    return np.where(Z > 0, Z, 0.0), {'Z': Z}\n"),
]
