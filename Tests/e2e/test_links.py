"""Links and URLs as authors write them (Hugo, MkDocs, GitHub habits): a small tree with every
kind of link builds, and every link and anchor in the output leads somewhere; broken ones are
reported by `check` once per occurrence, on their own line, with a suggestion."""
import json
import pathlib
import urllib.parse

from bs4 import BeautifulSoup

from conftest import make, run

CONFIG = """title: Links
markdown:
  unsafe_html: true
languages:
  - {code: en, name: English}
  - {code: nl, name: Nederlands}
  - {code: pl, name: Polski}
"""

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

TREE = {
    "playbook.yml": CONFIG,
    "content/en/_index.md": "# Home\n\nStart at [the guide](guide/index-page.md).\n",
    "content/nl/_index.md": "# Thuis\n",
    "content/pl/_index.md": "# Dom\n",
    # File names Hugo keeps apart.
    "content/en/cmds/clang.md": "# clang\n",
    "content/en/cmds/clang++.md": "# clang++\n",
    "content/en/cmds/a_b.md": "# a_b\n",
    "content/en/cmds/a-b.md": "# a-b\n",
    "content/en/cmds/tool.sh.md": "# tool.sh\n",
    "content/en/cmds/tool-sh.md": "# tool-sh\n",
    "content/en/cmds/!.md": "# !\n",
    "content/en/cmds/[[.md": "# [[\n",
    "content/en/cmds/renamed.md": "---\ntitle: Renamed\nslug: new-name\n---\nText.\n",
    "content/en/cmds/moved.md": "---\ntitle: Moved\nurl: /elsewhere/moved-here/\n---\nText.\n",
    "content/en/guide/page_two.md": "# Page two\n\n## Oceń szkody\n\n## Señal de año\n\n## Neglecting the postmortem\n",
    "content/en/guide/index-page.md": """# Index page

[abs](/guide/page_two) [abs md](/guide/page_two.md) [abs anchor](/guide/page_two/#oceń-szkody)
[encoded](page_two.md#oce%C5%84-szkody) [spanish](page_two.md#señal-de-año) [upper](page_two.MD)
![chart](chart.png) <img src="img_dir/pic.png" alt="pic"> <a href="files/run%20book.pdf">pdf</a>
[c++](../cmds/clang++.md) [c](../cmds/clang.md) [bang](../cmds/!.md) [brackets](<../cmds/[[.md>)
[slug](../cmds/renamed.md) [url](../cmds/moved.md) [escaped](../cmds/a\\_b.md) [entity](../cmds/a&#95;b.md)

## Ocena

[self](#ocena) [root abs lang](/en/cmds/tool.sh/)
""",
    "content/en/guide/chart.png": PNG,
    "content/en/guide/img_dir/pic.png": PNG,
    "content/en/guide/files/run book.pdf": b"%PDF-1.4\n",
    # Fallback copies keep readers in their language.
    "content/en/steps/start.md": "# Start\n\nNext: [stop](stop.md), [home](../_index.md), [keyed](../keyed/original.md).\n",
    "content/en/steps/stop.md": "# Stop\n",
    "content/nl/steps/stop.md": "# Stoppen\n",
    # translation_key at different paths; a same-path file without a key is a translation too.
    "content/en/keyed/original.md": "---\ntitle: Original\ntranslation_key: kk\n---\nText.\n",
    "content/pl/keyed/oryginal.md": "---\ntitle: Oryginał\ntranslation_key: kk\n---\nTekst.\n",
    "content/en/same/page.md": "---\ntitle: Same\ntranslation_key: sp\n---\nText.\n",
    "content/pl/same/page.md": "---\ntitle: Ta sama\n---\nTekst.\n",
}


def soup(out, rel):
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


def local_targets(out):
    """Every (page, attribute value) of a local link or embedded file in the built site."""
    for page in sorted(out.rglob("*.html")):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in doc.find_all(True):
            for attr in ("href", "src"):
                value = tag.get(attr)
                if not value or value.startswith(("http:", "https:", "mailto:", "data:", "javascript:", "//")):
                    continue
                yield page, value


