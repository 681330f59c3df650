"""Translators' workflow on a git-initialised fixture: what changed since a translation was made,
segment status, and the XLIFF / PO round trip (checked with polib and the OASIS XLIFF schema)."""
import json
import pathlib
import shutil
import subprocess
import xml.etree.ElementTree as ET

import polib
import pytest
import xmlschema

from conftest import build, run
from html_helpers import soup

SCHEMA = pathlib.Path(__file__).parent / "schemas" / "xliff_core_2.0.xsd"
XLF = "urn:oasis:names:tc:xliff:document:2.0"
PAGE = "content/pl/playbook/02-put-out-the-fire.md"
SOURCE = "content/en/playbook/02-put-out-the-fire.md"

CONFIG = """title: Fixture
languages:
  - {code: en, name: English, locale: en}
  - {code: pl, name: Polski, locale: pl}
"""

EN_V1 = """---
title: Put out the fire
weight: 2
---
## Stop the send

Pause the campaign in the sending platform. See [step 1](01-own-the-problem.md) and run `pause --all`.

Tell the on-call lead.

## Contain

- Suppress the wrong segment
- Check the logs

| Who | What |
|---|---|
| Lead | Decides |

This paragraph goes away later.
"""

# One paragraph edited (a word and its link text), one added, one removed.
EN_V2 = EN_V1.replace(
    "Pause the campaign in the sending platform. See [step 1](01-own-the-problem.md) and run `pause --all`.",
    "Pause the whole campaign in the sending platform. See [the first step](01-own-the-problem.md) and run `pause --all`.",
).replace("Tell the on-call lead.\n", "Tell the on-call lead.\n\nWrite down when you paused it.\n").replace(
    "\nThis paragraph goes away later.\n", "")

PL_BODY = """## Zatrzymaj wysyłkę

Wstrzymaj kampanię na platformie wysyłkowej. Zobacz [krok 1](01-own-the-problem.md) i uruchom `pause --all`.

Powiadom dyżurnego.

## Ogranicz

- Wyklucz zły segment
- Sprawdź logi

| Kto | Co |
|---|---|
| Lider | Decyduje |

Ten akapit później zniknie.
"""

# What a translator would write by hand for EN_V2 (the round trips must give exactly this).
PL_V2_BODY = PL_BODY.replace(
    "Wstrzymaj kampanię na platformie wysyłkowej. Zobacz [krok 1](01-own-the-problem.md) i uruchom `pause --all`.",
    "Wstrzymaj całą kampanię na platformie wysyłkowej. Zobacz [pierwszy krok](01-own-the-problem.md) i uruchom `pause --all`.",
).replace("Powiadom dyżurnego.\n", "Powiadom dyżurnego.\n\nZapisz, kiedy ją wstrzymano.\n").replace(
    "\nTen akapit później zniknie.\n", "")

TRANSLATIONS = {
    "s2": "Wstrzymaj całą kampanię na platformie wysyłkowej. Zobacz {1}pierwszy krok{/1} i uruchom {2}.",
    "s4": "Zapisz, kiedy ją wstrzymano.",
}


def git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path):
    """en v1 translated into pl (with `new translation`), committed; then en v2 committed."""
    root = tmp_path / "src"
    (root / "content" / "en" / "playbook").mkdir(parents=True)
    (root / "playbook.yml").write_text(CONFIG, encoding="utf-8")
    (root / "content" / "en" / "_index.md").write_text("---\ntitle: Home\n---\nWelcome.\n", encoding="utf-8")
    (root / "content" / "en" / "playbook" / "01-own-the-problem.md").write_text("---\ntitle: Own the problem\nweight: 1\n---\nOwn it.\n", encoding="utf-8")
    (root / SOURCE).write_text(EN_V1, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "English v1")
    run("new", "translation", SOURCE, "--lang", "pl", "--source", str(root))
    made = (root / PAGE).read_text(encoding="utf-8")
    head = made[: made.index("---\n", 4) + 4].replace("title: Put out the fire", "title: Ugaś pożar")
    (root / PAGE).write_text(head + PL_BODY, encoding="utf-8")
    # The untracked home page: a translation that records no source_hash.
    (root / "content" / "pl" / "_index.md").write_text("---\ntitle: Start\n---\nWitamy.\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Polish translation")
    (root / SOURCE).write_text(EN_V2, encoding="utf-8")
    git(root, "commit", "-qam", "English v2")
    return root


