"""Search in a real browser: headless Chromium loads the built bundled site from disk (file://)
and over a local HTTP server, types queries in each language and checks results, highlights,
deep links, filters, keyboard use and that nothing is loaded from outside the site."""
import functools
import http.server
import shutil
import socket
import threading
import time
import urllib.parse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import StaleElementReferenceException

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(site):
    """The built site over HTTP on 127.0.0.1, on a free port, for this module only."""
    handler = functools.partial(QuietHandler, directory=str(site))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module", params=["file", "http"])
def base(request, site):
    if request.param == "file":
        return site.resolve().as_uri() + "/"
    return request.getfixturevalue("server")


def wait(driver, condition, timeout=10, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        try:
            value = condition()
        except StaleElementReferenceException:  # the list was re-rendered meanwhile
            value = None
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError(f"timed out waiting for {what}")


def results(driver, container=".search"):
    """[(site-relative path, fragment, link element)] of the shown results."""
    out = []
    for a in driver.find_elements(By.CSS_SELECTOR, f"{container} .search-result-link"):
        href = a.get_attribute("href")
        parsed = urllib.parse.urlparse(href)
        path = parsed.path
        out.append((path, parsed.fragment, a))
    return out


def page_of(path):
    """'/tmp/.../public/en/playbook/x/index.html' → 'en/playbook/x/'."""
    for lang in ("/en/", "/nl/", "/pl/", "/es/"):
        i = path.rfind(lang)
        if i >= 0:
            rest = path[i + 1:]
            assert rest.endswith("index.html"), path
            return rest[: -len("index.html")]
    raise AssertionError(path)


def search_page(driver, base, lang, query, **params):
    q = urllib.parse.urlencode({"q": query, **params})
    driver.get(f"{base}{lang}/search/index.html?{q}")
    return wait_results(driver, ".search-full")


def wait_results(driver, container):
    box = driver.find_element(By.CSS_SELECTOR, container)
    wait(driver, lambda: box.get_attribute("data-ready"), what="search results")
    return results(driver, container)


def type_in_box(driver, base, lang, query, page="index.html"):
    driver.get(f"{base}{lang}/{page}")
    box = driver.find_element(By.CSS_SELECTOR, ".search-box input")
    box.send_keys(query)
    wait(driver, lambda: driver.find_element(By.CSS_SELECTOR, ".search-box").get_attribute("data-ready"), what="results")
    time.sleep(0.2)  # as-you-type: let the last keystroke's query settle
    last = driver.find_element(By.CSS_SELECTOR, ".search-box").get_attribute("data-ready")
    wait(driver, lambda: driver.execute_script("return PlaybookSearch.widgets[0].seq") == int(
        driver.find_element(By.CSS_SELECTOR, ".search-box").get_attribute("data-ready")), what="last query")
    return results(driver, ".search-box")


QUERIES = [
    # language, query, a page expected in the top 3
    ("en", "apologizing", "en/apologies/"),                        # inflection: apologizing → apology
    ("en", "deliverab", "en/playbook/06-proceed-carefully/"),      # prefix
    ("en", "deliverabilty", "en/playbook/06-proceed-carefully/"),  # one edit away
    ("pl", "przeprosin", "pl/apologies/"),                         # przeprosin → przeprosiny
    ("pl", "ocen szkody", "pl/playbook/03-assess-the-damage/"),    # no diacritics: Oceń szkody
    ("pl", "OCEŃ SZKÓD", "pl/playbook/03-assess-the-damage/"),     # case, diacritics, another case form
    ("es", "disculpas", "es/apologies/"),                          # disculpas → disculpa
    ("es", "envio erroneo", "es/apologies/wrong-send/"),           # Envío erróneo
    ("nl", "excuses", "nl/apologies/when-not-to-send/"),
    ("nl", "tĳdlĳn", "nl/postmortems/seven-test-emails/"),         # the ĳ ligature folds to ij
]


@pytest.mark.parametrize("lang,query,expected", QUERIES)
def test_queries_find_the_right_page(browser, base, lang, query, expected):
    found = [page_of(p) for p, _, _ in search_page(browser, base, lang, query)]
    assert expected in found[:3], f"{query!r}: {found[:5]}"


def test_search_box_as_you_type_highlights_and_deep_links(browser, base):
    shown = type_in_box(browser, base, "pl", "ocen szkody")
    path, fragment, link = shown[0]
    assert page_of(path) == "pl/playbook/03-assess-the-damage/"
    marks = [m.text for m in link.find_elements(By.CSS_SELECTOR, "mark")]
    assert any(m.lower() in ("oceń", "szkody", "szkód") for m in marks), marks
    assert fragment, "the best result links to a heading"
    href = link.get_attribute("href")
    assert urllib.parse.urlparse(href).path.endswith("/index.html")
    link.click()
    wait(browser, lambda: "03-assess-the-damage" in browser.current_url, what="navigation")
    assert browser.execute_script("return document.getElementById(arguments[0]) !== null", urllib.parse.unquote(fragment))
    marks = wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "main mark"), what="highlights on arrival")
    assert any("szkod" in m.text.lower() or "ocen" in m.text.lower().replace("ń", "n") for m in marks)


