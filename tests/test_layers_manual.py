"""The `layers` dropout discussion: a manually graded written answer (5 points).

The engine's end-to-end round trip with real nbgrader (grade -> pending -> export
-> import -> merged gradebook and feedback) is tests/test_manual_roundtrip.py on a
toy course; the contract test grades this assignment's reference with the answer
pending. Here: the answer cell is discovered as manual, its rubric comes from the
source's solution region, and the committed release shows only the prompt.
"""

import json
from pathlib import Path

from course_lib.grading.notebooks import read_assignment

ROOT = Path(__file__).resolve().parents[1]


def test_dropout_discussion_is_a_manual_cell_with_a_rubric():
    info = read_assignment(ROOT / "source", "layers")
    manual = [c for c in info.cells if c.manual]
    assert [c.grade_id for c in manual] == ["dropout_discussion"]
    assert manual[0].points == 5 and info.manual_points == 5
    assert "Rubric (5 points)" in manual[0].rubric
    assert sum(c.points for c in info.cells) == 100


def test_release_shows_the_prompt_not_the_rubric():
    release = json.loads((ROOT / "release" / "layers" / "layers.ipynb").read_text())
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in release["cells"]}
    answer = "".join(cells["dropout_discussion"]["source"])
    assert answer.strip() == "YOUR ANSWER HERE"
    assert cells["dropout_discussion"]["cell_type"] == "markdown"
    text = json.dumps(release)
    assert "Rubric" not in text and "BEGIN SOLUTION" not in text
    assert "graded by your instructor" in "".join(cells["md_dropout_question"]["source"])