def test_diff_names_exactly_the_edited_added_and_removed_paragraphs(tree):
    out = run("translations", "--source", str(tree), "--diff", PAGE).stdout
    assert "is stale" in out and "the version it was translated from" in out
    assert "1 of 12 segments changed, 1 added, 1 removed" in out
    blocks = [line for line in out.splitlines() if line and not line.startswith(" ") and line.split()[0] in ("changed", "added", "removed")]
    assert blocks == [
        "changed paragraph s2, line 7, under “Stop the send”:",
        "added paragraph s4, line 11, under “Stop the send”:",
        "removed paragraph s11, line 20, under “Contain” (of the old version):",
    ]
    assert "Pause the {+whole +}campaign" in out
    assert "See [[-step-]{+the+} [-1-]{+first step+}]" in out
    assert "{+Write down when you paused it.+}" in out
    assert "[-This paragraph goes away later.-]" in out


def test_diff_says_plainly_when_the_history_is_missing(tree, tmp_path):
    copy = tmp_path / "nogit"
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns(".git"))
    out = run("translations", "--source", str(copy), "--diff", PAGE).stdout
    assert "no git history here" in out
    # The recorded source_segments still give the counts.
    assert "1 of 12 segments changed, 1 added, 1 removed" in out
    # Shallow clone: the version translated from is not in it.
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{tree}", str(shallow)], check=True, capture_output=True)
    out = run("translations", "--source", str(shallow), "--diff", PAGE).stdout
    assert "shallow clone" in out and "git fetch --unshallow" in out


def test_segment_counts_in_json_and_untracked_apart(tree):
    data = json.loads(run("translations", "--source", str(tree), "--format", "json").stdout)
    pl = data["languages"]["pl"]
    assert pl["stale"]["paths"] == [PAGE]
    assert pl["untracked"]["paths"] == ["content/pl/_index.md"]
    seg = pl["stale_segments"][PAGE]
    assert (seg["total"], seg["changed"], seg["added"], seg["removed"]) == (12, 1, 1, 1)
    assert seg["sections"] == ["Stop the send"]


def test_dashboard_and_banner_show_what_changed(tree, tmp_path):
    out = tmp_path / "public"
    build(out, source=tree)
    dash = soup(out / "pl" / "translations" / "index.html")
    row = dash.find(id="lang-pl").find_all("td")
    assert [td.get_text() for td in row] == ["0", "1", "1", "1", "0"]  # translated, stale, untracked, missing, orphaned
    item = dash.find("li", class_="state-stale")
    assert item.find(class_="segment-counts").get_text().startswith("Zmienione segmenty: 1 z 12, dodane: 1, usunięte: 1")
    blocks = item.find_all("li", class_=lambda c: c and c.startswith("change-"))
    assert [b["class"][0] for b in blocks] == ["change-changed", "change-added", "change-removed"]
    assert [i.get_text() for i in blocks[0].find_all("ins")] == ["whole ", "the", "first step"]
    assert [d.get_text() for d in blocks[0].find_all("del")] == ["step", "1"]
    banner = soup(out / "pl" / "playbook" / "02-put-out-the-fire" / "index.html").find(class_="notice-stale")
    link = banner.find(class_="stale-sections").find("a")
    assert link.get_text() == "Stop the send"
    assert link["href"] == "../../../en/playbook/02-put-out-the-fire/index.html#stop-the-send"
    # An untracked translation gets no banner.
    assert soup(out / "pl" / "index.html").find(class_="notice-stale") is None


