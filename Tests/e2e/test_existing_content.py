"""Existing content builds (issue #16): Markdown trees written for Hugo, MkDocs or a docs repository
build without edits under a severity policy, and every thing dropped, mapped or unresolved is a
diagnostic with file, line and rule — the same from build, check and translations."""
import json
import subprocess

from conftest import make, BIN, run
from html_helpers import soup

ONE_LANGUAGE = "title: T\nlanguages:\n  - {code: en, name: English}\n"
TWO_LANGUAGES = "title: T\nlanguages:\n  - {code: en, name: English}\n  - {code: nl, name: Nederlands}\n"


def check_json(src, *extra):
    proc = run("check", "--source", str(src), "--format", "json", *extra, check=False)
    return proc.returncode, json.loads(proc.stdout)


def rules(report, severity=None):
    return sorted(d["rule"] for d in report["diagnostics"] if severity is None or d["severity"] == severity)


def build(src, out, *extra):
    return subprocess.run([BIN, "build", "--source", str(src), "--output", str(out), *extra], capture_output=True, text=True, timeout=300)


# 1. Severity policy and the cascade of lint_ignore.

ANCHORS = {
    "content/en/_index.md": "# Home\n",
    "content/en/vendor/_index.md": "# Vendor\n",
    "content/en/vendor/a.md": "# A\n\n[up](b.md#no-such-heading)\n",
    "content/en/vendor/b.md": "# B\n\n## Real\n",
    "content/en/own/c.md": "# C\n\n[x](../vendor/b.md#gone)\n",
}


def test_checks_policy_relaxes_a_rule_site_wide(tmp_path):
    src = make(tmp_path / "src", {**ANCHORS, "playbook.yml": ONE_LANGUAGE})
    code, report = check_json(src)
    assert code == 1 and rules(report, "error") == ["link/anchor", "link/anchor"]
    (src / "playbook.yml").write_text(ONE_LANGUAGE + "checks:\n  link/*: warning\n  translation/missing: off\n")
    code, report = check_json(src)
    assert code == 0 and rules(report, "warning") == ["link/anchor", "link/anchor"]
    assert build(src, tmp_path / "out").returncode == 0
    # The exact rule wins over the prefix.
    (src / "playbook.yml").write_text(ONE_LANGUAGE + "checks:\n  link/*: off\n  link/anchor: error\n")
    code, report = check_json(src)
    assert code == 1 and rules(report) == ["link/anchor", "link/anchor"]


def test_checks_policy_cannot_relax_a_fault_that_stops_the_build(tmp_path):
    src = make(tmp_path / "src", {**ANCHORS, "playbook.yml": ONE_LANGUAGE + "checks:\n  yaml/syntax: off\n  link/anchr: warning\n"})
    code, report = check_json(src)
    assert code == 1
    faults = [d for d in report["diagnostics"] if d["rule"] == "config/checks"]
    assert [d["line"] for d in faults] == [5, 6]
    assert "yaml/syntax" in faults[0]["message"] and "did you mean `link/anchor`" in faults[1]["message"]


def test_lint_ignore_in_a_section_index_cascades_to_its_pages(tmp_path):
    files = dict(ANCHORS)
    files["content/en/vendor/_index.md"] = "---\ntitle: Vendor\nlint_ignore:\n  - {rule: link/anchor, reason: upstream docs}\n---\n"
    src = make(tmp_path / "src", {**files, "playbook.yml": ONE_LANGUAGE})
    code, report = check_json(src)
    # vendor/a.md is silenced by its section; own/c.md is not in that section.
    assert [d["file"] for d in report["diagnostics"]] == ["content/en/own/c.md"]


# 2. Unknown keys.

def test_unknown_config_keys_are_warnings_with_did_you_mean(tmp_path):
    config = ONE_LANGUAGE + "links: warning\nmarkdown:\n  admonitions: true\n  unsafe_htm: true\ntitel: X\nsite_url: https://example.org/docs\n"
    src = make(tmp_path / "src", {"content/en/_index.md": "# Home\n", "playbook.yml": config})
    code, report = check_json(src)
    assert code == 0
    by_line = {d["line"]: d for d in report["diagnostics"]}
    assert by_line[4]["rule"] == "config/unknown-key" and "checks:" in by_line[4]["message"]
    assert "markdown.admonitions" in by_line[6]["message"]
    assert "did you mean `unsafe_html`" in by_line[7]["message"]
    assert "did you mean `title`" in by_line[8]["message"]
    assert by_line[9]["rule"] == "config/foreign-key" and "`base_url`" in by_line[9]["message"]
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    assert '<loc>https://example.org/docs/en/' in (out / "sitemap.xml").read_text()