def ids_of(path):
    doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in doc.find_all(id=True)}


def test_every_link_in_the_output_leads_somewhere(tmp_path):
    src, out = tmp_path / "src", tmp_path / "public"
    make(src, TREE)
    run("build", "--source", str(src), "--output", str(out))
    followed = 0
    for page, value in local_targets(out):
        parts = urllib.parse.urlsplit(value)
        target = page if not parts.path else (page.parent / urllib.parse.unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), f"{page.relative_to(out)}: {value} leads nowhere"
        if parts.fragment and target.suffix == ".html":
            assert urllib.parse.unquote(parts.fragment) in ids_of(target), f"{page.relative_to(out)}: {value}: no such id"
        followed += 1
    assert followed > 100


def test_urls_keep_names_apart_and_follow_front_matter(tmp_path):
    src, out = tmp_path / "src", tmp_path / "public"
    make(src, TREE)
    run("build", "--source", str(src), "--output", str(out))
    for url in ["clang", "clang++", "a_b", "a-b", "tool.sh", "tool-sh", "u21", "u5b-u5b", "new-name"]:
        assert (out / "en/cmds" / url / "index.html").is_file(), url
    assert (out / "en/elsewhere/moved-here/index.html").is_file()
    assert not (out / "en/cmds/renamed").exists() and not (out / "en/cmds/moved").exists()
    # Assets are copied under their own paths.
    assert (out / "en/guide/img_dir/pic.png").read_bytes() == PNG
    assert (out / "en/guide/files/run book.pdf").is_file()

    links = {a.get_text(): a["href"] for a in soup(out, "en/guide/index-page/index.html").select("main a[href]")}
    assert links["abs"] == "../../../en/guide/page_two/index.html"
    assert links["abs md"] == links["abs"]
    assert links["abs anchor"] == links["abs"] + "#ocen-szkody"
    assert links["encoded"] == links["abs"] + "#ocen-szkody"
    assert links["spanish"] == links["abs"] + "#senal-de-ano"
    assert links["upper"] == links["abs"]
    assert links["c++"] == "../../../en/cmds/clang++/index.html"
    assert links["c"] == "../../../en/cmds/clang/index.html"
    assert links["bang"] == "../../../en/cmds/u21/index.html"
    assert links["brackets"] == "../../../en/cmds/u5b-u5b/index.html"
    assert links["slug"] == "../../../en/cmds/new-name/index.html"
    assert links["url"] == "../../../en/elsewhere/moved-here/index.html"
    assert links["escaped"] == links["entity"] == "../../../en/cmds/a_b/index.html"
    assert links["self"] == "#ocena"
    assert links["root abs lang"] == "../../../en/cmds/tool.sh/index.html"
    assert links["pdf"] == "../../../en/guide/files/run%20book.pdf"
    page = soup(out, "en/guide/index-page/index.html")
    assert page.select_one("main img[alt=chart]")["src"] == "../../../en/guide/chart.png"
    assert page.select_one("main img[alt=pic]")["src"] == "../../../en/guide/img_dir/pic.png"


