"""End-to-end checks on the bundled content built by the real binary."""
import os
import re
import subprocess
import xml.etree.ElementTree as ET

from conftest import BIN, build, run
from html_helpers import pages, resolve, soup

LANGS = ["en", "nl", "pl", "es"]
STEPS = ["01-own-the-problem", "02-put-out-the-fire", "03-assess-the-damage",
         "04-create-a-plan", "05-inform-and-apologize", "06-proceed-carefully"]


def test_every_language_has_home_sections_and_the_six_steps(site):
    assert (site / "index.html").exists()
    for lang in LANGS:
        for rel in ["index.html", "playbook/index.html", "postmortems/index.html", "apologies/index.html", "tags/index.html"]:
            assert (site / lang / rel).exists(), f"{lang}/{rel}"
        for step in STEPS:
            assert (site / lang / "playbook" / step / "index.html").exists(), f"{lang} {step}"


def test_pages_have_title_landmarks_and_lang(site):
    for path in pages(site):
        doc = soup(path)
        if doc.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # alias redirect
        html = doc.find("html")
        assert html.get("lang"), path
        assert doc.title and doc.title.string.strip(), path
        assert doc.find("main"), f"{path}: no <main>"
        assert doc.find("h1"), f"{path}: no <h1>"
        if path.name == "index.html" and path.parent != site:
            skip = doc.find("a", class_="skip-link")
            assert skip and doc.find(id=skip["href"][1:]), f"{path}: skip link target missing"
            assert doc.find("header") and doc.find("footer") and doc.find("nav"), path


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    ids_cache = {}
    for path in pages(site):
        doc = soup(path)
        for tag in doc.find_all(["a", "link", "script", "img"]):
            href = tag.get("href") or tag.get("src")
            if not href or tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            target, fragment = resolve(site, path, href)
            if target is None:
                continue
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {href}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = {t["id"] for t in soup(target).find_all(id=True)}
                if fragment not in ids_cache[target]:
                    broken.append(f"{path.relative_to(site)} -> {href} (no #{fragment})")
    assert not broken, "\n".join(broken[:20])


def test_heading_ids_are_unique_and_toc_points_at_them(site):
    for path in (site / "en" / "playbook").rglob("index.html"):
        doc = soup(path)
        ids = [t["id"] for t in doc.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"{path}: duplicate ids"
        toc = doc.find("aside", class_="toc")
        if toc:
            for a in toc.find_all("a"):
                assert doc.find(id=a["href"][1:]), f"{path}: toc {a['href']}"
            headings = [h["id"] for h in doc.select(".prose h2[id], .prose h3[id]")]
            assert [a["href"][1:] for a in toc.find_all("a")] == headings


def test_polish_heading_ids_fold_diacritics(site):
    ids = set()
    for path in (site / "pl" / "playbook").rglob("index.html"):
        ids |= {h["id"] for h in soup(path).select("h2[id], h3[id]")}
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), [i for i in ids if not re.fullmatch(r"[a-z0-9-]+", i)]
    doc = soup(site / "pl" / "playbook" / "03-assess-the-damage" / "index.html")
    text = doc.get_text()
    assert "Oceń szkody" in text


def test_gfm_tables_task_lists_and_callouts_render(site):
    html = "".join(p.read_text(encoding="utf-8") for p in (site / "en" / "playbook").rglob("index.html"))
    assert "<table>" in html
    assert 'type="checkbox"' in html
    assert 'class="callout callout-' in html


def test_no_script_but_our_own(site):
    for path in pages(site):
        doc = soup(path)
        if path == site / "404.html":  # its one inline script is the theme's own file (test_ui checks its CSP hash)
            inline = doc.find("script")
            assert inline.string == (site / "assets" / "not-found.js").read_text()
            inline.decompose()
        for script in doc.find_all("script"):
            assert script.get("src", "").endswith((".js",)) and not script.string, f"{path}: inline or foreign script"
            assert "assets/" in script["src"]
        for tag in doc.find_all(True):
            assert not any(a.startswith("on") for a in tag.attrs), f"{path}: event handler attribute on <{tag.name}>"


