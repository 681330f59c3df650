"""End-to-end checks of the three content types on the bundled content: the crisis-response
summary table (HTML, JSON, CSV), postmortems (page, index, Atom feed), apology templates (page,
copy-as-text, .eml), `playbook check`, `playbook new` and the field edition."""
import csv
import email
import email.policy
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import BIN, REPO, build, run
from html_helpers import resolve, soup

LANGS = ["en", "nl", "pl", "es"]
ATOM = "{http://www.w3.org/2005/Atom}"
EPOCH = "1718000000"  # 2024-06-10


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """The bundled content built with a fixed SOURCE_DATE_EPOCH."""
    out = tmp_path_factory.mktemp("dated") / "public"
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    subprocess.run([BIN, "build", "--source", str(REPO), "--output", str(out)], check=True, env=env, capture_output=True)
    return out


def step_front_matter(lang):
    """step → (purpose, owner, risk) read from the step pages' front matter."""
    out = {}
    for path in sorted((REPO / "content" / lang / "playbook").glob("0[1-6]-*.md")):
        fm = path.read_text(encoding="utf-8").split("---")[1]
        fields = dict(re.findall(r'^(step|purpose|owner|risk): "?(.*?)"?$', fm, re.M))
        out[int(fields["step"])] = (fields["purpose"], fields["owner"], fields["risk"])
    return out


# Summary table ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_summary_table_on_home_and_playbook_index(site, lang):
    expected = step_front_matter(lang)
    for page in [site / lang / "index.html", site / lang / "playbook" / "index.html"]:
        doc = soup(page)
        table = doc.select_one("#pb-summary-table table")
        assert table, page
        # The run sheet's progress column is hidden until an incident is live (test_runsheet.py).
        headers = [th.get_text(strip=True) for th in table.select("thead th:not([hidden])")]
        assert len(headers) == 4 and all(headers)
        rows = table.select("tbody tr")
        assert len(rows) == 6
        for n, row in enumerate(rows, 1):
            link = row.select_one("th a")
            target, _ = resolve(site, page, link["href"])
            assert target.exists() and f"/{lang}/playbook/0{n}-" in target.as_posix()
            cells = [td.get_text(strip=True) for td in row.find_all("td") if not td.has_attr("hidden")]
            assert tuple(cells) == expected[n]
        downloads = {a.get_text(strip=True): a["href"] for a in doc.select("#pb-summary-table .downloads a")}
        for href in downloads.values():
            assert resolve(site, page, href)[0].exists()


