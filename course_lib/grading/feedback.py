"""Per-student feedback: the graded notebook as HTML, without the hidden tests."""

from __future__ import annotations

import copy
import html
import threading
from pathlib import Path

import nbformat

from .notebooks import AssignmentInfo, source_text, strip_hidden

RECORDED = "outputs recorded for grading."


def _fmt(x: float) -> str:
    return f"{x:g}"


def _fence(text: str) -> str:
    return "```text\n" + text.replace("```", "'''") + "\n```"


def summary_markdown(result, info: AssignmentInfo) -> str:
    """A Markdown summary of one graded submission (also used for CI job summaries)."""
    lines = [f"## {info.name}: {_fmt(result.score)} / {_fmt(result.max_score)} points",
             "", f"Student: `{result.student}` | status: **{result.status}**", ""]
    for note in result.notes:
        lines.append(f"- {note}")
    lines += ["", "| test cell | points | result |", "| --- | ---: | --- |"]
    for cell in result.cells:
        verdict = "passed" if cell.points == cell.max_points and not cell.messages else "failed"
        first = cell.messages[0].splitlines()[0] if cell.messages else ""
        first = html.escape(first[:140]).replace("|", "\\|")
        lines.append(f"| `{cell.grade_id}` | {_fmt(cell.points)} / {_fmt(cell.max_points)} | {verdict} "
                     f"{('— ' + first) if first else ''} |")
    return "\n".join(lines) + "\n"


def feedback_notebook(graded, info: AssignmentInfo, result):
    """A copy of the graded notebook fit for the student's eyes."""
    nb = copy.deepcopy(graded)
    by_id = {c.grade_id: c for c in result.cells}
    cells = [nbformat.v4.new_markdown_cell(summary_markdown(result, info))]
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in by_id and cell.cell_type == "code":
            cell.source = strip_hidden(source_text(cell))
            outputs = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream":
                    text = "".join(l for l in out.get("text", "").splitlines(True) if RECORDED not in l)
                    if text.strip():
                        out["text"] = text
                        outputs.append(out)
                elif out.get("output_type") == "error":
                    out["traceback"] = [f"{out.get('ename')}: {out.get('evalue')}"]
                    outputs.append(out)
                else:
                    outputs.append(out)
            cell.outputs = outputs
            cells.append(cell)
            res = by_id[gid]
            head = f"**`{gid}`: {_fmt(res.points)} / {_fmt(res.max_points)} points.**"
            body = "" if not res.messages else "\n\n" + _fence("\n".join(res.messages))
            cells.append(nbformat.v4.new_markdown_cell(head + body))
        else:
            cells.append(cell)
    nb.cells = cells
    return nb


# The lab template, except that code inputs are not run through the HTML sanitiser: they are
# already escaped by pygments, and sanitising ~60 highlighted cells cost more than a second.
# Markdown cells and outputs (the places where HTML can come from a student) are still sanitised.
FEEDBACK_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{% block input %}
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
     <div class="cm-editor cm-s-jupyter">
{{ cell.source | highlight_code(metadata=cell.metadata) }}
     </div>
</div>
{%- endblock input %}
"""

_local = threading.local()


def _exporter():
    exporter = getattr(_local, "exporter", None)
    if exporter is None:
        from jinja2 import DictLoader
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(sanitize_html=True, template_name="lab",
                                extra_loaders=[DictLoader({"course_feedback.html.j2": FEEDBACK_TEMPLATE})],
                                template_file="course_feedback.html.j2")
        _local.exporter = exporter
    return exporter


def write_feedback(graded, info: AssignmentInfo, result, path: Path) -> Path:
    """Write the feedback HTML to ``path`` and return it."""
    body, _ = _exporter().from_notebook_node(feedback_notebook(graded, info, result))
    path = Path(path)
    path.write_text(body, encoding="utf-8")
    return path
