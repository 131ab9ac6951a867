"""The class dashboard ``grader grade`` writes (``grader.reports.dashboard``): a real grading of
one lesson for four students (the solution as 张伟, the stub, a hostile submission whose id,
printed output and error messages are HTML, and one whose import fails with an HTML message), then the pages
read as HTML and opened in headless Chromium.

Chromium is Debian's package (``apt-get install -y chromium``); without it the browser test
skips, unless ``GRADER_REQUIRE_CHROMIUM=1`` (set by ``.ci/run``) says CI has it: then it fails."""
import io
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from conftest import REPO, results, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

LESSON = "04_linear_model"
HOSTILE_ID = "<img src=x onerror=alert(1)>"
HOSTILE_CODE = '''print("<script>alert(1)</script><img src=x onerror=alert(2)>")


def forward(x, w):
    print('<script src="https://example.com/evil.js"></script>')
    raise ValueError("<script>alert(4)</script><img src=https://example.com/x.png>")


def loss(x, y, w):
    raise RuntimeError('</pre></td></tr></table><iframe src="http://example.com"></iframe>')


def mse(xs, ys, w):  # right: its tests pass for two students of four
    return sum((x * w - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
'''
BROKEN_ID = "李 娜"
BROKEN_CODE = 'raise RuntimeError("<b>bold</b> <script>alert(5)</script>")\n'  # fails at import: a problem
STUDENTS = ["张伟", "stub", HOSTILE_ID, BROKEN_ID]
# everything the dashboard itself writes; a student's text must add no other element
OWN_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "a", "img", "table", "thead",
            "tbody", "tr", "th", "td", "ul", "li", "pre", "code", "span", "strong"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    subs, out = tmp_path_factory.mktemp("subs"), tmp_path_factory.mktemp("reports")
    modules = {"张伟": (REPO / "solutions" / LESSON / "linear_model.py").read_text(encoding="utf-8"),
               "stub": (REPO / "assignments" / LESSON / "linear_model.py").read_text(encoding="utf-8"),
               HOSTILE_ID: HOSTILE_CODE, BROKEN_ID: BROKEN_CODE}
    for student, code in modules.items():
        (subs / student / LESSON).mkdir(parents=True)
        (subs / student / LESSON / "linear_model.py").write_text(code, encoding="utf-8")
    run_grader("grade", str(subs), "--out", str(out), "--lessons", LESSON, "--no-progress", "--jobs", "2")
    return out


def pages(out: Path) -> dict[str, Path]:
    return {"index": out / "index.html", **{s: out / s / "feedback.html" for s in STUDENTS}}


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's parser sees them."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_index_links_a_page_per_student(out):
    links = [attrs["href"] for tag, attrs in Elements((out / "index.html").read_text(encoding="utf-8")).tags
             if tag == "a"]
    targets = {(out / unquote(href)).resolve() for href in links}
    assert targets == {(out / s / "feedback.html").resolve() for s in STUDENTS}
    assert all(path.is_file() for path in targets)


def test_pages_load_nothing_and_student_html_stays_text(out):
    """No script, no element a student's text brought in, no event handler, images only as
    data URLs, links only relative: the pages work from disk and no request leaves."""
    for name, path in pages(out).items():
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text.lower() and "<iframe" not in text.lower(), name
        for tag, attrs in Elements(text).tags:
            assert tag in OWN_TAGS, (name, tag, attrs)
            assert not any(a.startswith("on") for a in attrs), (name, tag, attrs)
            assert not any("http://" in (v or "") or "https://" in (v or "") for v in attrs.values()), (name, attrs)
            if "src" in attrs:
                assert attrs["src"].startswith("data:image/png;base64,"), (name, attrs)
            if "href" in attrs:
                assert not urlsplit(attrs["href"]).scheme and not urlsplit(attrs["href"]).netloc, (name, attrs)
    hostile = pages(out)[HOSTILE_ID].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in hostile   # printed
    assert "&lt;/pre&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;iframe" in hostile              # a message
    assert f"Feedback for {HOSTILE_ID.replace('<', '&lt;').replace('>', '&gt;')}" in hostile       # the id
    problem = "&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(5)&lt;/script&gt;"
    assert problem in pages(out)[BROKEN_ID].read_text(encoding="utf-8")                          # a problem
    assert problem in (out / "index.html").read_text(encoding="utf-8")