def test_front_matter_keys_case_typos_and_other_tools(tmp_path):
    page = ("---\nTitle: Rotate the keys\ntittle: x\ndescription: What to do first.\nlayout: wide\n"
            "cascade:\n  type: docs\nid: rotate\nauthor: Ann\n---\nBody.\n")
    src = make(tmp_path / "src", {"content/en/_index.md": "# Home\n", "content/en/ops/keys.md": page, "playbook.yml": ONE_LANGUAGE})
    code, report = check_json(src)
    assert code == 0
    found = {(d["line"], d["rule"]) for d in report["diagnostics"]}
    # Hugo's `cascade` and Docusaurus's `id` (its URL) were ignored silently; a key of the
    # author's own (`author`) still is.
    assert found == {(2, "front-matter/unknown-key"), (3, "front-matter/unknown-key"), (5, "front-matter/foreign-key"),
                     (6, "front-matter/foreign-key"), (8, "front-matter/foreign-key")}
    assert any("did you mean `title`" in d["message"] for d in report["diagnostics"] if d["line"] == 3)
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    html = soup(out / "en/ops/keys/index.html")
    assert html.find("h1").get_text(strip=True) == "Rotate the keys"  # `Title` read as `title`
    assert html.find("meta", attrs={"name": "description"})["content"] == "What to do first."  # description → summary


# 3. Conventions of Hugo and MkDocs.

MKDOCS = {
    "content/en/index.md": "# Runbooks\n\nWelcome to the runbooks.\n",
    "content/en/db/index.md": "# Databases\n\nAll database runbooks.\n",
    "content/en/db/failover.md": (
        "# Failover\n\n"
        "!!! warning \"Before you start\"\n    Page the on-call DBA.\n\n    Then **freeze** deploys.\n\n"
        "!!! note\n    Plain note.\n\n"
        "??? tip \"More detail\"\n    Hidden at first.\n\n"
        "???+ danger\n    Open at first.\n\n"
        "```\n!!! note \"in code\"\n    stays\n```\n\n"
        "[Status page](https://status.example.org){: target=\"_blank\"}\n"
    ),
    "content/en/db/failover.nl.md": "# Failover (nl)\n\nTekst.\n",
}


def test_mkdocs_tree_builds_with_index_pages_admonitions_and_file_name_translations(tmp_path):
    src = make(tmp_path / "src", {**MKDOCS, "playbook.yml": TWO_LANGUAGES})
    out = tmp_path / "out"
    proc = build(src, out, "--verbose")
    assert proc.returncode == 0, proc.stderr
    home = soup(out / "en/index.html")
    assert "Welcome to the runbooks." in home.get_text()  # index.md is the home page, not a page "Index"
    assert not (out / "en/index/index.html").exists()
    assert "All database runbooks." in soup(out / "en/db/index.html").get_text()
    page = soup(out / "en/db/failover/index.html")
    callouts = page.select(".callout")
    assert [c.name for c in callouts] == ["div", "div", "details", "details"]
    assert callouts[0]["class"] == ["callout", "callout-warning"]
    assert callouts[0].select_one(".callout-title").get_text() == "Before you start"
    assert callouts[0].find("strong").get_text() == "freeze"
    assert callouts[1].select_one(".callout-title").get_text() == "Note"
    assert callouts[2].select_one("summary").get_text() == "More detail" and not callouts[2].has_attr("open")
    assert callouts[3].has_attr("open") and callouts[3]["class"] == ["callout", "callout-caution"]
    assert '!!! note "in code"' in page.find("pre").get_text()
    assert "{:" not in page.get_text() and "target" not in page.get_text()
    assert "[markdown/attribute-list]" in proc.stderr and "failover.md:22:" in proc.stderr
    # about.nl.md beside about.md is the Dutch translation, not an English page.
    dutch = soup(out / "nl/db/failover/index.html")
    assert dutch.find("h1").get_text(strip=True) == "Failover (nl)"
    assert not (out / "en/db/failover-nl").exists()


