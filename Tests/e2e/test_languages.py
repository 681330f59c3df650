"""The language layer on the bundled content: translation status, staleness, dashboard."""
import json
import shutil

from conftest import REPO, build, run
from html_helpers import soup


def test_translations_json_counts_match_the_content():
    proc = run("translations", "--format", "json")
    data = json.loads(proc.stdout)
    assert data["source_language"] == "en"
    for lang in ["nl", "pl", "es"]:
        counts = {state: data["languages"][lang][state]["count"] for state in ["translated", "stale", "missing", "orphaned"]}
        en_pages = len(list((REPO / "content" / "en").rglob("*.md")))
        own = len(list((REPO / "content" / lang).rglob("*.md")))
        assert counts["translated"] + counts["stale"] == own
        assert counts["translated"] + counts["stale"] + counts["missing"] == en_pages
        assert counts["stale"] == 0, data["languages"][lang]["stale"]["paths"]
        for path in data["languages"][lang]["missing"]["paths"]:
            assert not (REPO / path).exists() and (REPO / path.replace(f"/{lang}/", "/en/", 1)).exists()


def test_strict_fails_while_pages_are_missing():
    proc = run("translations", "--strict", check=False)
    assert proc.returncode == 1
    assert "missing" in proc.stdout


def test_editing_a_source_makes_its_translations_stale(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(REPO / "content", src / "content")
    shutil.copy(REPO / "playbook.yml", src / "playbook.yml")
    page = src / "content" / "en" / "playbook" / "02-put-out-the-fire.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nupdated: 2026-01-15\n", 1) + "\nA new paragraph.\n", encoding="utf-8")
    data = json.loads(run("translations", "--source", str(src), "--format", "json").stdout)
    for lang in ["nl", "pl", "es"]:
        assert data["languages"][lang]["stale"]["paths"] == [f"content/{lang}/playbook/02-put-out-the-fire.md"]
    out = tmp_path / "public"
    build(out, source=src)
    doc = soup(out / "pl" / "playbook" / "02-put-out-the-fire" / "index.html")
    banner = doc.find(class_="notice-stale")
    assert banner is not None
    assert "15 sty 2026" in banner.get_text()
    link = banner.find("a")
    assert link["href"] == "../../../en/playbook/02-put-out-the-fire/index.html"
    assert not soup(out / "pl" / "playbook" / "03-assess-the-damage" / "index.html").find(class_="notice-stale")
    dashboard = soup(out / "pl" / "translations" / "index.html")
    assert "content/pl/playbook/02-put-out-the-fire.md" in dashboard.get_text()


def test_dashboard_is_internal_only(site, field_site):
    assert (site / "nl" / "translations" / "index.html").exists()
    assert not (field_site / "nl" / "translations").exists()


def test_right_to_left_languages_get_dir_rtl(tmp_path):
    # A Persian language (google/docsy-example has one) was laid out left to right.
    from conftest import make
    src = make(tmp_path / "src", {
        "playbook.yml": "title: T\nlanguages:\n  - {code: en, name: English}\n  - {code: fa, name: فارسی, locale: fa-IR}\n"
                        "  - {code: he, name: עברית, locale: he}\n",
        "content/en/_index.md": "# Home\n",
        "content/en/a.md": "# A\n",
        "content/fa/a.md": "# الف\n",
    })
    out = tmp_path / "out"
    run("build", "--source", str(src), "--output", str(out))
    for path, want in [("fa/a/index.html", "rtl"), ("fa/index.html", "rtl"), ("he/a/index.html", "rtl"),
                       ("en/a/index.html", None), ("index.html", None), ("404.html", None)]:
        html = soup(out / path).find("html")
        assert html.get("dir") == want, path