def test_results_count_uses_plural_rules(browser, base):
    def polish(n):
        if n == 1:
            return "wynik"
        if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
            return "wyniki"
        return "wyników"
    for query in ("przeprosin", "ankieta", "szkody"):
        search_page(browser, base, "pl", query)
        status = browser.find_element(By.CSS_SELECTOR, ".search-full .search-status")
        n = int(status.get_attribute("data-count"))
        if n:
            assert status.text == f"{n} {polish(n)}", status.text
    search_page(browser, base, "en", "apology")
    status = browser.find_element(By.CSS_SELECTOR, ".search-full .search-status")
    n = int(status.get_attribute("data-count"))
    assert status.text == (f"{n} result" if n == 1 else f"{n} results")


def test_filters(browser, base):
    shown = search_page(browser, base, "en", "email", type="postmortems")
    assert shown and all("/postmortems/" in p for p, _, _ in shown)
    shown = search_page(browser, base, "en", "email", severity="sev3")
    assert [page_of(p) for p, _, _ in shown] == ["en/postmortems/wrong-email-entire-database/"]
    shown = search_page(browser, base, "en", "apology", tag="data-breach")
    assert shown and "en/apologies/data-breach/" in [page_of(p) for p, _, _ in shown]
    # The filter controls drive the same thing.
    browser.find_element(By.CSS_SELECTOR, "select[data-filter='type'] option[value='playbook']").click()
    wait(browser, lambda: all("/playbook/" in p for p, _, _ in results(browser, ".search-full")) and results(browser, ".search-full"), what="type filter")
    # Languages: another language, and all of them (fallback copies are not repeated there).
    shown = search_page(browser, base, "en", "przeprosiny", language="pl")
    assert shown and all(page_of(p).startswith("pl/") for p, _, _ in shown)
    shown = search_page(browser, base, "en", "segment", language="*")
    langs = {page_of(p)[:2] for p, _, _ in shown}
    assert {"en", "nl", "pl", "es"} <= langs or len(langs) >= 3, langs


def test_fallback_pages_are_in_the_language_index_and_marked(browser, base):
    shown = search_page(browser, base, "nl", "gift card")
    pages = [page_of(p) for p, _, _ in shown]
    assert "nl/postmortems/survey-gift-card-to-120000/" in pages[:3], pages
    link = shown[pages.index("nl/postmortems/survey-gift-card-to-120000/")][2]
    assert link.get_attribute("lang") == "en"
    assert link.find_element(By.CSS_SELECTOR, ".search-result-badge").text