def test_admonition_titles_are_in_the_page_language(tmp_path):
    files = {"content/en/_index.md": "# Home\n", "content/nl/_index.md": "# Thuis\n",
             "content/nl/a.md": "# A\n\n!!! warning\n    Let op.\n", "playbook.yml": TWO_LANGUAGES}
    out = tmp_path / "out"
    assert build(make(tmp_path / "src", files), out).returncode == 0
    title = soup(out / "nl/a/index.html").select_one(".callout-title").get_text()
    assert title != "Warning" and title.strip()


# 4. Nothing disappears silently.

def test_raw_html_dot_files_and_an_empty_field_edition_are_reported(tmp_path):
    files = {
        "content/en/_index.md": "# Home\n",
        "content/en/sev.md": "# Severity\n\nText.\n\n<table><tr><td>SEV1</td></tr></table>\n\n<!-- a comment is fine -->\n",
        "content/en/.draft-notes.md": "# Hidden\n",
        "content/en/.DS_Store": "x",
        "playbook.yml": ONE_LANGUAGE,
    }
    src = make(tmp_path / "src", files)
    code, report = check_json(src)
    assert code == 0
    got = {(d["file"], d["line"], d["rule"]) for d in report["diagnostics"]}
    assert got == {("content/en/sev.md", 5, "markdown/raw-html"), ("content/en/.draft-notes.md", None, "content/skipped")}
    assert "markdown.unsafe_html: true" in report["diagnostics"][-1]["message"] or any("unsafe_html" in d["message"] for d in report["diagnostics"])
    code, report = check_json(src, "--edition", "field")
    assert "edition/empty" in rules(report, "warning")


# 5. YAML errors name the line of the fault.

def test_no_break_space_in_yaml_is_named_on_its_own_line(tmp_path):
    page = "---\ntitle: Outage\nauthor:\u00a0Sam\nsummary: x\n---\nBody.\n"
    src = make(tmp_path / "src", {"content/en/_index.md": "# Home\n", "content/en/a.md": page, "playbook.yml": ONE_LANGUAGE})
    code, report = check_json(src)
    assert code == 1
    [d] = report["diagnostics"]
    assert (d["line"], d["rule"]) == (3, "yaml/syntax") and "no-break space (U+00A0) after `author:`" in d["message"]


# 6 and 7. The same diagnostics from build, check and translations; many of one rule summarised.

def test_build_check_and_translations_report_the_same_diagnostics(tmp_path):
    files = {
        "content/en/_index.md": "# Home\n",
        "content/en/bad.md": "---\ntitle: [oops\n---\n",
        "content/en/broken.md": "# Broken\n\n[x](nowhere.md)\n",
        "playbook.yml": TWO_LANGUAGES,
    }
    for i in range(30):
        files[f"content/en/p{i:02}.md"] = f"# Page {i}\n"
    src = make(tmp_path / "src", files)
    check = run("check", "--source", str(src), check=False)
    built = build(src, tmp_path / "out")
    translations = run("translations", "--source", str(src), check=False)
    assert check.returncode == built.returncode == translations.returncode == 1
    def lines(text):  # the summary line names the command to run again: compare without it
        return sorted(l.split(" (`playbook")[0] for l in text.splitlines() if ": error: " in l or ": warning: " in l or l.startswith("  … and"))
    assert lines(check.stdout) == lines(built.stderr) != []
    assert lines(translations.stderr) == lines(check.stdout)
    assert "bad.md:2: error: [yaml/syntax]" in built.stderr and "broken.md:3: error: [link/broken]" in built.stderr
    # 32 translation/missing warnings: three shown, the rest counted, the full list on request.
    assert sum(": warning: [translation/missing]" in l for l in check.stdout.splitlines()) == 3
    assert "… and 29 more warnings of [translation/missing] (`playbook check --verbose` lists them all)" in check.stdout
    verbose = run("check", "--source", str(src), "--verbose", check=False)
    assert sum(": warning: [translation/missing]" in l for l in verbose.stdout.splitlines()) == 32
    code, report = check_json(src)
    assert rules(report).count("translation/missing") == 32
    assert "translation/missing 32 warnings" in check.stderr
    # translations still shows the status of the files that loaded.
    assert "nl" in translations.stdout and "missing" in translations.stdout


# 8. Duplicate keys.

def test_duplicate_front_matter_keys_are_an_error_naming_both_lines(tmp_path):
    page = "---\ntitle: One\ndate: 2024-01-01\ntitle: Two\n---\n"
    src = make(tmp_path / "src", {"content/en/_index.md": "# Home\n", "content/en/a.md": page, "playbook.yml": ONE_LANGUAGE})
    proc = build(src, tmp_path / "out")
    assert proc.returncode == 1
    assert "content/en/a.md:4: error: [front-matter/duplicate-key] `title` is given twice, on lines 2 and 4" in proc.stderr