def cells(text: str, heading: str) -> list[list[str]]:
    """The rows of the table after ``<h2>heading</h2>``, as text."""
    table = text.split(f"<h2>{heading}</h2>", 1)[1].split("</table>", 1)[0]
    rows = []
    for row in table.split("<tr>")[2:]:
        rows.append([c.split("</td>", 1)[0] for c in row.split(">", 1)[1].split("<td")])
    return rows


def test_index_statistics_problems_and_pass_rates_match_the_results(out):
    text = (out / "index.html").read_text(encoding="utf-8")
    scores = {s: results(out, s, LESSON)["score"] for s in STUDENTS}
    top = results(out, "张伟", LESSON)["max_score"]
    assert scores["张伟"] == top > 0 and scores["stub"] == scores[BROKEN_ID] == 0 < scores[HOSTILE_ID] < top
    ordered = sorted(scores.values())
    numbers = [4, f"{sum(ordered) / 4:.2f}", f"{(ordered[1] + ordered[2]) / 2:g}", 0, f"{top:g}", f"{top:g}", 1]
    assert f"<td>{LESSON}</td>" + "".join(f'<td class="n">{n}</td>' for n in numbers) in text
    assert text.count("<li>") == 1 and f"{quote(BROKEN_ID)}/feedback.html" in text.split("Submission problems")[1]
    assert "Score distribution" in text and 'src="data:image/png;base64,iVBORw0KGgo' in text
    rates = [row[1].rsplit("> ", 1)[1] for row in cells(text, "Tests, hardest first")]
    assert len(rates) == len(results(out, "stub", LESSON)["tests"])
    percent = [int(r.rstrip("%")) for r in rates]
    assert percent == sorted(percent) and {25, 50} <= set(percent)


def test_student_pages_show_public_failures_and_hidden_tests_as_counts(out):
    solved = pages(out)["张伟"].read_text(encoding="utf-8")
    assert f"Total: {results(out, '张伟', LESSON)['score']:g} / " in solved and "All tests passed." in solved
    stub, res = pages(out)["stub"].read_text(encoding="utf-8"), results(out, "stub", LESSON)
    public = [t for t in res["tests"] if t["visibility"] == "visible"]
    hidden = [t for t in res["tests"] if t["visibility"] == "hidden"]
    assert public and hidden
    for t in public:
        assert t["name"].split(": ", 1)[1] in stub
    for t in hidden:
        assert t["name"].split("::", 1)[1] not in stub
    assert f"Hidden tests: {len(hidden)} of {len(hidden)} did not pass" in stub
    assert "NotImplementedError" in stub
    broken = pages(out)[BROKEN_ID].read_text(encoding="utf-8")  # the problem once, not once per test
    assert f"{len(public)} public test(s) could not run because of this problem." in broken
    assert "<h3>" not in broken and broken.count("alert(5)") == 2  # the message and its traceback line


def headless(chromium: str, *args: str, url: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                               *args, url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def non_white_share(png: Path) -> float:
    from PIL import Image

    image = Image.open(io.BytesIO(png.read_bytes())).convert("L")
    return sum(image.histogram()[:250]) / (image.width * image.height)


@pytest.mark.parametrize("page", ["index", HOSTILE_ID], ids=["index", "hostile_student"])
def test_pages_render_in_headless_chromium(chromium, out, tmp_path, page):
    url = pages(out)[page].as_uri()
    shot = tmp_path / "shot.png"
    headless(chromium, f"--screenshot={shot}", "--window-size=1280,1600", url=url)
    share = non_white_share(shot)
    print(f"{page}: {share:.1%} of the screenshot is not white")
    assert share > 0.01
    dom = headless(chromium, "--dump-dom", url=url)
    assert "<table>" in dom and "<script" not in dom.lower() and "<iframe" not in dom.lower()
    if page == "index":
        assert "Tests, hardest first" in dom and "张伟" in dom and "<img alt=" in dom
    else:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "test_forward_floats" in dom
