"""Per-student feedback: the graded notebook as one small, self-contained HTML page.

The page is built here rather than by nbconvert: a short template, the score
table first, then every cell of the notebook. What a student controls
(Markdown cells, ``text/html`` outputs) goes through the ``nh3`` sanitiser
with an allow-list of ordinary HTML and MathML tags; code and text outputs are
escaped; images are embedded only as validated PNG data. Maths (``$...$``,
``$$...$$``) is converted to MathML on the server, so it renders with no
script and no network. A Content-Security-Policy that allows no script at all
backs the sanitiser up. Hidden tests are cut from every code cell.
"""

from __future__ import annotations

import base64
import binascii
import functools
import html
import re
from importlib import resources
from pathlib import Path

from .notebooks import AssignmentInfo, source_text, strip_hidden
from .status import Outcome

RECORDED = "outputs recorded for grading."
MAX_TEXT_CHARS = 20_000          # one text output is cut after this many characters
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_DATA_URL = "data:image/png;base64,"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
MTEXT = re.compile(r"(<mtext[^>]*>)(.*?)(</mtext>)", re.S)
TEX_TEXT_ESCAPE = re.compile(r"\\([_%&#$])")
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

HTML_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
MATHML_TAGS = frozenset({
    "math", "menclose", "merror", "mfrac", "mi", "mmultiscripts", "mn", "mo", "mover", "mpadded",
    "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle", "msub", "msubsup",
    "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "none",
})
MATHML_ATTRIBUTES = frozenset({
    "accent", "accentunder", "columnalign", "columnlines", "columnspacing", "depth", "displaystyle",
    "fence", "form", "height", "largeop", "linethickness", "lspace", "mathvariant", "maxsize",
    "minsize", "movablelimits", "notation", "rowalign", "rowlines", "rowspacing", "rspace",
    "scriptlevel", "separator", "stretchy", "symmetric", "width",
})
HTML_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "math": {"display"},
}
STYLE_PROPERTIES = frozenset({"text-align"})   # Markdown tables align their columns with it
URL_SCHEMES = frozenset({"http", "https", "mailto", "data"})  # data: only for PNG images, below


# --- the Markdown summary (summary.md, CI job summaries) ----------------------------------

def _fmt(x: float) -> str:
    return f"{x:g}"


def _passed(cell) -> bool:
    """A graded cell passed when it earned every point and reported nothing."""
    return cell.points == cell.max_points and not cell.messages


def _state(cell) -> str:
    """The word (and CSS class) for a graded cell: passed, failed, or a written answer's pending/graded."""
    if cell.outcome is Outcome.PENDING:
        return "pending"
    if cell.outcome is Outcome.GRADED_MANUALLY:
        return "graded"
    return "passed" if _passed(cell) else "failed"


AWAITS = "awaits the instructor's grading"


def _provisional(result) -> str:
    """'' or the sentence saying that the total is provisional."""
    pending = result.pending
    points = "point" if pending == 1 else "points"
    return (f"This total is provisional: {_fmt(pending)} {points} of written answers await the instructor's "
            f"grading." if pending else "")


def summary_markdown(result, info: AssignmentInfo) -> str:
    """A Markdown summary of one graded submission (also used for CI job summaries)."""
    lines = [f"## {info.name}: {_fmt(result.score)} / {_fmt(result.max_score)} points",
             "", f"Student: `{result.student}` | status: **{result.status}**", ""]
    if result.pending:
        lines += [_provisional(result), ""]
    for note in result.notes:
        lines.append(f"- {note}")
    lines += ["", "| test cell | points | result |", "| --- | ---: | --- |"]
    for cell in result.cells:
        verdict = {"pending": AWAITS, "graded": "graded by the instructor"}.get(_state(cell), _state(cell))
        said = cell.messages or (cell.comment.splitlines() if cell.outcome is Outcome.GRADED_MANUALLY else [])
        first = said[0].splitlines()[0] if said else ""
        first = html.escape(first[:140]).replace("|", "\\|")
        lines.append(f"| `{cell.grade_id}` | {_fmt(cell.points)} / {_fmt(cell.max_points)} | {verdict} "
                     f"{('— ' + first) if first else ''} |")
    return "\n".join(lines) + "\n"