# 9. Hints about the user's tree; --version.

def test_broken_link_hint_names_a_page_of_this_tree(tmp_path):
    files = {"content/en/_index.md": "# Home\n", "content/en/ops/deploy.md": "# Deploy\n",
             "content/en/guides/start.md": "# Start\n\n[deploying](deploy.md)\n\n[gone](nothing-like-it.md)\n", "playbook.yml": ONE_LANGUAGE}
    code, report = check_json(make(tmp_path / "src", files))
    messages = [d["message"] for d in report["diagnostics"] if d["rule"] == "link/broken"]
    assert "did you mean `../ops/deploy.md`?" in messages[0]
    assert "did you mean" not in messages[1]
    assert not any("01-own-the-problem" in m for m in messages)


def test_version():
    proc = run("--version")
    assert proc.stdout.strip() and proc.stdout.strip()[0].isdigit()


# 11. Paths that differ only in letter case across languages are one page.

def test_paths_differing_in_case_across_languages_are_one_page(tmp_path):
    files = {
        "content/en/_index.md": "# Home\n", "content/nl/_index.md": "# Thuis\n",
        "content/en/Guides/Setup.md": "# Setup\n",
        "content/nl/guides/setup.md": "# Installatie\n",
        "playbook.yml": TWO_LANGUAGES,
    }
    src = make(tmp_path / "src", files)
    out = tmp_path / "out"
    proc = build(src, out)
    assert proc.returncode == 0, proc.stderr
    assert soup(out / "nl/guides/setup/index.html").find("h1").get_text(strip=True) == "Installatie"
    code, report = check_json(src)
    # (stale: no source_hash recorded; that is issue #21's "untracked")
    assert code == 0 and not [d for d in report["diagnostics"] if d["rule"] in ("translation/missing", "translation/orphaned", "url/collision")]
    (src / "playbook.yml").write_text(TWO_LANGUAGES + "fallback_pages: false\n")
    code, report = check_json(src)
    assert code == 0 and not [d for d in report["diagnostics"] if d["rule"] in ("translation/missing", "translation/orphaned")]


def test_translations_named_by_file_are_reported_and_updated_where_they_are(tmp_path):
    # mkdocs-static-i18n's `suffix` structure: the Dutch page is content/en/guide.nl.md. Its
    # diagnostics name that file, and --mark-current writes it (it once wrote a second copy at
    # content/nl/guide.md, and the next build failed with a URL collision).
    src = make(tmp_path / "src", {
        "playbook.yml": TWO_LANGUAGES,
        "content/en/index.md": "# Home\n",
        "content/en/guide.md": "# Guide\n\nText.\n",
        "content/en/guide.nl.md": "---\nlinkTitle: G\n---\n# Gids\n\nTekst.\n",
    })
    code, report = check_json(src)
    files = {(d["rule"], d["file"]) for d in report["diagnostics"]}
    assert ("translation/untracked", "content/en/guide.nl.md") in files
    assert ("front-matter/foreign-key", "content/en/guide.nl.md") in files
    assert not any(d["file"] == "content/nl/guide.md" for d in report["diagnostics"])
    # Either name of the file marks it current, in place.
    for given in ["content/nl/guide.md", "content/en/guide.nl.md"]:
        proc = run("translations", "--source", str(src), "--mark-current", given, check=False)
        assert proc.returncode == 0, proc.stderr
        assert "source_hash:" in (src / "content/en/guide.nl.md").read_text()
        assert not (src / "content/nl").exists()
    # A folder only the pages' content paths have (no content/nl/ on disk) is accepted too.
    assert run("translations", "--source", str(src), "--mark-current", "content/nl/", check=False).returncode == 0
    assert not (src / "content/nl").exists()
    code, report = check_json(src)
    assert code == 0 and "translation/untracked" not in rules(report)
    assert build(src, tmp_path / "out").returncode == 0


