"""The student's feedback page, opened in a real browser (Debian's headless Chromium via Playwright).

The graded notebook is the real source notebook with fabricated outputs, a
fabricated grading result, and a student's hostile Markdown cell and HTML
output; the grading pipeline is not run. The tests read what a person sees
(``document.body.innerText``), not the HTML source. A full-page screenshot is
saved as ``feedback.png`` next to ``feedback.html`` (the path is printed).

Without Chromium or Playwright the browser tests are skipped locally; with
``CI`` set they fail instead (``.ci/run`` installs Chromium).
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from course_lib.grading.feedback import write_feedback
from course_lib.grading.notebooks import HIDDEN, read_assignment, source_text, strip_hidden
from course_lib.grading.pipeline import CellResult, Result

pytestmark = pytest.mark.xdist_group("feedback-browser")  # one browser, one page, for the module

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TITLE = "optimization: feedback for alice"
XSS_MARKDOWN = """## My notes <script>window.__pwned = "markdown script"; document.title = "pwned"</script>

An image <img src="x" onerror="window.__pwned = 'onerror'; alert(1)">, a
[link](javascript:window.__pwned='link'), <a href="JaVaScRiPt:alert(2)">another</a>,
<svg onload="alert(3)"><circle r="4"/></svg>
<math><mtext><table><mglyph><style><img src=x onerror="alert(4)"></style></mglyph></table></mtext></math>
<iframe src="data:text/html,<script>alert(5)</script>"></iframe>
<style>body { display: none }</style>
<p style="position: fixed; top: 0">my score: 100 / 100</p>
"""
XSS_HTML = ('<b>table of results</b><script>window.__pwned = "output script"; alert(6)</script>'
            '<iframe srcdoc="<script>alert(7)</script>"></iframe>'
            '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" onload="alert(8)">'
            '<a href="data:text/html,hi">data link</a><object data="x.swf"></object>')
TAG_TEXT = re.compile(r"</?\s*(h[1-6]|p|div|span|table|thead|tbody|tfoot|tr|th|td|script|img|a|b|em|"
                      r"strong|code|pre|ul|ol|li|math|mi|mo|mn|iframe|svg|br)\b[^>]*>|&(lt|gt|amp|quot|#\d+);",
                      re.I)
RAW_MATH = re.compile(r"\$[^$\n]+\$")


def _figure_png() -> str:
    """A small real matplotlib figure, base64 PNG, as a notebook would hold it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 2.5), dpi=80)
    ax.plot([2.5, 1.2, 0.6, 0.4, 0.3, 0.25], marker="o")
    ax.set(title="cost", xlabel="iteration (x200)")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _outputs(gid: str | None, res: CellResult | None, png: str | None) -> list:
    """Fabricated outputs for one code cell of the source notebook."""
    out = nbformat.v4
    if res is not None and res.messages:
        return [out.new_output("stream", name="stdout", text="outputs recorded for grading.\n"),
                out.new_output("error", ename="AssertionError", evalue=res.messages[0].split(": ", 1)[1],
                               traceback=["\x1b[31mTraceback\x1b[0m", 'check("hidden_case")  # hidden code'])]
    if res is not None:
        return [out.new_output("stream", name="stdout", text="outputs recorded for grading.\nall checks passed\n")]
    if gid == "data_load":
        return [out.new_output("stream", name="stdout", text="train_X (784, 60000), train_Y (1, 60000)\n")]
    if png and gid == "data_show":
        return [out.new_output("display_data", data={"image/png": png,
                                                     "text/plain": "<Figure size 320x200 with 1 Axes>"})]
    return []


