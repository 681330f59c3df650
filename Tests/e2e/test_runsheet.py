"""Checklists and the incident run sheet in headless Chromium (over HTTP and from file://, in
every language), `playbook new postmortem --from LOG`, and the postmortem charts (shape,
byte-identical rebuilds, nothing internal in the field edition)."""
import json
import pathlib
import re
import shutil
import time

import pytest
from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By

from conftest import REPO, build, run

LANGS = ["en", "nl", "pl", "es"]
ISO_ZONED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")

DATED = """---
title: "{title}"
summary: "A test incident."
date: {day}
severity: {severity}
status: published
audience: {audience}
owner: "Ops"
incident:
  started: {day}T09:00:00+01:00
  detected: {day}T09:20:00+01:00
  mitigated: {day}T10:00:00+01:00
  resolved: unknown
impact:
  people_affected: 10
  segments: []
  personal_data_exposed: false
steps_taken:
  - {{step: 2, at: {day}T09:30:00+01:00, note: "Paused the send"}}
  - {{step: 3, at: unknown, note: "Counted recipients"}}
action_items:
  - {{what: "Fix the segment", owner: "{owner}", due: 2020-01-01, done: false}}
  - {{what: "Write it down", owner: "Ops", due: 2999-01-01, done: false}}
tags: []
---

## What happened

A test.
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A copy of the bundled source with three dated postmortems per language: one internal."""
    root = tmp_path_factory.mktemp("runsheet-src")
    for name in ["content", "templates"]:
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "playbook.yml", root / "playbook.yml")
    for lang in LANGS:
        folder = root / "content" / lang / "postmortems"
        for slug, day, sev, aud, owner in [("test-early", "2024-03-05", "sev1", "field", "Marketing"),
                                           ("test-late", "2024-09-17", "sev3", "field", "Ops"),
                                           ("test-secret", "2024-06-02", "sev2", "internal", "Secret owner")]:
            (folder / f"{slug}.md").write_text(DATED.format(title=f"Chart {slug} {lang}", day=day, severity=sev,
                                                             audience=aud, owner=owner), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(source, tmp_path_factory):
    out = tmp_path_factory.mktemp("runsheet-site") / "public"
    build(out, source=source)
    return out


@pytest.fixture(params=["http", "file"])
def base(request, built, http_server):
    return http_server(built) if request.param == "http" else built.as_uri() + "/"


def soup(path):
    return BeautifulSoup(pathlib.Path(path).read_text(encoding="utf-8"), "html.parser")


def step_urls(built, lang):
    """Step number → page path under the site, from the language's summary table."""
    table = soup(built / lang / "index.html").select("#pb-summary-table tbody tr")
    out = {}
    for row in table:
        a = row.select_one("th a")
        out[int(a.select_one(".step-number").get_text())] = (lang + "/" + a["href"]).replace("/./", "/")
    return out


def wait(driver, condition, timeout=10, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def boxes(browser):
    return browser.find_elements(By.CSS_SELECTOR, ".prose .task-box")


def live(browser):
    """The live run sheet (its script loads after the page) is shown."""
    return wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#pb-runsheet.is-live"), what="the live run sheet")


def click(browser, selector):
    el = browser.find_element(By.CSS_SELECTOR, selector)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()
    return el


def test_checklists_are_labelled_checkboxes(built):
    page = soup(built / "en/playbook/02-put-out-the-fire/index.html")
    inputs = page.select(".prose input[type=checkbox]")
    assert len(inputs) == 8
    for box in inputs:
        assert not box.has_attr("disabled")
        label = box.find_parent("label")
        assert label is not None and len(label.get_text(strip=True)) > 10, "each checkbox sits in a label with its text"


def test_ticks_outside_an_incident_survive_a_reload_and_can_be_cleared(browser, base):
    browser.get(base + "en/playbook/questions-and-answers/index.html")
    browser.execute_script("localStorage.clear()")
    browser.get(base + "en/playbook/02-put-out-the-fire/index.html")
    boxes(browser)[3].click()
    browser.refresh()
    assert [b.is_selected() for b in boxes(browser)][:5] == [False, False, False, True, False], "a ticked checklist item survives a reload"
    # The same step in another language shares the checklist.
    browser.get(base + "pl/playbook/02-put-out-the-fire/index.html")
    assert boxes(browser)[3].is_selected()
    click(browser, ".checklist-hint button")
    browser.refresh()
    assert not any(b.is_selected() for b in boxes(browser))
    assert browser.find_element(By.ID, "pb-runsheet").is_displayed()
    assert not browser.find_elements(By.CSS_SELECTOR, "#pb-runsheet.is-live"), "ticks outside an incident start none"
    scripts = browser.execute_script("return [].map.call(document.scripts, function (s) { return s.src; })")
    assert not any("runsheet-live.js" in s for s in scripts), "the live run sheet loads only during an incident"


@pytest.mark.parametrize("lang", LANGS)
def test_run_sheet_from_start_to_postmortem(browser, base, built, source, lang, tmp_path):
    steps = step_urls(built, lang)
    browser.get(base + steps[1])
    browser.execute_script("localStorage.clear()")
    browser.refresh()
    click(browser, "[data-rs=start]")
    live(browser)
    step1 = [b.find_element(By.XPATH, "..").text.strip() for b in boxes(browser)]
    boxes(browser)[0].click()
    boxes(browser)[2].click()
    times = browser.find_elements(By.CSS_SELECTOR, ".prose .task-time")
    assert len(times) == 2, "each tick shows its time"
    note = browser.find_element(By.CSS_SELECTOR, "[data-rs-note]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", note)
    note.send_keys("Owner named: Ana")
    # A second step page, through a link (as a reader moves on).
    browser.get(base + steps[2])
    step2 = [b.find_element(By.XPATH, "..").text.strip() for b in boxes(browser)]
    boxes(browser)[1].click()
    browser.refresh()
    assert [b.is_selected() for b in boxes(browser)][:3] == [False, True, False]
    live(browser)
    click(browser, "details.runsheet-more summary")
    click(browser, "[data-rs-stamp=detected]")

    # The home page: progress per step, elapsed time, next item.
    browser.get(base + lang + "/index.html")
    live(browser)
    cells = {c.get_attribute("data-rs-step"): c.text for c in browser.find_elements(By.CSS_SELECTOR, "td.rs-col")}
    assert re.search(r"\b2\b.*\b7\b", cells["1"]) and re.search(r"\b1\b.*\b8\b", cells["2"]) and re.search(r"\b0\b.*\b9\b", cells["3"]), cells
    assert browser.find_element(By.CSS_SELECTOR, "th.rs-col").is_displayed()
    assert re.search(r"\d", browser.find_element(By.CSS_SELECTOR, "[data-rs-field=elapsed]").text)
    assert step1[1] in browser.find_element(By.CSS_SELECTOR, "[data-rs-field=next]").text, "the next unticked item is named"

    # Milestones can be typed (and changed afterwards), in the browser's time zone.
    typed = browser.execute_script("""
        var el = document.getElementById('pb-rs-mitigated'), d = new Date(Date.now() + 3600000);
        var p = function (n) { return (n < 10 ? '0' : '') + n; };
        el.value = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
        el.dispatchEvent(new Event('change', {bubbles: true}));
        return el.value;""")

    # Status update, in the page's language.
    click(browser, "[data-rs=copy]")
    status = browser.find_element(By.CSS_SELECTOR, "[data-rs-field=status-text]").get_attribute("value")
    assert "Ana" in status and step1[1] in status

    # Download the log.
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    click(browser, "[data-rs=download]")
    log_path = wait(browser, lambda: next(iter(tmp_path.glob("incident-log-*.json")), None), what="the downloaded log")
    time.sleep(0.2)
    log = json.loads(log_path.read_text(encoding="utf-8"))
    assert log["format"] == "playbook-incident-log" and log["language"] == lang
    assert ISO_ZONED.match(log["started"]) and ISO_ZONED.match(log["detected"]) and log["resolved"] is None
    assert log["mitigated"].startswith(typed + ":00") and ISO_ZONED.match(log["mitigated"])
    s1, s2 = log["steps"][0], log["steps"][1]
    assert [i["text"] for i in s1["items"]] == step1 and [i["text"] for i in s2["items"]] == step2, "item text in the page's language"
    assert [i["done"] for i in s1["items"]][:3] == [True, False, True] and s1["note"] == "Owner named: Ana"
    assert all(ISO_ZONED.match(i["at"]) for i in s1["items"] + s2["items"] if i["done"])
    assert s2["items"][1]["done"]

    # The log becomes a postmortem that builds and checks clean.
    tree = tmp_path / "tree"
    shutil.copytree(source, tree)
    made = run("new", "postmortem", f"Run sheet test {lang}", "--from", str(log_path), "--source", str(tree))
    created = tree / made.stdout.split()[-1]
    text = created.read_text(encoding="utf-8")
    assert f"content/{lang}/postmortems/" in made.stdout, "the log's language is the default"
    assert f"started: {log['started']}" in text and f"detected: {log['detected']}" in text
    assert f"mitigated: {log['mitigated']}" in text and "resolved: unknown" in text
    assert "{step: 1, at: " + s1["items"][0]["at"] + ', note: "Owner named: Ana"}' in text
    assert "{step: 2, at: " + s2["items"][1]["at"] in text
    check = run("check", "--source", str(tree), "--format", "json", check=False)
    report = json.loads(check.stdout)
    # Clean: no error anywhere; about the new file only translation status (it exists in one
    # language: other languages miss it, and outside the source language it has no original).
    mine = [p for p in report["diagnostics"] if created.name in p["file"] and not p["rule"].startswith("translation/")]
    assert check.returncode == 0 and report["errors"] == 0 and not mine, check.stdout
    out = tmp_path / "out"
    build(out, source=tree)
    page = soup(out / lang / "postmortems" / created.stem / "index.html")
    marks = page.select("#pb-chart-timeline circle.mark")
    assert len(marks) == 6, "one mark per event: four milestones and two steps taken"
    assert len(page.select("#pb-chart-timeline circle.unknown")) == 1, "resolved shown as unknown"
    assert len(page.select(".prose ul li")) >= 3, "the timeline of ticks is in the body"

    # Start over ends the incident.
    browser.get(base + lang + "/index.html")
    live(browser)
    click(browser, "[data-rs=reset]")
    browser.switch_to.alert.accept()
    assert not browser.find_elements(By.CSS_SELECTOR, "#pb-runsheet.is-live")
    assert not browser.find_element(By.CSS_SELECTOR, "th.rs-col").is_displayed()


def test_from_file_the_state_travels_in_links_when_storage_is_not_shared(browser, built):
    """Firefox gives each file:// page its own storage; Chromium shares it. Emptying storage
    before following a link stands in for the next page's separate storage."""
    base = built.as_uri() + "/"
    browser.get(base + "en/playbook/01-own-the-problem/index.html")
    browser.execute_script("localStorage.clear()")
    browser.refresh()
    click(browser, "[data-rs=start]")
    live(browser)
    boxes(browser)[0].click()
    browser.execute_script("localStorage.clear()")
    link = browser.find_element(By.CSS_SELECTOR, ".sidebar a[href*='02-put-out-the-fire']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    wait(browser, lambda: "02-put-out-the-fire" in browser.current_url, what="step 2")
    assert "pbrun=" not in browser.current_url, "the address is cleaned after reading"
    stored = json.loads(browser.execute_script("return localStorage.getItem('playbook-runsheet')"))
    assert stored["i"] and stored["i"]["k"]["1.0"][0], "the incident and its tick arrived with the link"
    live(browser)


def test_a_malformed_log_is_a_clear_error(tmp_path, source):
    bad = tmp_path / "log.json"
    bad.write_text(json.dumps({"format": "playbook-incident-log", "version": 1, "started": "2024-03-05T09:00:00+01:00",
                               "steps": [{"step": 2, "note": "", "items": [{"text": "x", "done": True, "at": "09:12"}]}]}))
    proc = run("new", "postmortem", "Bad", "--from", str(bad), "--source", str(source), check=False)
    assert proc.returncode != 0
    assert str(bad) in proc.stderr and "steps[0].items[0].at" in proc.stderr and "ISO 8601" in proc.stderr
    bad.write_text("{\"format\": ")
    proc = run("new", "postmortem", "Bad", "--from", str(bad), "--source", str(source), check=False)
    assert proc.returncode != 0 and "not valid JSON" in proc.stderr
    bad.write_text(json.dumps({"hello": 1}))
    proc = run("new", "postmortem", "Bad", "--from", str(bad), "--source", str(source), check=False)
    assert proc.returncode != 0 and "not an incident log" in proc.stderr
    assert not list((source / "content/en/postmortems").glob("bad*.md")), "nothing written"


@pytest.mark.parametrize("lang", LANGS)
def test_section_charts_have_axes_and_one_mark_per_incident(built, lang):
    page = soup(built / lang / "postmortems/index.html")
    rows = page.select("#pb-postmortem-index tbody tr")
    incidents = page.select("#pb-chart-incidents svg circle.mark")
    assert len(incidents) == len(rows) >= 6
    assert len(page.select("#pb-chart-incidents svg line.axis")) >= 2
    assert len(page.select("#pb-chart-times svg rect.mark")) == 3 * len(rows)
    for fig in page.select("figure.chart"):
        svg = fig.select_one("svg")
        assert svg["role"] == "img" and svg.select_one("desc").get_text(strip=True), "a text alternative"
        assert fig.select("details table tbody tr"), "the numbers as a table"
        assert not fig.select("[style]"), "no inline styles (CSP)"
    owners = [t.get_text() for t in page.select("#pb-chart-actions details tbody th")]
    assert "Secret owner" in owners and "Ops" in owners


def test_charts_are_byte_identical_across_builds(source, built, tmp_path):
    again = tmp_path / "again"
    build(again, source=source)
    for lang in LANGS:
        for rel in [f"{lang}/postmortems/index.html", f"{lang}/postmortems/test-early/index.html"]:
            assert (built / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_field_edition_charts_show_no_internal_postmortem(source, tmp_path):
    out = tmp_path / "field"
    build(out, "--edition", "field", source=source)
    for lang in LANGS:
        page = soup(out / lang / "postmortems/index.html")
        charts = " ".join(str(f) for f in page.select("figure.chart"))
        assert "test-secret" not in charts and "Secret owner" not in charts
        assert len(page.select("#pb-chart-incidents circle.mark")) == len(page.select("#pb-postmortem-index tbody tr"))
        for path in (out / lang).rglob("*.html"):
            assert "Secret owner" not in path.read_text(encoding="utf-8"), path