# --- student content: sanitising, Markdown, maths, code, outputs --------------------------

def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: images only from PNG ``data:`` URLs, and no ``data:`` URL elsewhere."""
    if element == "img" and attribute == "src":
        return value if value.strip().startswith(PNG_DATA_URL) else None
    return None if value.strip().lower().startswith("data:") else value


@functools.lru_cache(maxsize=None)
def _cleaner():
    import nh3

    attributes = {tag: set(names) for tag, names in HTML_ATTRIBUTES.items()}
    for tag in MATHML_TAGS:
        attributes.setdefault(tag, set()).update(MATHML_ATTRIBUTES)
    return nh3.Cleaner(tags=set(HTML_TAGS | MATHML_TAGS), attributes=attributes,
                       url_schemes=set(URL_SCHEMES), attribute_filter=_keep_attribute,
                       filter_style_properties=set(STYLE_PROPERTIES), strip_comments=True)


def sanitise(fragment: str) -> str:
    """``fragment`` with only allow-listed tags and attributes: no script, handler or foreign URL."""
    return _cleaner().clean(fragment)


def latex_to_mathml(tex: str, display: bool) -> str:
    """MathML for ``tex``, or the LaTeX itself as code when it cannot be converted."""
    from latex2mathml.converter import convert

    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on malformed input
        return f"<code>{html.escape(tex)}</code>"
    # latex2mathml keeps the backslash of \_ (and the like) inside \text{...}
    return MTEXT.sub(lambda m: m[1] + TEX_TEXT_ESCAPE.sub(r"\1", m[2]) + m[3], mathml)


def _math_renderer(tex: str, options: dict) -> str:
    return latex_to_mathml(tex, bool(options.get("display_mode")))


def _render_inline_display_math(self, tokens, idx, options, env) -> str:
    """``$$...$$`` inside a paragraph: display maths, without a ``<div>`` that would split the paragraph."""
    return f"<span>{latex_to_mathml(tokens[idx].content.strip(), True)}</span>"


@functools.lru_cache(maxsize=None)
def _markdown():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, double_inline=True, renderer=_math_renderer)
    md.add_render_rule("math_inline_double", _render_inline_display_math)
    return md


@functools.lru_cache(maxsize=1024)  # the same locked cells in every submission of a batch: rendered once
def render_markdown(text: str) -> str:
    """Sanitised HTML for a Markdown cell (or a ``text/markdown`` output), maths as MathML."""
    try:
        rendered = _markdown().render(text)
    except Exception:  # a hostile cell must not stop the feedback from being written
        return _pre(text, "md-source")
    return sanitise(rendered)


def _token_class(ttype) -> str:
    """The one CSS class (or '') for a pygments token type: few classes keep the page small."""
    from pygments import token as t

    for parent, css in ((t.Comment, "c"), (t.String, "s"), (t.Keyword, "k"), (t.Operator.Word, "k"),
                        (t.Name.Function, "f"), (t.Name.Class, "f")):
        if ttype in parent:
            return css
    return ""


@functools.lru_cache(maxsize=1024)
def highlight_python(source: str) -> str:
    """Escaped HTML for a code cell's source, with comments, strings, keywords and definitions coloured."""
    from pygments.lexers.python import PythonLexer  # the module itself: pygments.lexers' lazy loader is not thread-safe

    parts, run, run_css = [], [], ""
    for ttype, value in PythonLexer(stripnl=False, ensurenl=False).get_tokens(source):
        css = _token_class(ttype) if value.strip() else run_css  # white space joins the run
        if css != run_css and run:
            parts.append(_span("".join(run), run_css))
            run = []
        run_css = css
        run.append(value)
    parts.append(_span("".join(run), run_css))
    return "".join(parts)


