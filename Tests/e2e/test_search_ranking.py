"""Search ranking in a real browser (issue #18): the page a person means comes first. One case
per kind of fault the issue lists, on a small site written to provoke it, and the bundled query
set (Tests/search-queries/bundled.tsv): every query has its page in the top 3."""
import pathlib
import re
import textwrap
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, build
from test_search import browser, page_of, results, search_page, type_in_box, wait  # noqa: F401  (fixtures)


def page(root, path, title, body, **front):
    f = root / "content" / path
    f.parent.mkdir(parents=True, exist_ok=True)
    meta = "".join(f"{k}: {v}\n" for k, v in front.items())
    f.write_text(f"---\ntitle: \"{title}\"\n{meta}---\n{textwrap.dedent(body)}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def ranking_site(tmp_path_factory):
    src = tmp_path_factory.mktemp("ranking") / "src"
    src.mkdir()
    (src / "playbook.yml").write_text(textwrap.dedent("""\
        title: T
        fallback_pages: true
        languages:
          - {code: en, name: English, locale: en}
          - {code: nl, name: Nederlands, locale: nl, fallback: [en]}
          - {code: pl, name: Polski, locale: pl, fallback: [en]}
        """))
    for lang in ("en", "nl", "pl"):
        page(src, f"{lang}/_index.md", "Home", "Hello.")
    # 1, 2: the title is the query; pages repeating it in the body, and rarer completions.
    page(src, "en/tools/ssh.md", "ssh", "Log in to another machine securely.\n\n## Connect\n\nOpen a session.")
    for name in ("sshd", "sshfs", "sshare"):
        page(src, f"en/tools/{name}.md", name, f"{name} works with ssh: ssh keys, ssh config, ssh agent, ssh ssh ssh.")
    page(src, "en/tools/tar.md", "tar", "Archiving utility.")
    page(src, "en/tools/tarsnap.md", "tarsnap", "Online backups: tarsnap keeps tar archives, tar tar tar.")
    page(src, "en/notices/breach.md", "Data breach notification", "Tell the people affected.")
    for i in range(3):
        page(src, f"en/notices/legal-{i}.md", f"Legal note {i}",
             "A data breach is data about a breach. The breach of data: data, data, breach, breach, breach.")
    # 3: a stem the typo backs off to, and the word it misspells.
    page(src, "en/tools/bench.md", "Workbench", "The bench and the benches of the bench.")
    page(src, "en/tools/hyperfine.md", "hyperfine", "A benchmark tool: run a benchmark of commands.")
    # 4: every word in one page; most of them in another; rare word against function words.
    page(src, "en/notes/all.md", "Rotation", "Rotate the zebra logs daily.")
    page(src, "en/notes/most.md", "Logs", "Rotate old logs weekly.")
    for i in range(8):  # as in a real Dutch site, "de" and "het" are on most pages
        page(src, f"nl/notes/filler-{i}.md", f"Notitie {i}", "De kat en het huis van de buren, de tuin en het dak.")
    page(src, "nl/notes/defrag.md", "Schijfonderhoud", "Defragmentatie maakt schijven sneller.")
    # 5: Dutch compounds.
    page(src, "nl/tools/bc.md", "bc", "Een rekenmachinetaal met willekeurige precisie.")
    page(src, "nl/tools/adguard.md", "adguardhome", "Netwerkbrede software voor het blokkeren van advertenties.")
    page(src, "nl/tools/other.md", "Overig", "Software voor het bewerken van tekst.")
    # 6: a fallback copy (English, in nl and pl) and a native page of the same strength.
    page(src, "en/notes/gift.md", "Gift card survey", "A survey with a gift card offer, apologizing for the delay.")
    page(src, "nl/notes/gift-nl.md", "Gift card survey", "A survey with a gift card offer.")
    # 7: Polish verbal nouns / imperatives / genitives, Dutch separable verbs and -ies plurals.
    page(src, "pl/tools/rm.md", "rm", "Usuwa pliki lub foldery.")
    page(src, "pl/tools/ytdl.md", "youtube-dl", "Pobieraj wideo i audio z YouTube.")
    page(src, "pl/tools/astronomer.md", "astronomer", "Wykrywaj fałszywe gwiazdki z kont botów.")
    page(src, "pl/tools/cp.md", "cp", "Kopiuje pliki i katalogi.")
    page(src, "pl/tools/other.md", "Inne", "Kopiowanie ustawień jest opisane gdzie indziej. Pobieranie też. Usuwanie też. Wykrywanie też.")
    page(src, "nl/tools/git-merge.md", "git merge", "Voeg branches samen.")
    page(src, "nl/tools/bat.md", "bat", "Bestanden tonen en samenvoegen.")
    page(src, "nl/tools/freshclam.md", "freshclam", "Update virus definities voor ClamAV.")
    # 1 (the lead): the page a summary's first clause defines, against pages that say the words
    # later in their summary or over and over in the body.
    page(src, "en/tools/tmux.md", "tmux", "Terminal multiplexer. Sessions with windows and panes.")
    page(src, "en/tools/wezterm.md", "wezterm", "A fast terminal emulator with tabs, a terminal multiplexer and more.")
    page(src, "en/tools/kitty.md", "kitty", "Runs commands.\n\n- Open a terminal multiplexer session in the terminal:\n\n"
         "- Attach to the multiplexer of another terminal, or a new terminal multiplexer:")
    # 4 (coverage): a title with one of the words against the page that has them all.
    page(src, "en/tools/nmap.md", "nmap", "Network exploration tool and port scanner.")
    page(src, "en/tools/osv-scanner.md", "osv-scanner", "Scan dependencies against a vulnerability database.")
    page(src, "en/tools/sonar-scanner.md", "sonar-scanner", "Analyse code quality.")
    for i in range(12):  # "port" is common, "scanner" rare: the title holds most of the weight
        page(src, f"en/net/port-{i}.md", f"Network note {i}", "Forward a port, open a port, close the port.")
    # Letter marks inside words (tldr's mnemonics): E[x]tract and [f]ile are "extract", "file".
    page(src, "en/tools/unpack.md", "unpack", "Archive helper.\n\n- E[x]tract an archive to a [f]ile:\n\n`unpack -x`")
    page(src, "en/tools/packer.md", "packer", "Archive helper.\n\n- Create an archive:\n\n`packer -c`")
    # 7: Dutch plurals with a doubled or voiced consonant.
    page(src, "nl/tools/mkdir.md", "mkdir", "Maak mappen aan en stel hun rechten in.")
    page(src, "nl/tools/unzip.md", "unzip", "Haal bestanden uit zip-archieven.")
    page(src, "nl/tools/kaart.md", "Kaart", "Een map in een archief.")
    out = src.parent / "public"
    build(out, source=src)
    return out


@pytest.fixture(scope="module")
def prominence_site(tmp_path_factory):
    """A site of its own: pages added to ranking_site would shift the word weights there."""
    src = tmp_path_factory.mktemp("prominence") / "src"
    src.mkdir()
    (src / "playbook.yml").write_text("title: T\nlanguages:\n  - {code: en, name: English, locale: en}\n")
    page(src, "en/_index.md", "Home", "Hello.")
    for i in range(6):  # the broad section
        page(src, f"en/tools/tool-{i}.md", f"Tool {i}", "Does one thing well.")
    # Prominence: pages that say the same; the one other pages refer to — by naming it in code
    # (`jq`), or by linking to it — first, whatever the site order ("jello" < "jq",
    # "archive" < "backup"); then the one in the broader section (tools, not appliance), then
    # the shorter title (the general page, "mv", before "git mv").
    page(src, "en/tools/jello.md", "jello", "Filter JSON documents with Python syntax.")
    page(src, "en/tools/jq.md", "jq", "Filter JSON documents with Python syntax.")
    for i in range(3):
        page(src, f"en/pipes/pipe-{i}.md", f"Pipe {i}", "Send the output on to `jq`.\n\nSee also: `jq`.")
    page(src, "en/ops/archive.md", "Archive", "Copy records offsite every night.")
    page(src, "en/ops/backup.md", "Backup", "Copy records offsite every night.")
    for i in range(3):
        page(src, f"en/ops/runbook-{i}.md", f"Runbook {i}", "Before a release, check the [backup](backup.md) ran.")
    page(src, "en/appliance/erase.md", "erase", "Wipe flash memory cards.")
    page(src, "en/tools/purge.md", "purge", "Wipe flash memory cards.")
    page(src, "en/tools/git-mv.md", "git mv", "Rename tracked folders in place.")
    page(src, "en/tools/mv.md", "mv", "Rename tracked folders in place.")
    out = src.parent / "public"
    build(out, source=src)
    return out


def top(driver, site, lang, query):
    return [page_of(p) for p, _, _ in search_page(driver, site.resolve().as_uri() + "/", lang, query)]


def test_1_title_and_exact_title_first(browser, ranking_site):
    assert top(browser, ranking_site, "en", "ssh")[0] == "en/tools/ssh/"
    assert top(browser, ranking_site, "en", "data breach")[0] == "en/notices/breach/"


def test_1_the_lead_clause_defines_the_page(browser, ranking_site):
    # tmux's summary starts "Terminal multiplexer."; wezterm has the words later in its summary,
    # kitty repeats them in its body.
    found = top(browser, ranking_site, "en", "terminal multiplexer")
    assert found[0] == "en/tools/tmux/", found
    assert {"en/tools/wezterm/", "en/tools/kitty/"} <= set(found), found


def test_2_exact_word_beats_its_completions(browser, ranking_site):
    # "tar" is typed last (a prefix): the rare completion "tarsnap" must not outrank the word.
    found = top(browser, ranking_site, "en", "tar")
    assert found[0] == "en/tools/tar/", found
    assert "en/tools/tarsnap/" in found  # still listed


def test_3_typo_correction_beats_stem_back_off(browser, ranking_site):
    found = top(browser, ranking_site, "en", "benchmrk ")
    assert found[0] == "en/tools/hyperfine/", found


def test_4_partial_matches_are_listed_and_weighed(browser, ranking_site):
    found = top(browser, ranking_site, "en", "rotate zebra logs ")
    assert found[:2] == ["en/notes/all/", "en/notes/most/"], found
    # No page has every word: the rare decisive word beats pages full of function words.
    found = top(browser, ranking_site, "nl", "de het defragmentatie ")
    assert found[0] == "nl/notes/defrag/", found


def test_4_a_title_with_one_word_does_not_beat_a_page_with_all(browser, ranking_site):
    found = top(browser, ranking_site, "en", "port scanner")
    assert found[0] == "en/tools/nmap/", found
    assert "en/tools/osv-scanner/" in found  # still listed


def test_letter_marks_inside_words(browser, ranking_site):
    # "E[x]tract an archive to a [f]ile": the words are extract and file, in the index and in
    # the snippet's highlight.
    shown = search_page(browser, ranking_site.resolve().as_uri() + "/", "en", "extract file")
    assert page_of(shown[0][0]) == "en/tools/unpack/", [page_of(p) for p, _, _ in shown]
    marks = [m.text for m in shown[0][2].find_elements(By.CSS_SELECTOR, ".search-result-snippet mark")]
    assert "E[x]tract" in marks and "[f]ile" in marks, marks


def test_5_dutch_compound_heads(browser, ranking_site):
    assert top(browser, ranking_site, "nl", "rekenmachine ")[0] == "nl/tools/bc/"
    # Not only the last word: a compound head anywhere in the query.
    assert top(browser, ranking_site, "nl", "netwerk software ")[0] == "nl/tools/adguard/"


def test_6_native_page_above_fallback_copy(browser, ranking_site):
    found = top(browser, ranking_site, "nl", "gift card survey")
    assert found[:2] == ["nl/notes/gift-nl/", "nl/notes/gift/"], found
    # The copy is stemmed as English: an English inflection finds it.
    assert top(browser, ranking_site, "pl", "apologize")[0] == "pl/notes/gift/"


def test_prominence_orders_equal_matches(browser, prominence_site):
    # Named in code by three pages, against its twin named by none (and first in site order).
    found = top(browser, prominence_site, "en", "json documents")
    assert found[:2] == ["en/tools/jq/", "en/tools/jello/"], found
    # Linked to by three pages.
    found = top(browser, prominence_site, "en", "records offsite")
    assert found[:2] == ["en/ops/backup/", "en/ops/archive/"], found
    # Nobody refers to either: the broader section (tools has most pages), then the shorter title.
    found = top(browser, prominence_site, "en", "flash memory cards")
    assert found[:2] == ["en/tools/purge/", "en/appliance/erase/"], found
    found = top(browser, prominence_site, "en", "tracked folders")
    assert found[:2] == ["en/tools/mv/", "en/tools/git-mv/"], found


def test_prominence_in_the_manifest(prominence_site):
    # Runs [level, count, …] over the documents, most referred-to first: jq and backup (three
    # pages refer to each: level 4) lead, and the runs cover every document.
    text = (prominence_site / "search" / "en" / "index.js").read_text(encoding="utf-8")
    n = int(re.search(r"\{n:(\d+)", text).group(1))
    runs = [int(x) for x in re.search(r",pr:\[([\d,]*)\]", text).group(1).split(",")]
    levels, counts = runs[0::2], runs[1::2]
    assert levels == sorted(levels, reverse=True) and sum(counts) == n, runs
    assert levels[0] == 4 and counts[0] == 2, runs


@pytest.mark.parametrize("lang,query,expected", [
    ("pl", "usuwanie plików", "pl/tools/rm/"),
    ("pl", "pobieranie wideo", "pl/tools/ytdl/"),
    ("pl", "wykrywanie fałszywych", "pl/tools/astronomer/"),
    ("pl", "kopiowania plików", "pl/tools/cp/"),
    ("nl", "branches samenvoegen", "nl/tools/git-merge/"),
    ("nl", "virus definitie", "nl/tools/freshclam/"),
])
def test_7_word_forms_the_stemmers_do_not_join(browser, ranking_site, lang, query, expected):
    assert top(browser, ranking_site, lang, query)[0] == expected


def test_7_dutch_plurals_with_doubled_or_voiced_consonant(browser, ranking_site):
    # The singular is on another page; the plural ("mappen", "zip-archieven") is joined to it.
    assert "nl/tools/mkdir/" in top(browser, ranking_site, "nl", "map ")
    assert "nl/tools/unzip/" in top(browser, ranking_site, "nl", "archief ")


def read_queries(name):
    out = []
    for line in (REPO / "Tests" / "search-queries" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(tuple(line.split("\t")))
    return out


def test_bundled_query_set_top_3(browser, site):
    """Every query of the bundled query set has its page in the top 3 (issue #18's target)."""
    misses = []
    for lang in ("en", "nl", "pl", "es"):
        browser.get(f"{site.resolve().as_uri()}/{lang}/search/index.html")
        wait(browser, lambda: browser.execute_script("return !!(window.PlaybookSearch && PlaybookSearch.widgets)"))
        for qlang, query, expected in read_queries("bundled.tsv"):
            if qlang != lang:
                continue
            urls = browser.execute_async_script("""
                var q = arguments[0], done = arguments[1], w = PlaybookSearch.widgets[0];
                w.input.value = q; w.run(); var seq = w.seq;
                (function poll() {
                  if (+w.box.getAttribute('data-ready') === seq)
                    done(Array.prototype.map.call(w.box.querySelectorAll('.search-result-link'), function (a) { return a.href; }).slice(0, 3));
                  else setTimeout(poll, 5);
                })();""", query)
            found = [page_of(urllib.parse.urlparse(u).path) for u in urls]
            if expected not in found:
                misses.append((lang, query, expected, found))
    assert not misses, misses


def test_snippets_hold_the_matched_words_and_the_box_shows_the_count(browser, site):
    base = site.resolve().as_uri() + "/"
    for lang, query in (("en", "merge tag"), ("en", "suppression list"), ("nl", "excuses aanbieden"), ("pl", "lista wykluczeń")):
        shown = search_page(browser, base, lang, query)
        for _, _, link in shown[:5]:
            snippet = link.find_element(By.CSS_SELECTOR, ".search-result-snippet")
            assert snippet.find_elements(By.CSS_SELECTOR, "mark"), (query, snippet.text)
    shown = type_in_box(browser, base, "en", "apology")
    count = browser.find_element(By.CSS_SELECTOR, ".search-box .search-count")
    n = int(browser.find_element(By.CSS_SELECTOR, ".search-box .search-status").get_attribute("data-count"))
    assert count.is_displayed() and count.text == f"{n} results", count.text