@pytest.mark.parametrize("lang", LANGS)
def test_summary_table_json_and_csv(site, lang):
    data = json.loads((site / lang / "crisis-response.json").read_text(encoding="utf-8"))
    assert data["language"] == lang
    assert [s["step"] for s in data["steps"]] == [1, 2, 3, 4, 5, 6]
    expected = step_front_matter(lang)
    for s in data["steps"]:
        assert (s["purpose"], s["owner"], s["risk"]) == expected[s["step"]]
        assert s["url"].startswith(f"https://playbook.example/{lang}/playbook/0{s['step']}-")
        assert s["fallback"] is False
    raw = (site / lang / "crisis-response.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 7 and raw.count(b"\n") == 7, "RFC 4180: CRLF line ends"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == 7 and len(rows[0]) == 7
    for row in rows[1:]:
        assert (row[2], row[3], row[4]) == expected[int(row[0])]


def test_summary_table_marks_fallback_rows(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(REPO / "content", src / "content")
    shutil.copy(REPO / "playbook.yml", src / "playbook.yml")
    (src / "content" / "pl" / "playbook" / "06-proceed-carefully.md").unlink()
    out = tmp_path / "out"
    build(out, source=src)
    row = soup(out / "pl" / "index.html").select("#pb-summary-table tbody tr")[5]
    assert "is-fallback" in row["class"]
    assert row.select_one(".badge") and row.select_one("th a")["lang"] == "en"
    data = json.loads((out / "pl" / "crisis-response.json").read_text(encoding="utf-8"))
    assert data["steps"][5]["fallback"] is True and data["steps"][5]["language"] == "en"


# Postmortems -----------------------------------------------------------------------------------

def test_postmortem_page_facts_timeline_actions(dated):
    doc = soup(dated / "en" / "postmortems" / "seven-test-emails" / "index.html")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in doc.select("#pb-facts dt")}
    assert facts["Severity"] == "SEV2"
    assert facts["Status"] == "Published"
    assert facts["Owner"] == "Director of Membership Marketing"
    assert facts["People affected"] == "180,000"
    assert facts["Personal data exposed"] == "No"
    assert facts["Duration from start to resolution"] == "Unknown"
    items = doc.select("#pb-timeline li")
    labels = [li.select_one(".timeline-label").get_text(" ", strip=True) for li in items]
    assert labels[:4] == ["Incident started", "Detected", "Mitigated", "Resolved"]
    assert [l.split(":")[0] for l in labels[4:]] == ["Step 1", "Step 2", "Step 5", "Step 6"]
    for li in items[4:]:
        a = li.select_one("a")
        assert resolve(dated, dated / "en" / "postmortems" / "seven-test-emails" / "index.html", a["href"])[0].exists()
    rows = doc.select("#pb-action-items tbody tr")
    assert [("is-open" in r["class"]) for r in rows] == [False, True]
    assert doc.select_one(".prose h2").get_text(strip=True).startswith("What happened")


def test_postmortem_pages_in_every_language(site):
    for lang in LANGS:
        for page in (site / lang / "postmortems").glob("*/index.html"):
            doc = soup(page)
            assert doc.select_one("#pb-facts") and doc.select_one("#pb-timeline") and doc.select_one("#pb-action-items"), page
            assert "{" not in doc.select_one("#pb-facts").get_text(), page


def test_postmortem_index_table_and_script(site):
    for lang in LANGS:
        page = site / lang / "postmortems" / "index.html"
        doc = soup(page)
        index = doc.select_one("[data-postmortem-index]")
        rows = index.select("tbody tr")
        assert rows
        for row in rows:
            assert row["data-severity"] in ("sev1", "sev2", "sev3")
            assert row["data-status"] in ("draft", "in-review", "published")
            assert re.fullmatch(r"(\d{4}-\d\d-\d\d)?", row["data-date"])
            assert resolve(site, page, row.select_one("a")["href"])[0].exists()
        assert {th["data-sort"] for th in index.select("thead th")} == {"title", "date", "severity", "status", "people"}
        scripts = [s["src"] for s in doc.find_all("script")]
        assert any(s.endswith("assets/postmortems.js") for s in scripts)
        feed = doc.find("link", rel="alternate", type="application/atom+xml")
        assert feed and resolve(site, page, feed["href"])[0] == site / lang / "postmortems" / "feed.xml"
    js = (site / "assets" / "postmortems.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "textContent" in js


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feed_is_valid_and_lists_field_postmortems(site, lang):
    root = ET.parse(site / lang / "postmortems" / "feed.xml").getroot()
    assert root.tag == ATOM + "feed"
    for name in ["id", "title", "updated", "author"]:
        assert root.find(ATOM + name) is not None, name
    assert root.find(ATOM + "link[@rel='self']") is not None
    entries = root.findall(ATOM + "entry")
    slugs = sorted(p.stem for p in (REPO / "content" / lang / "postmortems").glob("*.md")
                   if p.name != "_index.md" and "audience: field" in p.read_text(encoding="utf-8"))
    assert len(entries) == len(slugs)
    for e in entries:
        for name in ["id", "title", "updated"]:
            assert (e.find(ATOM + name).text or "").strip(), name
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e.find(ATOM + "updated").text)
        href = e.find(ATOM + "link").get("href")
        assert any(s in href for s in slugs)
    assert b"survey-gift-card" not in (site / lang / "postmortems" / "feed.xml").read_bytes()


# Apology templates -----------------------------------------------------------------------------

def front_matter(path):
    fm = path.read_text(encoding="utf-8").split("---")[1]
    return dict(re.findall(r'^(\w+): "?(.*?)"?$', fm, re.M))


@pytest.mark.parametrize("lang", LANGS)
def test_apology_page_email_preview_copy_and_eml(site, lang):
    for md in sorted((REPO / "content" / lang / "apologies").glob("*.md")):
        if md.name == "_index.md":
            continue
        fm = front_matter(md)
        page = site / lang / "apologies" / md.stem / "index.html"
        doc = soup(page)
        eml_path = page.parent / f"{md.stem}.eml"
        if fm.get("kind") == "guide":
            assert not doc.select_one("#pb-email") and not eml_path.exists()
            continue
        preview = doc.select_one("#pb-email")
        assert preview.select_one(".email-subject").get_text(strip=True) == fm["subject"]
        assert preview.select_one(".email-from").get_text(strip=True) == fm["from"]
        assert preview.select_one(".email-reply-to").get_text(strip=True) == fm["reply_to"]
        text = preview.select_one("pre#pb-email-text")
        assert text.has_attr("hidden") and text.get_text().strip()
        button = preview.select_one("button.copy-text")
        assert button["data-copy-target"] == "pb-email-text"
        download = preview.select_one("a[download]")
        assert resolve(site, page, download["href"])[0] == eml_path

        raw = eml_path.read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), "CRLF line endings only"
        assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert msg["Subject"] == fm["subject"]
        assert "=?UTF-8?B?" in msg.get("Subject", failobj="") or "=?UTF-8?B?" in raw.decode("ascii")
        assert msg["From"].addresses[0].addr_spec == re.search(r"<(.*)>", fm["from"]).group(1)
        assert msg["Reply-To"].addresses[0].addr_spec == fm["reply_to"]
        assert msg["Date"] is not None and msg["Message-ID"] is None
        assert msg.get_content_type() == "multipart/alternative"
        plain = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        assert plain.replace("\r\n", "\n").strip() == text.get_text().strip()
        assert "<html" in html and fm["subject"].replace("'", "&#39;").split()[0] in html
        assert raw.decode("ascii")  # 7-bit clean: every non-ASCII byte encoded