def test_keyboard(browser, base):
    browser.get(f"{base}en/playbook/index.html")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("/")
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "pb-search-input"
    active.send_keys("apology")
    box = browser.find_element(By.CSS_SELECTOR, ".search-box")
    wait(browser, lambda: box.get_attribute("data-ready") and browser.execute_script("return PlaybookSearch.widgets[0].seq") == int(box.get_attribute("data-ready")), what="results")
    assert active.get_attribute("aria-expanded") == "true"
    active.send_keys(Keys.ARROW_DOWN)
    active.send_keys(Keys.ARROW_DOWN)
    second = browser.find_elements(By.CSS_SELECTOR, ".search-box [role=option]")[1]
    assert active.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    active.send_keys(Keys.ARROW_UP)
    first = browser.find_elements(By.CSS_SELECTOR, ".search-box [role=option]")[0]
    assert first.get_attribute("aria-selected") == "true"
    active.send_keys(Keys.ESCAPE)
    assert browser.find_element(By.CSS_SELECTOR, ".search-box .search-panel").get_attribute("hidden") is not None
    assert active.get_attribute("aria-expanded") == "false"
    active.send_keys(Keys.ARROW_DOWN)
    target = urllib.parse.urlparse(browser.find_elements(By.CSS_SELECTOR, ".search-box .search-result-link")[0].get_attribute("href"))
    active.send_keys(Keys.ENTER)
    wait(browser, lambda: urllib.parse.urlparse(browser.current_url).path == target.path, what="Enter opens the result")