def _span(text: str, css: str) -> str:
    text = html.escape(text, quote=False)
    return f'<span class="{css}">{text}</span>' if css and text else text


def plain_text(text: str) -> str:
    """Output text as a person reads it: no terminal colour codes, at most MAX_TEXT_CHARS."""
    text = ANSI.sub("", text)
    if len(text) > MAX_TEXT_CHARS:
        rest = len(text) - MAX_TEXT_CHARS
        text = text[:MAX_TEXT_CHARS] + f"\n… (output shortened here: {rest} more characters)"
    return text


def _pre(text: str, css: str) -> str:
    return f'<pre class="{css}">{html.escape(plain_text(text))}</pre>'


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def png_data_url(data) -> str | None:
    """A ``data:`` URL for a base64 PNG output, or None if it is not one."""
    b64 = re.sub(r"\s+", "", _joined(data))
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        return None
    return PNG_DATA_URL + b64 if raw.startswith(PNG_MAGIC) else None


def render_output(output) -> str:
    """HTML for one output of a code cell ('' for what the student is not shown)."""
    kind = output.get("output_type")
    if kind == "stream":
        text = "".join(line for line in _joined(output.get("text")).splitlines(True) if RECORDED not in line)
        css = "out stderr" if output.get("name") == "stderr" else "out"
        return _pre(text, css) if text.strip() else ""
    if kind == "error":  # the traceback could show hidden test code: name and message only
        return _pre(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}", "out error")
    data = output.get("data", {})
    if "text/html" in data:
        return f'<div class="out html">{sanitise(_joined(data["text/html"]))}</div>'
    if "image/png" in data:
        url = png_data_url(data["image/png"])
        if url:
            return f'<div class="out"><img alt="figure output" src="{url}"></div>'
    if "text/markdown" in data:
        return f'<div class="out html">{render_markdown(_joined(data["text/markdown"]))}</div>'
    if "text/plain" in data:
        return _pre(_joined(data["text/plain"]), "out")
    return ""


# --- the page ----------------------------------------------------------------------------

def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cell_anchor(grade_id: str) -> str:
    return "cell-" + re.sub(r"[^A-Za-z0-9_-]", "_", grade_id)


def render_verdict(res) -> str:
    """The points and messages of one graded cell, shown right under it."""
    gid = html.escape(res.grade_id)
    points = f"{_fmt(res.points)} / {_fmt(res.max_points)} points"
    if res.outcome is Outcome.PENDING:
        said = " It looks unanswered: the cell still holds no answer of yours." if res.unanswered else ""
        return (f'<div class="verdict"><p><strong>{gid}</strong>: this written answer ({_fmt(res.max_points)} '
                f'points) {AWAITS}; its points are added once it is graded.{said}</p></div>')
    if res.outcome is Outcome.GRADED_MANUALLY:
        comment = _pre(res.comment, "msg") if res.comment.strip() else ""
        said = "Graded by the instructor" + (", who wrote:" if comment else ".")
        return f'<div class="verdict"><p><strong>{gid}</strong>: {points}. {said}</p>{comment}</div>'
    if _passed(res):
        return f'<div class="verdict"><p><strong>{gid}</strong>: {points}. Passed.</p></div>'
    said = ("What the test reported:" if res.messages else
            "The test did not pass and reported no message.")
    body = _pre("\n".join(res.messages), "msg") if res.messages else ""
    return f'<div class="verdict"><p><strong>{gid}</strong>: {points}. {said}</p>{body}</div>'