def hand_made(tree):
    """The translation a person would write for v2, with the record `--mark-current` writes."""
    current = (tree / PAGE).read_text(encoding="utf-8")
    head = current[: current.index("---\n", 4) + 4]
    (tree / PAGE).write_text(head + PL_V2_BODY, encoding="utf-8")
    run("translations", "--source", str(tree), "--mark-current", PAGE)
    expected = (tree / PAGE).read_bytes()
    (tree / PAGE).write_text(current, encoding="utf-8")
    return expected


def test_po_round_trip_gives_the_hand_made_translation(tree, tmp_path):
    expected = hand_made(tree)
    po_path = tmp_path / "pl.po"
    run("translations", "--source", str(tree), "--export", "po", "--lang", "pl", SOURCE, "--output", str(po_path))
    po = polib.pofile(str(po_path))
    assert po.metadata["Language"] == "pl"
    entries = {e.msgctxt: e for e in po}
    assert set(entries) == {f"{PAGE}#s2", f"{PAGE}#s4"}
    changed = entries[f"{PAGE}#s2"]
    assert changed.msgid == "Pause the whole campaign in the sending platform. See {1}the first step{/1} and run {2}."
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "Pause the campaign in the sending platform. See {1}step 1{/1} and run {2}."
    assert changed.msgstr == "Wstrzymaj kampanię na platformie wysyłkowej. Zobacz {1}krok 1{/1} i uruchom {2}."
    assert entries[f"{PAGE}#s4"].msgstr == "" and "fuzzy" not in entries[f"{PAGE}#s4"].flags
    # Import refuses while an entry is still fuzzy or empty, and writes nothing.
    before = (tree / PAGE).read_bytes()
    refused = run("translations", "--source", str(tree), "--import", str(po_path), check=False)
    assert refused.returncode == 1 and "s2" in refused.stderr and "s4" in refused.stderr
    assert (tree / PAGE).read_bytes() == before
    # A translator in Poedit: translate, clear fuzzy, save (polib writes its own layout).
    for ctx, text in TRANSLATIONS.items():
        e = entries[f"{PAGE}#{ctx}"]
        e.msgstr = text
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    po.save(str(po_path))
    run("translations", "--source", str(tree), "--import", str(po_path))
    assert (tree / PAGE).read_bytes() == expected
    status = json.loads(run("translations", "--source", str(tree), "--format", "json").stdout)
    assert status["languages"]["pl"]["translated"]["paths"] == [PAGE]


def test_po_import_refuses_broken_placeholders_and_older_sources(tree, tmp_path):
    po_path = tmp_path / "pl.po"
    run("translations", "--source", str(tree), "--export", "po", "--lang", "pl", "--output", str(po_path))
    po = polib.pofile(str(po_path))
    for e in po:
        e.flags = [f for f in e.flags if f != "fuzzy"]
        e.msgstr = TRANSLATIONS.get(e.msgctxt.split("#")[1], "Coś")
    entry = next(e for e in po if e.msgctxt == f"{PAGE}#s2")
    entry.msgstr = "Wstrzymaj kampanię. Zobacz pierwszy krok i uruchom {2}."
    po.save(str(po_path))
    before = (tree / PAGE).read_bytes()
    refused = run("translations", "--source", str(tree), "--import", str(po_path), check=False)
    assert refused.returncode == 1
    assert "unit s2: placeholder 1 ([…](01-own-the-problem.md)) missing" in refused.stderr
    assert (tree / PAGE).read_bytes() == before
    assert not (tree / "content" / "pl" / "playbook" / "01-own-the-problem.md").exists()
    # The source changes after the export: the file is refused as made from an older source.
    entry.msgstr = TRANSLATIONS["s2"]
    po.save(str(po_path))
    (tree / SOURCE).write_text(EN_V2 + "\nOne more line.\n", encoding="utf-8")
    refused = run("translations", "--source", str(tree), "--import", str(po_path), check=False)
    assert refused.returncode == 1 and "made from an older version" in refused.stderr
    assert (tree / PAGE).read_bytes() == before