def test_accessibility_roles(browser, base):
    type_in_box(browser, base, "es", "disculpa")
    box = browser.find_element(By.CSS_SELECTOR, ".search-box")
    combo = box.find_element(By.CSS_SELECTOR, "[role=combobox]")
    listbox = box.find_element(By.CSS_SELECTOR, "[role=listbox]")
    assert combo.get_attribute("aria-controls") == listbox.get_attribute("id")
    assert combo.get_attribute("aria-expanded") == "true"
    assert box.find_elements(By.CSS_SELECTOR, "[role=option]")
    status = box.find_element(By.CSS_SELECTOR, "[role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert "resultado" in status.get_attribute("textContent")


AXE_RULES = ["nested-interactive", "aria-allowed-role", "aria-required-children", "aria-required-parent",
             "aria-allowed-attr", "aria-valid-attr-value", "aria-input-field-name", "aria-prohibited-attr",
             "list", "listitem", "label"]


def test_results_are_options_not_controls_inside_controls(browser, base):
    """The ARIA 1.2 combobox pattern, checked by axe-core with the results shown: each result is
    one option (the link itself), never a link nested inside another control."""
    from axe_selenium_python import Axe
    for container, show in [(".search-box", lambda: type_in_box(browser, base, "en", "apology")),
                            (".search-full", lambda: search_page(browser, base, "en", "apology"))]:
        assert show()
        options = browser.find_elements(By.CSS_SELECTOR, f"{container} [role=listbox] > [role=option]")
        assert options and all(o.tag_name == "a" and o.get_attribute("href") for o in options)
        assert not browser.find_elements(By.CSS_SELECTOR, f"{container} [role=option] a, {container} [role=option] [role=option]")
        axe = Axe(browser)
        axe.inject()
        result = axe.run(context=container, options={"runOnly": {"type": "rule", "values": AXE_RULES}})
        assert not result["violations"], [(v["id"], [n["html"][:120] for n in v["nodes"][:3]]) for v in result["violations"]]


def requested_urls(browser):
    """Every URL the browser asked for since the last call (DevTools network events)."""
    import json
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_nothing_is_loaded_from_outside_the_site(browser, base):
    requested_urls(browser)
    search_page(browser, base, "en", "apology", language="*")
    type_in_box(browser, base, "nl", "excuses", page="playbook/index.html")
    browser.find_elements(By.CSS_SELECTOR, ".search-box .search-result-link")[0].click()
    wait(browser, lambda: "highlight=" in browser.current_url, what="navigation")
    urls = requested_urls(browser)
    assert sum("/search/" in u for u in urls) > 5, urls
    for url in urls:
        assert url.startswith(base) or url.startswith("data:"), url
    if base.startswith("http"):
        entries = browser.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        assert all(u.startswith(base) for u in entries), entries


def test_page_data_never_becomes_markup(browser, base):
    """Result text is inserted as text: a query with markup shows up as text only."""
    search_page(browser, base, "en", "<img src=x onerror=alert(1)> apology")
    assert not browser.find_elements(By.CSS_SELECTOR, ".search-results img")


def test_page_highlighting_folds_like_the_index(browser, base, site):
    """Pages highlight words on arrival without loading the index: the script's own fold table
    must be the one the index was built with."""
    import json
    import re
    search_page(browser, base, "pl", "ocen")
    ours = browser.execute_script("return PlaybookSearch.defaultFold()")
    source = (site / "search" / "pl" / "index.js").read_text(encoding="utf-8")
    fold = json.loads(re.search(r",fold:(\[.*?\])\}\);", source).group(1))
    assert ours == fold


def test_one_letter_is_not_a_query(browser, base):
    driver = browser
    driver.get(f"{base}en/index.html")
    box = driver.find_element(By.CSS_SELECTOR, ".search-box input")
    box.send_keys("a")
    time.sleep(0.3)
    assert not driver.find_elements(By.CSS_SELECTOR, ".search-box .search-result")
    assert box.get_attribute("aria-expanded") == "false"


def test_markup_in_content_stays_text(browser, tmp_path):
    """A title, tag and text full of markup reach the results as text, never as elements."""
    from conftest import build
    src = tmp_path / "src"
    (src / "content" / "en" / "notes").mkdir(parents=True)
    (src / "playbook.yml").write_text("title: T\nlanguages:\n  - code: en\n    name: English\n    locale: en\n")
    (src / "content" / "en" / "_index.md").write_text("---\ntitle: Home\n---\nHello.\n")
    (src / "content" / "en" / "notes" / "evil.md").write_text(
        '---\ntitle: "Zebra <img src=x id=pwned> </script><script>window.pwned=1</script>"\n'
        'tags: ["<b id=pwnedtag>zebra</b>"]\n---\n## Zebra <i>heading</i>\n\nzebra \u2028 text "quoted" </script> \\u003c\n')
    out = tmp_path / "out"
    build(out, source=src)
    assert "innerHTML" not in (out / "assets" / "search.js").read_text()
    shown = search_page(browser, out.resolve().as_uri() + "/", "en", "zebra")
    assert shown
    assert browser.execute_script("return window.pwned === undefined && !document.getElementById('pwned') && !document.getElementById('pwnedtag')")
    assert not browser.find_elements(By.CSS_SELECTOR, ".search-results img, .search-results script, .search-results b, .search-results i")
    title = shown[0][2].find_element(By.CSS_SELECTOR, ".search-result-title").text
    assert "<img src=x id=pwned>" in title


def test_show_more_results(browser, tmp_path):
    from conftest import build
    src = tmp_path / "src"
    (src / "content" / "en" / "notes").mkdir(parents=True)
    (src / "playbook.yml").write_text("title: T\nlanguages:\n  - code: en\n    name: English\n    locale: en\n")
    for i in range(45):
        (src / "content" / "en" / "notes" / f"n{i:02d}.md").write_text(f"---\ntitle: Note {i}\n---\n## Part\n\nA quokka {'quokka ' * (i % 5)}here.\n")
    out = tmp_path / "out"
    build(out, source=src)
    shown = search_page(browser, out.resolve().as_uri() + "/", "en", "quokka")
    assert len(shown) == 30
    status = browser.find_element(By.CSS_SELECTOR, ".search-full .search-status")
    assert status.text == "45 results"
    button = browser.find_element(By.CSS_SELECTOR, ".search-show-more")
    assert button.is_displayed()
    button.click()
    wait(browser, lambda: len(results(browser, ".search-full")) == 45, what="more results")
    assert not button.is_displayed()


@pytest.mark.parametrize("query", ["constructor", "__proto__ tostring", "hasOwnProperty valueOf"])
def test_words_that_are_javascript_names(browser, base, query):
    """Words are data: names of Object.prototype properties find nothing, without errors."""
    search_page(browser, base, "en", query)
    status = browser.find_element(By.CSS_SELECTOR, ".search-full .search-status")
    assert status.text == "No results"


# ---- search.js on first use -----------------------------------------------------------------
# Content pages do not load search.js (the largest asset) until a search box is pointed at,
# focused or typed in (site.js); the results page includes it, and a page opened from a result
# (?highlight=) loads it at once.

STEP = "en/playbook/02-put-out-the-fire/index.html"
SEARCH_JS = """return [!!window.PlaybookSearch, !!document.querySelector("script[src$='assets/search.js']"),
    performance.getEntriesByType('resource').some(function (e) { return /\\/assets\\/search\\.js$/.test(e.name); })]"""
# Page errors and failed loads, collected from the start of every document (CDP).
COLLECT_ERRORS = """window.__errors = [];
addEventListener('error', function (e) { __errors.push(e.message || (e.target && (e.target.src || e.target.href)) || 'error'); }, true);
addEventListener('unhandledrejection', function (e) { __errors.push('rejection: ' + e.reason); });"""


@pytest.fixture
def watched(browser):
    """The browser with page errors collected in window.__errors."""
    handle = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECT_ERRORS})
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": handle["identifier"]})
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_untouched(driver, url):
    driver.get(url)
    time.sleep(0.3)  # nothing loads it later on its own either
    assert driver.execute_script(SEARCH_JS) == [False, False, False], "search.js loaded before any use"