def render_cell(cell, res=None) -> str:
    """HTML for one notebook cell; ``res`` is its CellResult when the cell is graded."""
    kind = cell.get("cell_type")
    if kind == "markdown" and res is not None:  # a manually graded written answer
        return (f'<section class="cell md graded {_state(res)}" id="{_cell_anchor(res.grade_id)}">'
                f'{render_markdown(source_text(cell))}{render_verdict(res)}</section>')
    if kind == "markdown":
        return f'<div class="cell md">{render_markdown(source_text(cell))}</div>'
    if kind != "code":
        return f'<div class="cell raw">{_pre(source_text(cell), "raw")}</div>'
    source = strip_hidden(source_text(cell))
    shown = [o for o in cell.get("outputs", [])  # a graded cell's errors are its messages, shown once
             if res is None or o.get("output_type") != "error"]
    outputs = "".join(render_output(o) for o in shown)
    inner = f'<pre class="src">{highlight_python(source)}</pre>{outputs}'
    if res is None:
        return f'<div class="cell code">{inner}</div>'
    state = "passed" if _passed(res) else "failed"
    return (f'<section class="cell code graded {state}" id="{_cell_anchor(res.grade_id)}">'
            f'{inner}{render_verdict(res)}</section>')


def render_scores(result, info: AssignmentInfo) -> str:
    """The page's header: total, notes, and a table with one row per test cell."""
    rows = []
    for c in result.cells:
        state = _state(c)
        rows.append(f'<tr class="{state}"><td><a href="#{_cell_anchor(c.grade_id)}">'
                    f'{html.escape(c.grade_id)}</a></td><td class="num">{_fmt(c.points)} / '
                    f'{_fmt(c.max_points)}</td><td>{state}</td></tr>')
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in result.notes)
    tests = [c for c in result.cells if not c.manual]   # written answers are not test cells
    passed = sum(_passed(c) for c in tests)
    return (f'<header><h1>{html.escape(info.name)}: your feedback</h1>'
            f'<p class="total"><strong>{_fmt(result.score)}</strong> / {_fmt(result.max_score)} points</p>'
            + (f'<p class="provisional">{_provisional(result)}</p>' if result.pending else "") +
            f'<p>Student: <code>{html.escape(result.student)}</code>. '
            f'Status: {html.escape(result.status)}. {passed} of {len(tests)} test cells passed.</p>'
            + (f'<ul class="notes">{notes}</ul>' if notes else "") +
            '<p>Each test cell appears below with its points and what it reported; the grader also '
            'runs hidden tests, which are not shown.</p>'
            '<table class="scores"><thead><tr><th>test cell</th><th>points</th><th>result</th></tr>'
            f'</thead><tbody>{"".join(rows)}</tbody><tfoot><tr><td>total</td><td class="num">'
            f'{_fmt(result.score)} / {_fmt(result.max_score)}</td><td></td></tr></tfoot></table></header>')


@functools.lru_cache(maxsize=None)
def stylesheet() -> str:
    """The page's inline stylesheet (``feedback.css`` next to this module)."""
    return resources.files(__package__).joinpath("feedback.css").read_text(encoding="utf-8")


def _result_of(cell, by_id: dict):
    """The CellResult shown under ``cell``: a graded code cell's, or a manually graded answer's."""
    res = by_id.get(_grade_id(cell))
    return res if res is not None and (cell.get("cell_type") == "code" or res.manual) else None


def feedback_html(graded, info: AssignmentInfo, result) -> str:
    """The whole feedback page for one graded notebook."""
    by_id = {c.grade_id: c for c in result.cells}
    cells = "".join(render_cell(c, _result_of(c, by_id)) for c in graded.cells)
    title = html.escape(f"{info.name}: feedback for {result.student}")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title}</title><style>{stylesheet()}</style></head>'
            f'<body><main>{render_scores(result, info)}<div class="notebook">{cells}</div></main></body></html>\n')


def write_feedback(graded, info: AssignmentInfo, result, path: Path) -> Path:
    """Write the feedback HTML to ``path`` and return it."""
    path = Path(path)
    path.write_text(feedback_html(graded, info, result), encoding="utf-8")
    return path