def test_xliff_is_valid_and_round_trips(tree, tmp_path):
    expected = hand_made(tree)
    path = tmp_path / "pl.xlf"
    run("translations", "--source", str(tree), "--export", "xliff", "--lang", "pl", "content/pl/playbook/", "--output", str(path))
    schema = xmlschema.XMLSchema(str(SCHEMA))
    schema.validate(str(path))
    # The schema check can fail: a state outside the enumeration is rejected.
    broken = path.read_text(encoding="utf-8").replace("state=\"initial\"", "state=\"done\"", 1)
    assert not schema.is_valid(broken)

    ET.register_namespace("", XLF)
    doc = ET.parse(path)
    ns = {"x": XLF}
    files = {f.get("original"): f for f in doc.getroot().findall("x:file", ns)}
    assert set(files) == {PAGE, "content/pl/playbook/01-own-the-problem.md"}
    units = {u.get("id"): u for u in files[PAGE].findall("x:unit", ns)}
    assert set(units) == {"s2", "s4"}
    source = units["s2"].find("x:segment/x:source", ns)
    assert [el.tag.split("}")[1] for el in source] == ["pc", "ph"]
    assert units["s2"].find("x:segment/x:target", ns) is not None  # the old translation, to review
    # A translator's tool: set the targets, mark them translated.
    for uid, words in {"s2": ("Wstrzymaj całą kampanię na platformie wysyłkowej. Zobacz ", "pierwszy krok", " i uruchom ", "."),
                       "s4": ("Zapisz, kiedy ją wstrzymano.",)}.items():
        seg = units[uid].find("x:segment", ns)
        seg.set("state", "translated")
        old = seg.find("x:target", ns)
        if old is not None:
            seg.remove(old)
        target = ET.SubElement(seg, f"{{{XLF}}}target")
        target.text = words[0]
        if len(words) > 1:
            pc = ET.SubElement(target, f"{{{XLF}}}pc", {"id": "1", "dataRefStart": "d1s", "dataRefEnd": "d1e"})
            pc.text = words[1]
            pc.tail = words[2]
            ph = ET.SubElement(target, f"{{{XLF}}}ph", {"id": "2", "dataRef": "d2"})
            ph.tail = words[3]
    # Only the stale page is imported: drop the other file's units from the exchange.
    doc.getroot().remove(files["content/pl/playbook/01-own-the-problem.md"])
    doc.write(path, encoding="UTF-8", xml_declaration=True)
    schema.validate(str(path))
    run("translations", "--source", str(tree), "--import", str(path))
    assert (tree / PAGE).read_bytes() == expected


def test_xliff_import_writes_a_new_translation(tree, tmp_path):
    path = tmp_path / "pl.xlf"
    run("translations", "--source", str(tree), "--export", "xliff", "--lang", "pl",
        "content/en/playbook/01-own-the-problem.md", "--output", str(path))
    text = path.read_text(encoding="utf-8")
    text = text.replace("<source>Own the problem</source>", "<source>Own the problem</source>\n<target>Weź odpowiedzialność</target>")
    text = text.replace("<source>Own it.</source>", "<source>Own it.</source>\n<target>Przyznaj się.</target>")
    text = text.replace("state=\"initial\"", "state=\"final\"")
    path.write_text(text, encoding="utf-8")
    run("translations", "--source", str(tree), "--import", str(path))
    written = (tree / "content" / "pl" / "playbook" / "01-own-the-problem.md").read_text(encoding="utf-8")
    assert written.startswith("---\ntitle: \"Weź odpowiedzialność\"\nsource_hash: \"")
    assert written.endswith("---\nPrzyznaj się.\n")
    status = json.loads(run("translations", "--source", str(tree), "--format", "json").stdout)
    assert "content/pl/playbook/01-own-the-problem.md" in status["languages"]["pl"]["translated"]["paths"]