def settled(driver, query):
    """The box's results once its last query is `query` and shown: [(path, fragment, link)]."""
    box = driver.find_element(By.CSS_SELECTOR, ".search-box")
    wait(driver, lambda: driver.execute_script(
        "var w = window.PlaybookSearch && PlaybookSearch.widgets && PlaybookSearch.widgets[0];"
        "return !!w && w.seq > 0 && w.input.value === arguments[0] && +arguments[1].getAttribute('data-ready') === w.seq", query, box),
        what=f"results for {query!r}")
    return results(driver, ".search-box")


def marked(link):
    return {m.get_attribute("textContent").lower() for m in link.find_elements(By.CSS_SELECTOR, "mark")}


def test_search_js_loads_on_first_use_and_searches_what_was_typed_before(watched, base):
    browser = watched
    open_untouched(browser, base + STEP)
    # Focus and every key in one task: search.js cannot run before the box holds the whole query.
    early = browser.execute_script("""
        var input = document.getElementById('pb-search-input');
        input.focus();
        'merge tag'.split('').forEach(function (c) { input.value += c; input.dispatchEvent(new Event('input', {bubbles: true})); });
        return !!window.PlaybookSearch;""")
    assert early is False
    shown = settled(browser, "merge tag")
    assert shown and {"merge", "tag"} & marked(shown[0][2]), [marked(l) for _, _, l in shown[:3]]
    combo = browser.find_element(By.ID, "pb-search-input")
    assert combo.get_attribute("aria-expanded") == "true"
    assert browser.execute_script("return window.__errors") == []
    # Real keystrokes right after the box takes focus.
    open_untouched(browser, base + STEP)
    browser.find_element(By.ID, "pb-search-input").send_keys("apology")
    shown = settled(browser, "apology")
    assert shown and any(w.startswith("apolog") for w in marked(shown[0][2]))
    assert browser.execute_script("return window.__errors") == []


@pytest.mark.parametrize("size", [(1280, 900, False), (390, 844, True)], ids=["desktop", "phone"])
def test_slash_focuses_the_box_before_search_js_is_loaded(watched, base, size):
    browser = watched
    width, height, mobile = size
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    open_untouched(browser, base + STEP)
    # "/" then the query at once: the keys after "/" reach the box, the "/" itself does not.
    browser.find_element(By.TAG_NAME, "body").send_keys("/merge tag")
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "pb-search-input"
    assert active.is_displayed(), "on a phone the folded search box opens"
    shown = settled(browser, "merge tag")
    assert shown and {"merge", "tag"} & marked(shown[0][2])
    active.send_keys(Keys.ARROW_DOWN)
    first = browser.find_elements(By.CSS_SELECTOR, ".search-box [role=option]")[0]
    assert active.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert browser.execute_script("return document.querySelectorAll(\"script[src$='assets/search.js']\").length") == 1
    assert browser.execute_script("return window.__errors") == []


def test_search_js_runs_at_once_where_it_is_needed_on_arrival(watched, base):
    browser = watched
    browser.get(base + STEP + "?highlight=stop")
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "main mark"), what="highlights on arrival")
    browser.get(base + "en/search/index.html?q=apology")
    wait_results(browser, ".search-full")
    # The results page includes it itself; site.js does not add a second copy.
    assert browser.execute_script("return document.querySelectorAll(\"script[src$='assets/search.js']\").length") == 1
    browser.find_element(By.ID, "pb-search-page-input").click()
    assert browser.execute_script("return document.querySelectorAll(\"script[src$='assets/search.js']\").length") == 1
    assert browser.execute_script("return window.__errors") == []