def test_hreflang_only_for_real_translations(site):
    for lang in LANGS:
        for path in (site / lang).rglob("index.html"):
            doc = soup(path)
            alternates = {l["hreflang"]: l["href"] for l in doc.find_all("link", rel="alternate", hreflang=True)}
            fallback = doc.find(class_="notice-fallback")
            if fallback:
                assert not alternates, f"{path}: a fallback copy claims translations"
                continue
            for hreflang, href in alternates.items():
                if hreflang == "x-default":
                    continue
                rel = href.split("playbook.example/", 1)[1]
                target = site / rel / "index.html"
                assert target.exists(), f"{path}: {href}"
                assert not soup(target).find(class_="notice-fallback"), f"{path}: hreflang {hreflang} points at a fallback"
            if alternates:
                assert "x-default" in alternates


def test_fallback_pages_are_announced_in_the_readers_language(site):
    notices = {}
    for lang in LANGS:
        for path in (site / lang).rglob("index.html"):
            doc = soup(path)
            notice = doc.find(class_="notice-fallback")
            if notice:
                article = doc.find("article")
                assert article.get("lang") and article["lang"] != lang, f"{path}: fallback text without its lang"
                notices.setdefault(lang, notice.get_text(" ", strip=True))
    assert notices, "the bundled content should exercise fallback pages"
    for lang, text in notices.items():
        assert text and "{" not in text, text
    if "pl" in notices:
        assert "Polski" in notices["pl"] or "polsku" in notices["pl"], notices["pl"]


def test_language_switcher_stays_on_the_same_page(site):
    doc = soup(site / "nl" / "playbook" / "02-put-out-the-fire" / "index.html")
    links = {a["hreflang"]: a["href"] for a in doc.select(".lang-switcher a[hreflang]")}
    assert set(links) == {"en", "pl", "es"}
    for lang, href in links.items():
        assert f"/{lang}/playbook/02-put-out-the-fire/index.html" in href


def test_sitemap_lists_pages_with_alternates(site):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    locs = [u.find("s:loc", ns).text for u in urls]
    assert "https://playbook.example/en/playbook/01-own-the-problem/" in locs
    assert len(locs) == len(set(locs))
    first = next(u for u in urls if u.find("s:loc", ns).text.endswith("/en/playbook/01-own-the-problem/"))
    langs = {l.get("hreflang") for l in first.findall("x:link", ns)}
    assert {"en", "nl", "pl", "x-default"} <= langs


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    build(again)
    a = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    b = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_field_edition_has_no_internal_content(site, field_site):
    internal_page = site / "en" / "playbook" / "internal-escalation-contacts" / "index.html"
    assert internal_page.exists()
    assert not (field_site / "en" / "playbook" / "internal-escalation-contacts").exists()
    assert not (field_site / "en" / "postmortems" / "survey-gift-card-to-120000").exists()
    everything = b"".join(p.read_bytes() for p in field_site.rglob("*") if p.is_file() and "assets" not in p.parts)
    assert b'class="internal-block"' not in everything
    assert b"internal-escalation-contacts" not in everything
    assert b"survey-gift-card-to-120000" not in everything


def test_cli_summary_quiet_and_errors(tmp_path):
    out = tmp_path / "out"
    proc = build(out)
    assert re.match(r"built .* \(internal\): en \d+", proc.stdout)
    quiet = build(out, "--quiet")
    assert quiet.stdout == "" and quiet.stderr == ""
    src = tmp_path / "bad"
    (src / "content" / "en").mkdir(parents=True)
    (src / "content" / "en" / "x.md").write_text("---\ntitle: [oops\n---\n")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    proc = run("build", "--source", str(src), "--output", str(out), check=False)
    assert proc.returncode != 0
    assert "content/en/x.md:2: error: [yaml/syntax] invalid YAML" in proc.stderr
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_the_binary_allocates_with_jemalloc():
    """The executable links jemalloc (Sources/CAllocator) with its settings: glibc's malloc was a
    sixth of a large build's CPU and kept freed memory resident."""
    env = dict(os.environ, MALLOC_CONF="stats_print:true")
    out = subprocess.run([BIN, "--help"], env=env, capture_output=True, text=True, timeout=60)
    assert "jemalloc statistics" in out.stderr
    assert "opt.muzzy_decay_ms: 0" in out.stderr
