"""The pieces of the feedback page, without a browser: sanitiser, Markdown and maths, outputs, cells."""

from __future__ import annotations

import base64
import re
from types import SimpleNamespace

import nbformat
import pytest

from course_lib.grading import feedback as fb
from course_lib.grading.pipeline import CellResult, Result

PNG = base64.b64encode(fb.PNG_MAGIC + b"\x00" * 16).decode()


@pytest.mark.parametrize("hostile", [
    '<script>window.x = 1</script>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">a</a>',
    '<a href=" JaVaScRiPt:alert(1)">a</a>',
    '<a href="data:text/html,<script>alert(1)</script>">a</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<iframe src="https://example.org"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://example.org"><input name="q"></form>',
    '<div onclick="alert(1)" style="position:fixed">x</div>',
])
def test_sanitiser_removes_scripts_handlers_and_foreign_urls(hostile):
    clean = fb.sanitise(hostile)
    assert not re.search(r"<(script|iframe|svg|object|embed|form|input|style)\b|\son\w+=|javascript:|"
                         r"data:(text|image/svg)|position", clean, re.I), clean


def test_sanitiser_keeps_ordinary_html_mathml_and_png_images():
    ok = ('<h2>t</h2><p><em>a</em> <a href="https://example.org/x">b</a></p><table><thead><tr>'
          '<th style="text-align:right">c</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
          '<math display="block"><mfrac><mi>a</mi><mn>2</mn></mfrac></math>'
          f'<img src="data:image/png;base64,{PNG}" alt="plot">')
    clean = fb.sanitise(ok)
    for kept in ("<h2>", "<em>", 'href="https://example.org/x"', "<thead>", 'style="text-align:right"',
                 '<math display="block">', "<mfrac>", f'src="data:image/png;base64,{PNG}"'):
        assert kept in clean
    assert 'src="x.png"' not in fb.sanitise('<img src="x.png">')  # images: PNG data only


def test_markdown_renders_tags_and_maths():
    out = fb.render_markdown("## Title\n\nSee $a_i^2$ and $$\\frac{1}{m}\\sum_j x_j$$ in **one** line, "
                             "$\\text{drop\\_prob}$.\n\n$$\nA = \\max(0, Z)\n$$\n")
    assert out.startswith("<h2>Title</h2>") and "<strong>one</strong>" in out
    assert out.count("<math") == 4 and out.count('display="block"') == 2
    assert "$" not in out and "drop_prob" in out and "\\_" not in out
    assert "<p>" in out and "&lt;" not in out


def test_broken_latex_is_shown_as_code_not_dropped():
    out = fb.render_markdown("a $\\frac{$ b")
    assert "<code>\\frac{</code>" in out and "<math" not in out


def test_code_is_escaped_and_highlighted():
    out = fb.highlight_python('def f():  # <b>\n    return "</pre><script>"\n')
    assert "<script>" not in out and "&lt;/pre&gt;&lt;script&gt;" in out
    assert '<span class="k">def </span><span class="f">f</span>' in out
    assert re.sub(r"<[^>]+>", "", out).replace("&lt;", "<").replace("&gt;", ">") == \
        'def f():  # <b>\n    return "</pre><script>"\n'


def test_outputs():
    stream = nbformat.v4.new_output("stream", name="stdout", text="ok\noutputs recorded for grading.\n")
    assert fb.render_output(stream) == '<pre class="out">ok\n</pre>'
    assert fb.render_output(nbformat.v4.new_output("stream", name="stdout",
                                                   text="outputs recorded for grading.\n")) == ""
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="\x1b[31mbad <shape>\x1b[0m",
                                   traceback=["check('hidden')"])
    assert fb.render_output(error) == '<pre class="out error">ValueError: bad &lt;shape&gt;</pre>'
    shown = fb.render_output(nbformat.v4.new_output("display_data", data={
        "text/html": "<b>x</b><script>alert(1)</script>", "text/plain": "x"}))
    assert shown == '<div class="out html"><b>x</b></div>'
    png = fb.render_output(nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Fig>"}))
    assert f'src="data:image/png;base64,{PNG}"' in png
    not_png = base64.b64encode(b"GIF89a....").decode()
    fake = fb.render_output(nbformat.v4.new_output("display_data", data={"image/png": not_png,
                                                                          "text/plain": "<Fig>"}))
    assert fake == '<pre class="out">&lt;Fig&gt;</pre>'
    long = fb.render_output(nbformat.v4.new_output("stream", name="stdout", text="x" * (fb.MAX_TEXT_CHARS + 5)))
    assert "output shortened here: 5 more characters" in long and len(long) < fb.MAX_TEXT_CHARS + 200


def test_cells_lose_hidden_tests_and_show_their_verdict():
    src = "assert f(1) == 1\n### BEGIN HIDDEN TESTS\nassert f(2) == 'secret'\n### END HIDDEN TESTS\n"
    cell = nbformat.v4.new_code_cell(src, metadata={"nbgrader": {"grade_id": "test_f", "grade": True}})
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="f(2)")]
    res = CellResult("test_f", 0.0, 3.0, ["AssertionError: f(2)"])
    out = fb.render_cell(cell, res)
    assert "secret" not in out and "hidden tests run by the grader" in out
    assert 'class="cell code graded failed" id="cell-test_f"' in out
    assert out.count("AssertionError: f(2)") == 1 and "0 / 3 points. What the test reported:" in out
    assert "secret" not in fb.render_cell(cell)  # ungraded too
    passed = fb.render_cell(cell, CellResult("test_f", 3.0, 3.0, []))
    assert "3 / 3 points. Passed." in passed and "graded passed" in passed


def test_page_escapes_what_the_grader_does_not_control(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi $x$")])
    info = SimpleNamespace(name="optimization")
    result = Result('<script>alert("name")</script>', "graded", 1.0, 2.0,
                    [CellResult("test_<b>", 1.0, 2.0, ["AssertionError: <i>no</i>"])],
                    notes=["<img src=x onerror=alert(1)>"])
    page = fb.write_feedback(nb, info, result, tmp_path / "feedback.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>" not in page
    assert page.startswith("<!DOCTYPE html>") and "default-src 'none'" in page
    assert '<tr class="failed"><td><a href="#cell-test__b_">test_&lt;b&gt;</a></td>' in page


def test_summary_markdown_is_unchanged():
    info = SimpleNamespace(name="optimization")
    result = Result("alice", "graded", 2.0, 4.0, [CellResult("test_a", 2.0, 2.0, []),
                                                  CellResult("test_b", 0.0, 2.0, ["AssertionError: a|b <c>"])],
                    notes=["a note"])
    assert fb.summary_markdown(result, info) == (
        "## optimization: 2 / 4 points\n\nStudent: `alice` | status: **graded**\n\n- a note\n\n"
        "| test cell | points | result |\n| --- | ---: | --- |\n| `test_a` | 2 / 2 | passed  |\n"
        "| `test_b` | 0 / 2 | failed — AssertionError: a\\|b &lt;c&gt; |\n")