def fabricated_submission(with_image: bool = True):
    """(graded notebook, info, result): the real source notebook, fabricated outputs and grades."""
    info = read_assignment(ROOT / "source", "optimization")
    nb = nbformat.read(ROOT / "source" / "optimization" / info.notebook, as_version=4)
    results = {}
    for k, c in enumerate(info.cells):
        failed = k % 4 == 1
        messages = ([f"AssertionError: {c.grade_id}: A has shape (2, 3) but <expected> (3, 2) & float"]
                    if failed else [])
        results[c.grade_id] = CellResult(c.grade_id, 0.0 if failed else c.points, c.points, messages)
    png = _figure_png() if with_image else None
    for cell in nb.cells:
        if cell.cell_type == "code":
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            cell.outputs = _outputs(gid, results.get(gid), png)
            if source_text(cell).startswith("NAME ="):
                cell.source = 'NAME = "Alice <b>Student</b>"\nCOLLABORATORS = ""'
    hostile = nbformat.v4.new_code_cell("display(HTML(s))", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": XSS_HTML, "text/plain": "<IPython.core.display.HTML object>"})])
    nb.cells[3:3] = [nbformat.v4.new_markdown_cell(XSS_MARKDOWN), hostile]
    cells = list(results.values())
    result = Result("alice", "graded", score=sum(c.points for c in cells),
                    max_score=sum(c.max_points for c in cells), cells=cells,
                    notes=["the cell 'train' took 41 s of the 60 s limit"])
    return nb, info, result


def hidden_lines() -> set:
    """Distinctive lines of the hidden tests that appear nowhere else in the notebook."""
    nb = nbformat.read(ROOT / "source" / "optimization" / "optimization.ipynb", as_version=4)
    hidden, visible = set(), set()
    for cell in nb.cells:
        text = source_text(cell)
        for block in HIDDEN.findall(text):
            hidden |= {line.strip() for line in block.splitlines()}
        visible |= {line.strip() for line in strip_hidden(text).splitlines()}
    return {line for line in hidden - visible if len(line) > 20 and "HIDDEN TESTS" not in line}


def test_page_is_small(tmp_path):
    nb, info, result = fabricated_submission(with_image=False)
    size = write_feedback(nb, info, result, tmp_path / "feedback.html").stat().st_size
    assert size < 150_000, f"feedback.html is {size} bytes without images"


def test_page_source_has_no_hidden_tests_and_no_active_content(tmp_path):
    nb, info, result = fabricated_submission(with_image=False)
    page = write_feedback(nb, info, result, tmp_path / "feedback.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in page and "hidden tests run by the grader" in page
    assert not [line for line in hidden_lines() if line in page]
    assert "outputs recorded for grading" not in page and "check(&quot;hidden_case" not in page
    body = page[page.index("</head>"):]
    assert not re.search(r"<(script|iframe|object|embed|svg|style)[\s>]", body)
    assert not re.search(r"\son\w+\s*=|=\s*\"[^\"]*(javascript:|data:text|image/svg)", page, re.I)


# --- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, through Playwright (never Playwright's own browser download)."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[test]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = "Chromium is not installed (apt-get install chromium)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test of the feedback page: {problem}")
        pytest.skip(problem)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shown(browser, tmp_path_factory):
    """The fabricated feedback page as Chromium shows it, with what ran while it loaded."""
    nb, info, result = fabricated_submission()
    path = write_feedback(nb, info, result, tmp_path_factory.mktemp("feedback") / "feedback.html")
    context = browser.new_context(viewport={"width": 1100, "height": 1400}, offline=True)
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    for link in page.query_selector_all("main a"):  # follow every link a student could plant
        if not (link.get_attribute("href") or "#").startswith(("#", "http")):
            link.click()
    shot = path.with_name("feedback.png")
    page.screenshot(path=str(shot), full_page=True)
    print(f"\nfeedback page: {path}\nscreenshot: {shot}")
    yield {"page": page, "text": page.evaluate("document.body.innerText"), "result": result,
           "dialogs": dialogs, "errors": errors, "shot": shot}
    context.close()


def test_visible_text_has_no_tag_text(shown):
    outside_code = shown["page"].evaluate("""() => {  // code is shown as typed, tags and all
        const code = [...document.querySelectorAll('pre.src')];
        code.forEach(e => e.style.display = 'none');
        const text = document.body.innerText;
        code.forEach(e => e.style.display = '');
        return text; }""")
    found = TAG_TEXT.findall(outside_code)
    assert not found, found[:10]
    assert "Alice <b>Student</b>" in shown["text"]  # the student's own code, shown as typed
    assert "<expected> (3, 2) & float" in shown["text"]


def test_maths_is_rendered_as_mathml(shown):
    page = shown["page"]
    assert page.locator("math").count() >= 100
    assert page.locator('math[display="block"]').count() >= 10
    narrative = page.evaluate("[...document.querySelectorAll('.cell.md')].map(e => e.innerText).join('\\n')")
    assert not RAW_MATH.findall(narrative), RAW_MATH.findall(narrative)[:5]
    assert "\\frac" not in narrative and "drop\\_prob" not in narrative
    width = page.evaluate("document.querySelector('math[display=block] mfrac').getBoundingClientRect().width")
    assert width > 0  # laid out as MathML, not hidden or unknown


def test_score_table_is_a_real_table(shown):
    page, result = shown["page"], shown["result"]
    rows = page.locator("table.scores tbody tr")
    assert rows.count() == len(result.cells)
    assert page.locator("table.scores thead th").all_inner_texts() == ["test cell", "points", "result"]
    first = rows.nth(0).locator("td").all_inner_texts()
    assert first == [result.cells[0].grade_id, "2 / 2", "passed"]
    failed = [c for c in result.cells if c.messages]
    assert page.locator("table.scores tr.failed").count() == len(failed)
    verdict = page.locator(f"#cell-{failed[0].grade_id} .verdict").inner_text()
    assert "0 / " in verdict and "What the test reported" in verdict and failed[0].messages[0] in verdict
    assert shown["text"].count(failed[0].messages[0]) == 1  # next to its cell, once
    total = f"{result.score:g} / {result.max_score:g} points"
    assert total in shown["text"]


def test_hidden_tests_are_not_shown(shown):
    text = shown["text"]
    assert "BEGIN HIDDEN TESTS" not in text and "hidden tests run by the grader" in text
    assert not [line for line in hidden_lines() if line in text]
    assert "outputs recorded for grading" not in text and "hidden_case" not in text


def test_xss_fixture_runs_no_script(shown):
    page = shown["page"]
    assert page.evaluate("window.__pwned") is None
    assert page.title() == TITLE
    assert shown["dialogs"] == [] and shown["errors"] == []
    assert page.url.endswith("feedback.html")  # no link navigated away
    active = page.evaluate("""[...document.querySelectorAll('*')].flatMap(e =>
        [...e.attributes].filter(a => /^on/i.test(a.name) || /^\\s*(javascript|data:text|data:image\\/svg)/i
        .test(a.value)).map(a => e.tagName + ' ' + a.name))""")
    assert active == []
    assert page.locator("script, iframe, object, embed, svg").count() == 0
    assert page.locator("main style").count() == 0
    assert page.locator("main [style*=fixed]").count() == 0
    assert "my score: 100 / 100" in shown["text"]  # the student's text stays, as plain text
    assert page.locator("img[alt='figure output']").evaluate("i => i.naturalWidth") > 100


def test_screenshot_saved_next_to_feedback(shown):
    png = shown["shot"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
