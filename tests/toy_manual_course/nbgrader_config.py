"""nbgrader configuration of the toy course with a manually graded written answer (tests/test_manual_*.py). The course root is this directory."""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "toy-manual-course"
# The jupytext twin of each source notebook (<name>.pct.py) holds the solutions: never release it.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.pct.py"]

# What students see in place of a solution.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Grading: one cell may take at most this long (the training cell is ~5 s).
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