def test_fallback_copies_and_switchers_stay_in_the_readers_language(tmp_path):
    src, out = tmp_path / "src", tmp_path / "public"
    make(src, TREE)
    run("build", "--source", str(src), "--output", str(out))
    nl = {a.get_text(): a["href"] for a in soup(out, "nl/steps/start/index.html").select("main article a[href], main a[href]")}
    assert nl["stop"] == "../../../nl/steps/stop/index.html"  # the Dutch page, not en/
    assert nl["home"] == "../../../nl/index.html"
    assert nl["keyed"] == "../../../nl/keyed/original/index.html"  # nl has only a fallback copy
    pl = {a.get_text(): a["href"] for a in soup(out, "pl/steps/start/index.html").select("main a[href]")}
    assert pl["keyed"] == "../../../pl/keyed/oryginal/index.html"  # the Polish translation, another path
    assert pl["stop"] == "../../../pl/steps/stop/index.html"  # the Polish fallback copy
    # The original keeps its own links.
    en = {a.get_text(): a["href"] for a in soup(out, "en/steps/start/index.html").select("main a[href]")}
    assert en["stop"] == "../../../en/steps/stop/index.html"

    def switcher(rel):
        return {a["data-code"]: a["href"] for a in soup(out, rel).select("nav.lang-switcher a[data-code]")}

    # The Polish translation's switcher leads to the Dutch fallback copy of its group (at the
    # English original's path), not to the Dutch home page.
    assert switcher("pl/keyed/oryginal/index.html")["nl"] == "../../../nl/keyed/original/index.html"
    assert switcher("en/keyed/original/index.html")["nl"] == "../../../nl/keyed/original/index.html"
    assert switcher("nl/keyed/original/index.html")["pl"] == "../../../pl/keyed/oryginal/index.html"
    # Same path without a key: a translation (one page per language, no URL clash).
    assert (out / "pl/same/page/index.html").is_file()
    assert switcher("pl/same/page/index.html")["en"] == "../../../en/same/page/index.html"
    assert switcher("en/same/page/index.html")["pl"] == "../../../pl/same/page/index.html"
    assert not soup(out, "pl/same/page/index.html").select("nav.lang-switcher a.missing[data-code=en]")


BROKEN = {
    "playbook.yml": CONFIG,
    "content/en/_index.md": "# Home\n",
    "content/en/guide/target.md": "# Target\n\n## Neglecting the postmortem\n",
    "content/en/guide/chart.png": PNG,
    "content/en/guide/broken.md": """---
title: Broken
---
Twice: [one](missing.md) and

[two](missing.md) again.
![chart](bounce-chart.png) [log](incident-log.pdf) [data](data/absent.csv)
[upper](gone.MD) [long](gone.markdown) [escaped](missing\\_one.md)

[enc](target.md#oce%C5%84-nothing) [typo](target.md#neglecting-the-postmortm)
<img src="moon.jpg"> <a href="missing.pdf">pdf</a>
[near](targte.md) [abs](/guide/nowhere/) [pointy](<no such.md>) [amp](a&amp;b.md)
""",
}


def test_check_reports_every_missing_target_on_its_own_line(tmp_path):
    src = tmp_path / "src"
    make(src, BROKEN)
    proc = run("check", "--source", str(src), "--format", "json", check=False)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    found = {(p["line"], p["rule"], p["message"].split("`")[1]) for p in report["diagnostics"] if p["file"] == "content/en/guide/broken.md"}
    expected = {
        (4, "link/broken", "missing.md"), (6, "link/broken", "missing.md"),
        (7, "link/broken", "bounce-chart.png"), (7, "link/broken", "incident-log.pdf"), (7, "link/broken", "data/absent.csv"),
        (8, "link/broken", "gone.MD"), (8, "link/broken", "gone.markdown"), (8, "link/broken", "missing_one.md"),
        (10, "link/anchor", "target.md#oce%C5%84-nothing"), (10, "link/anchor", "target.md#neglecting-the-postmortm"),
        (11, "link/broken", "moon.jpg"), (11, "link/broken", "missing.pdf"),
        (12, "link/broken", "targte.md"), (12, "link/broken", "/guide/nowhere/"), (12, "link/broken", "no such.md"),
        (12, "link/broken", "a&b.md"),
    }
    assert found == expected, found ^ expected
    messages = {p["message"] for p in report["diagnostics"]}
    assert any("did you mean `#neglecting-the-postmortem`?" in m for m in messages), messages
    assert any("link to `targte.md` leads to no page or file; did you mean `target.md`?" in m for m in messages), messages
    # The build fails on the same errors.
    proc = run("build", "--source", str(src), "--output", str(tmp_path / "public"), check=False)
    assert proc.returncode == 1 and "broken.md:11: error: [link/broken] link to `moon.jpg`" in proc.stderr