def test_admonitions_without_a_space_and_attribute_lists_without_a_colon(tmp_path):
    # Python-Markdown accepts `!!!tip "Title"` and `{width=450}` (the colon of `{: …}` is
    # optional); both were left in the page as text, with no warning.
    src = make(tmp_path / "src", {
        "playbook.yml": ONE_LANGUAGE,
        "content/en/index.md": "# Home\n",
        "content/en/pic.png": b"\x89PNG\r\n\x1a\n",
        "content/en/b.md": "# B\n",
        "content/en/a.md": (
            "# A\n\n"
            "!!!tip \"Reminder\"\n    Keep it short.\n\n"
            "???+warning\n    Folded.\n\n"
            "![chart](pic.png){width=450}\n\n"
            "See [b](b.md){ target=\"_blank\" rel=noopener } and {name} and ${HOME}.\n\n"
            "```sh\nf(){a=1}\n```\n"
        ),
    })
    out = tmp_path / "out"
    proc = build(src, out)
    assert proc.returncode == 0, proc.stderr
    page = soup(out / "en/a/index.html")
    callouts = page.select(".callout")
    assert callouts[0]["class"] == ["callout", "callout-tip"]
    assert callouts[0].select_one(".callout-title").get_text() == "Reminder"
    assert callouts[1].name == "details" and callouts[1].has_attr("open")
    text = page.select_one("main").get_text()
    assert "!!!" not in text and "???" not in text
    assert "width=450" not in text and "target=" not in text
    assert "{name} and ${HOME}." in text
    assert "f(){a=1}" in page.find("pre").get_text()
    warnings = [l for l in proc.stderr.splitlines() if "[markdown/attribute-list]" in l]
    assert [l.split(": ")[0] for l in warnings] == ["content/en/a.md:9", "content/en/a.md:11"]


def test_content_tabs_are_shown_in_turn_and_hugo_shortcodes_are_reported(tmp_path):
    # pymdownx.tabbed's `=== "Tab"` made its indented content a code block; Hugo's shortcodes
    # were shown as text with no warning (google/docsy-example, mkdocs-static-i18n's docs).
    src = make(tmp_path / "src", {
        "playbook.yml": ONE_LANGUAGE,
        "content/en/index.md": "# Home\n",
        "content/en/a.md": (
            "# A\n\n"
            "=== \"pip\"\n\n    Install it:\n\n    ```sh\n    pip install x\n    ```\n\n"
            "=== \"apt\"\n    Use *apt*.\n\n"
            "{{% pageinfo color=\"info\" %}}\nDraft.\n{{% /pageinfo %}}\n\n"
            "{{< alert title=\"Hi\" >}}Text{{< /alert >}} and `{{< code >}}`\n\n"
            "```\n{{< in-code >}}\n```\n"
        ),
    })
    out = tmp_path / "out"
    proc = build(src, out, "--verbose")
    assert proc.returncode == 0, proc.stderr
    page = soup(out / "en/a/index.html")
    main = page.select_one("main")
    assert [b.get_text() for b in main.find_all("strong")] == ["pip", "apt"]
    assert [p.get_text() for p in main.find_all("pre")] == ["pip install x\n", "{{< in-code >}}\n"]
    assert main.find("em").get_text() == "apt" and "===" not in main.get_text()
    shortcodes = [l for l in proc.stderr.splitlines() if "[markdown/shortcode]" in l]
    assert [l.split(": ")[0] for l in shortcodes] == ["content/en/a.md:14", "content/en/a.md:18"]
    assert "`{{% pageinfo color=\"info\" %}}`" in shortcodes[0]
    # The policy can relax it like the other Markdown warnings.
    (src / "playbook.yml").write_text(ONE_LANGUAGE + "checks:\n  markdown/shortcode: off\n")
    code, report = check_json(src)
    assert code == 0 and "markdown/shortcode" not in rules(report)


def test_a_folder_without_an_index_page_is_titled_like_a_file(tmp_path):
    # `getting-started/` with no index.md was titled "Getting-started" in the navigation and
    # on its section page (mkdocs-static-i18n's docs); a file is titled "Getting started".
    src = make(tmp_path / "src", {
        "playbook.yml": ONE_LANGUAGE,
        "content/en/index.md": "# Home\n",
        "content/en/getting-started/quick_start.md": "Text.\n",
    })
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    section = soup(out / "en/getting-started/index.html")
    assert section.find("h1").get_text(strip=True) == "Getting started"
    assert "Quick start" in section.select_one("main").get_text()
    home = soup(out / "en/index.html")
    assert "Getting started" in [a.get_text(strip=True) for a in home.find_all("a")]