def test_eml_is_byte_identical_across_builds(dated, tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    again = tmp_path / "again"
    subprocess.run([BIN, "build", "--source", str(REPO), "--output", str(again)], check=True, env=env, capture_output=True)
    for path in dated.rglob("*"):
        if path.suffix in (".eml", ".xml", ".json", ".csv"):
            assert path.read_bytes() == (again / path.relative_to(dated)).read_bytes(), path


# playbook check --------------------------------------------------------------------------------

def test_check_passes_on_the_bundled_content():
    proc = run("check", "--source", str(REPO))
    assert proc.returncode == 0
    assert not [l for l in proc.stdout.splitlines() if ": error: " in l]
    report = json.loads(run("check", "--source", str(REPO), "--format", "json").stdout)
    assert report["errors"] == 0
    field = json.loads(run("check", "--source", str(REPO), "--format", "json", "--edition", "field").stdout)
    assert field["errors"] == 0


def test_check_reports_problems_with_lines_and_fails(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(REPO / "content", src / "content")
    shutil.copy(REPO / "playbook.yml", src / "playbook.yml")
    apology = src / "content" / "en" / "apologies" / "wrong-send.md"
    apology.write_text(apology.read_text(encoding="utf-8").replace('reply_to: "support@northwind.example"', 'reply_to: "no-reply@northwind.example"')
                       .replace("Hello,", "Hello <FirstName>,"), encoding="utf-8")
    pm = src / "content" / "en" / "postmortems" / "seven-test-emails.md"
    pm.write_text(pm.read_text(encoding="utf-8").replace("severity: sev2", "severity: high"), encoding="utf-8")
    step = src / "content" / "en" / "playbook" / "03-assess-the-damage.md"
    step.write_text(step.read_text(encoding="utf-8") + "\nSee [nowhere](02-put-out-the-fire.md#no-such-anchor).\n", encoding="utf-8")
    proc = run("check", "--source", str(src), check=False)
    assert proc.returncode == 1
    out = proc.stdout
    assert "content/en/apologies/wrong-send.md:6: error: [apology/no-reply]" in out
    assert re.search(r"content/en/apologies/wrong-send.md:\d+: error: \[apology/merge-tag\] unresolved merge tag `<FirstName>`", out)
    assert "content/en/postmortems/seven-test-emails.md:5: error: [schema/postmortem] `severity` is `high`" in out
    assert re.search(r"content/en/playbook/03-assess-the-damage.md:\d+: error: \[link/anchor\] link to `02-put-out-the-fire.md#no-such-anchor`: content/en/playbook/02-put-out-the-fire.md has no heading", out)
    report = json.loads(run("check", "--source", str(src), "--format", "json", check=False).stdout)
    assert report["errors"] == 4
    assert {p["rule"] for p in report["problems"]} >= {"apology/no-reply", "apology/merge-tag", "schema/postmortem", "link/anchor"}
    # build refuses the same tree and leaves the output alone
    out_dir = tmp_path / "out"
    proc = run("build", "--source", str(src), "--output", str(out_dir), check=False)
    assert proc.returncode != 0 and not out_dir.exists()


# playbook new ----------------------------------------------------------------------------------

def test_new_postmortem_and_apology(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(REPO / "content", src / "content")
    shutil.copy(REPO / "playbook.yml", src / "playbook.yml")
    proc = run("new", "postmortem", "Dubbele kortingscode", "--lang", "nl", "--source", str(src))
    path = src / "content" / "nl" / "postmortems" / "dubbele-kortingscode.md"
    assert path.exists() and "dubbele-kortingscode.md" in proc.stdout
    text = path.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.*)$", text, re.M)
    bundled = re.findall(r"^## (.*)$", (REPO / "content/nl/postmortems/seven-test-emails.md").read_text(encoding="utf-8"), re.M)
    assert headings == bundled
    again = run("new", "postmortem", "Dubbele kortingscode", "--lang", "nl", "--source", str(src), check=False)
    assert again.returncode != 0 and "already exists" in again.stderr
    assert path.read_text(encoding="utf-8") == text
    run("new", "apology", "Duplicate coupon", "--source", str(src))
    assert (src / "content" / "en" / "apologies" / "duplicate-coupon.md").exists()
    report = json.loads(run("check", "--source", str(src), "--format", "json").stdout)
    assert report["errors"] == 0


# Field edition ---------------------------------------------------------------------------------

def test_field_edition_drops_internal_fields_everywhere(site, field_site):
    internal_note = "Kept internal while the financial exposure is unknown"
    escalation_note = "Names and phone numbers live in the on-call tool"
    staff = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert escalation_note.encode() in staff  # shown to staff
    for path in field_site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for marker in [internal_note, escalation_note, "Internal fields", "survey-gift-card"]:
            assert marker.encode() not in data, f"{path}: {marker}"
    for lang in LANGS:
        assert (field_site / lang / "crisis-response.json").exists()
        assert (field_site / lang / "postmortems" / "feed.xml").exists()
        assert list((field_site / lang / "apologies").glob("*/*.eml"))


# Browser: the two small scripts ------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or ""
    try:
        service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
        driver = webdriver.Chrome(options=options, service=service)
    except Exception as e:  # no browser on this machine
        pytest.skip(f"no headless Chromium: {e}")
    yield driver
    driver.quit()


def test_postmortem_index_filters_and_sorts_in_the_browser(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    browser.get((site / "en" / "postmortems" / "index.html").as_uri())
    rows = lambda: [r for r in browser.find_elements(By.CSS_SELECTOR, "[data-postmortem-index] tbody tr")]
    visible = lambda: [r.get_attribute("data-severity") for r in rows() if r.is_displayed()]
    assert len(visible()) == 3
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=severity]")).select_by_value("sev3")
    assert visible() == ["sev3"]
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=severity]")).select_by_value("")
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=status]")).select_by_value("published")
    assert sorted(visible()) == ["sev2", "sev3"]
    assert "2" in browser.find_element(By.CSS_SELECTOR, ".table-count").text
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=status]")).select_by_value("")
    header = browser.find_element(By.CSS_SELECTOR, "th[data-sort=severity] button")
    header.click()
    assert visible() == sorted(visible())
    header.click()
    assert visible() == sorted(visible(), reverse=True)
    assert browser.find_element(By.CSS_SELECTOR, "th[data-sort=severity]").get_attribute("aria-sort") == "descending"


def test_copy_as_text_button_in_the_browser(site, browser):
    from selenium.webdriver.common.by import By
    browser.get((site / "en" / "apologies" / "wrong-send" / "index.html").as_uri())
    has_clipboard = browser.execute_script("return !!navigator.clipboard")
    button = browser.find_element(By.CSS_SELECTOR, "button.copy-text")
    assert button.is_displayed() == has_clipboard
    if has_clipboard:
        button.click()
        # Either the clipboard took it (label changes) or the text is shown for copying by hand.
        from selenium.webdriver.support.ui import WebDriverWait
        pre = browser.find_element(By.ID, "pb-email-text")
        WebDriverWait(browser, 5).until(lambda _: button.text == "Copied" or pre.is_displayed())