def test_tag_pages_follow_the_url_rule_and_colliding_tags_are_reported(tmp_path):
    # Tag pages used the old slug: `C++` and `C` shared one page, silently.
    src = make(tmp_path / "src", {
        "playbook.yml": ONE_LANGUAGE,
        "content/en/index.md": "# Home\n",
        "content/en/a.md": "---\ntitle: A\ntags: [C++, C]\n---\nA.\n",
        "content/en/b.md": "---\ntitle: B\ntags: [c]\n---\nB.\n",
        "content/en/d.md": "---\ntitle: D\ndate: 2020-01-01\ntags:\n  - C#\n---\nD.\n",
    })
    code, report = check_json(src)
    collisions = [d for d in report["diagnostics"] if d["rule"] == "tag/collision"]
    # `c` is `C` in another case (one tag, as in Hugo); `C#` meets `C` at /en/tags/c/.
    assert [(d["file"], d["line"], d["severity"]) for d in collisions] == [("content/en/d.md", 4, "warning")]
    assert "`C#`" in collisions[0]["message"] and "/en/tags/c/" in collisions[0]["message"]
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    def titles(path):
        return sorted(a.get_text(strip=True) for a in soup(out / path).select("main li a"))
    assert titles("en/tags/c++/index.html") == ["A"]
    assert titles("en/tags/c/index.html") == ["A", "B", "D"]
    # Each page links its tags to their own pages.
    links = {a.get_text(strip=True): a["href"] for a in soup(out / "en/a/index.html").select("a[href*='tags/']") if a.get_text(strip=True) in ("C++", "C")}
    assert links == {"C++": "../../en/tags/c++/index.html", "C": "../../en/tags/c/index.html"}
    (src / "playbook.yml").write_text(ONE_LANGUAGE + "checks:\n  tag/collision: off\n")
    code, report = check_json(src)
    assert "tag/collision" not in rules(report)


def test_a_sub_folders_own_page_is_listed_in_its_section(tmp_path):
    # Hugo's leaf bundle (blog/first/index.md), a nested section (blog/news/_index.md) and
    # MkDocs's docs/x/index.md were listed nowhere: not in their section, not in the menu.
    src = make(tmp_path / "src", {
        "playbook.yml": ONE_LANGUAGE,
        "content/en/_index.md": "# Home\n",
        "content/en/blog/_index.md": "# Blog\n",
        "content/en/blog/first/index.md": "# First post\n\nHello.\n",
        "content/en/blog/news/_index.md": "# News\n",
        "content/en/blog/news/second.md": "# Second\n",
        "content/en/blog/top.md": "# Top\n",
    })
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    listed = [a.get_text(strip=True) for a in soup(out / "en/blog/index.html").select("main a")]
    assert sorted(listed) == ["First post", "News", "Second", "Top"]
    menu = [a.get_text(strip=True) for a in soup(out / "en/blog/top/index.html").select("nav a")]
    assert "First post" in menu and "News" in menu


def test_a_page_at_the_top_of_a_language_is_listed_once_on_the_home_page(tmp_path):
    # MkDocs's docs/changelog.md was listed twice on the home page (as the section its URL
    # makes, and again as a page directly below the language folder).
    src = make(tmp_path / "src", {
        "playbook.yml": ONE_LANGUAGE,
        "content/en/index.md": "# Home\n",
        "content/en/changelog.md": "# Changelog\n",
        "content/en/setup/install.md": "# Install\n",
    })
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    cards = [c.find("h2").get_text(strip=True) for c in soup(out / "en/index.html").select(".section-card")]
    assert sorted(cards) == ["Changelog", "Setup"]


def test_a_heading_that_repeats_the_front_matter_title_is_not_shown_twice(tmp_path):
    # mkdocs-static-i18n's index.md has `title:` and opens with the same `# heading`: the
    # page showed it twice. A different first heading stays.
    src = make(tmp_path / "src", {
        "playbook.yml": ONE_LANGUAGE,
        "content/en/index.md": "# Home\n",
        "content/en/a.md": "---\ntitle: MkDocs  plugin\n---\n\n# MkDocs Plugin\n\nText.\n",
        "content/en/b.md": "---\ntitle: Short\n---\n# A longer heading\n\nText.\n",
    })
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    a = soup(out / "en/a/index.html").select_one("main")
    assert [h.get_text(strip=True) for h in a.find_all("h1")] == ["MkDocs  plugin"]
    b = soup(out / "en/b/index.html").select_one("main")
    assert [h.get_text(strip=True).rstrip("#") for h in b.find_all("h1")] == ["Short", "A longer heading"]
