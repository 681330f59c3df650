"""Bad input never crashes the tool, always names the file (and line), exits non-zero, and
leaves the previous site untouched. Inputs that are merely unusual (BOM, CRLF, odd file names,
deep nesting) must just work."""
import os
import signal
import subprocess
import time

import pytest

from conftest import make, BIN, run

GOOD = {
    "playbook.yml": "title: T\nlanguages:\n  - {code: en, name: English}\n  - {code: pl, name: Polski}\n",
    "content/en/_index.md": "# Home\n",
    "content/en/guide/a.md": "---\ntitle: A\n---\nText.\n",
    "content/pl/guide/a.md": "---\ntitle: A pl\n---\nTekst.\n",
}


def snapshot(out):
    return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def tree(tmp_path):
    """A good source tree, built once, so each case can show the old site survives."""
    src = tmp_path / "src"
    make(src, GOOD)
    out = tmp_path / "public"
    run("build", "--source", str(src), "--output", str(out))
    return src, out, snapshot(out)


def build_fails(tree, expected, files=None, setup=None, output=None):
    src, out, before = tree
    if files:
        make(src, files)
    if setup:
        setup(src)
    proc = subprocess.run([BIN, "build", "--source", str(src), "--output", str(output or out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, f"exit {proc.returncode} (a crash is negative or >128):\n{proc.stderr}"
    for fragment in expected:
        assert fragment in proc.stderr, f"{fragment!r} not in:\n{proc.stderr}"
    assert "build failed" in proc.stderr
    assert snapshot(out) == before, "the previous site changed"
    litter = [p.name for p in out.parent.iterdir() if p.name.startswith(".public")]
    assert not litter, litter
    return proc.stderr


ERRORS = [
    ("malformed-yaml", {"content/en/guide/b.md": "---\ntitle: [oops\n---\n"}, ["content/en/guide/b.md:2: error: [yaml/syntax] invalid YAML"]),
    ("yaml-bad-indent", {"content/en/guide/b.md": "---\ntitle: x\n  bad: indent\n---\n"}, ["content/en/guide/b.md:", "invalid YAML"]),
    ("yaml-tab", {"content/en/guide/b.md": "---\ntitle: x\n\tweight: 1\n---\n"}, ["content/en/guide/b.md:3", "invalid YAML"]),
    ("front-matter-not-closed", {"content/en/guide/b.md": "---\ntitle: x\n\nbody\n"}, ["content/en/guide/b.md:1: error: [front-matter/unclosed] front matter opened with `---` is never closed"]),
    ("front-matter-is-a-list", {"content/en/guide/b.md": "---\n- a\n- b\n---\n"}, ["content/en/guide/b.md:2: error: [front-matter/invalid] front matter must be a mapping"]),
    ("date-yesterday", {"content/en/guide/b.md": "---\ndate: yesterday\n---\n"}, ["content/en/guide/b.md:2: error: [front-matter/invalid] `date: yesterday` is not a date"]),
    ("date-impossible", {"content/en/guide/b.md": "---\ntitle: x\ndate: 2015-02-30\n---\n"}, ["content/en/guide/b.md:3: error: [front-matter/invalid] `date: 2015-02-30`"]),
    ("weight-not-number", {"content/en/guide/b.md": "---\nweight: heavy\n---\n"}, ["content/en/guide/b.md:2: error: [front-matter/invalid] `weight` must be a whole number"]),
    ("draft-not-bool", {"content/en/guide/b.md": "---\ndraft: maybe\n---\n"}, ["content/en/guide/b.md:2: error: [front-matter/invalid] `draft` must be true or false"]),
    ("title-is-a-list", {"content/en/guide/b.md": "---\ntitle: [a, b]\n---\n"}, ["content/en/guide/b.md:2: error: [front-matter/invalid] `title` must be text"]),
    ("tags-is-a-mapping", {"content/en/guide/b.md": "---\ntags: {a: 1}\n---\n"}, ["content/en/guide/b.md:2: error: [front-matter/invalid] `tags` must be a list"]),
    ("tag-is-a-mapping", {"content/en/guide/b.md": "---\ntags:\n  - ok\n  - {a: 1}\n---\n"}, ["content/en/guide/b.md:4: error: [front-matter/invalid] each entry of `tags`"]),
    ("invalid-utf8", {"content/en/guide/b.md": b"---\ntitle: x\n---\nline\nbad \xff\xfe here\n"}, ["content/en/guide/b.md:5: error: [content/encoding] this line is not valid UTF-8"]),
    ("nul-byte", {"content/en/guide/b.md": b"---\ntitle: x\n---\nok\nnul\x00here\n"}, ["content/en/guide/b.md:5: error: [content/encoding] this line contains a NUL byte"]),
    ("too-large", {"content/en/guide/big.md": "x" * 50_000_000}, ["content/en/guide/big.md: error: [content/too-large] is 50 MB; a page may have at most 16 MB"]),
    ("same-url-case", {"content/en/guide/A.md": "# Upper\n"}, ["gives the same URL /en/guide/a/"]),
    ("same-url-nfd-vs-nfc", {"content/en/guide/caf\u00e9.md": "# NFC\n", "content/en/guide/cafe\u0301.md": "# NFD\n"}, ["gives the same URL /en/guide/cafe/"]),
    ("same-url-punctuation", {"content/en/guide/a!.md": "# Bang\n"}, ["gives the same URL /en/guide/a/"]),
    ("bad-url", {"content/en/guide/b.md": "---\nurl: /../x/\n---\n"}, ["content/en/guide/b.md:2: error: [front-matter/invalid] `url: /../x/` must be a path below the site"]),
    ("duplicate-translation-key", {"content/en/guide/c.md": "---\ntranslation_key: guide/a.md\n---\n"}, ["has the same translation_key `guide/a.md`"]),
    ("language-not-configured", {"content/fr/_index.md": "# Bonjour\n"}, ["content/fr/: error: [content/unknown-language] folder `fr` is not a language of this site (en, pl); add it under `languages:`"]),
    ("internal-unclosed", {"content/en/guide/b.md": "a\n\n<!-- internal -->\nsecret\n"}, ["content/en/guide/b.md:3: error: [content/internal-block] internal block is never closed"]),
    ("internal-close-without-open", {"content/en/guide/b.md": "---\ntitle: B\n---\na\n<!-- /internal -->\n"}, ["content/en/guide/b.md:5: error: [content/internal-block] `<!-- /internal -->` without an opening"]),
    ("internal-nested", {"content/en/guide/b.md": "<!-- internal -->\n<!-- internal -->\n<!-- /internal -->\n"}, ["content/en/guide/b.md:2: error: [content/internal-block] internal block opened again"]),
    ("config-bad-yaml", {"playbook.yml": "title: [x\n"}, ["playbook.yml:1: error: [yaml/syntax] invalid YAML"]),
    ("config-not-mapping", {"playbook.yml": "- a\n"}, ["playbook.yml:1: error: [config/invalid] expected a mapping of settings"]),
    ("config-languages-empty", {"playbook.yml": "languages: []\n"}, ["playbook.yml:1: error: [config/invalid] `languages` must be a non-empty list"]),
    ("config-language-without-code", {"playbook.yml": "languages:\n  - {name: English}\n"}, ["playbook.yml:2: error: [config/invalid] each language needs a `code`"]),
    ("config-duplicate-language", {"playbook.yml": "languages:\n  - {code: en}\n  - {code: en}\n  - {code: pl}\n"}, ["playbook.yml:3: error: [config/invalid] language `en` is listed twice"]),
    ("config-unknown-default", {"playbook.yml": "default_language: de\nlanguages:\n  - {code: en}\n  - {code: pl}\n"}, ["playbook.yml: error: [config/invalid] default_language `de` is not one of the languages"]),
    ("config-unknown-fallback", {"playbook.yml": "languages:\n  - {code: en}\n  - {code: pl, fallback: [cs]}\n"}, ["playbook.yml: error: [config/invalid] language `pl` falls back to `cs`"]),
    ("template-syntax-error", {"templates/page.mustache": "<html>\n{{#page}}\n{{/pages}}\n"}, ["templates/page.mustache:3: error: [theme/syntax] template syntax error"]),
    ("template-missing-partial", {"templates/page.mustache": "<html>\n\n{{> partials/nowhere}}\n"}, ["templates/page.mustache:3: error: [theme/missing-partial] partial `partials/nowhere` not found"]),
    ("template-not-utf8", {"templates/page.mustache": b"<html>\xff</html>"}, ["templates/page.mustache: error: [theme/encoding] not valid UTF-8"]),
    ("i18n-bad-yaml", {"templates/i18n/pl.yml": "results: {one: x\n"}, ["templates/i18n/pl.yml:", "invalid YAML"]),
    ("broken-internal-link", {"content/en/guide/l.md": "Text.\n\n[gone](nowhere.md)\n"}, ["content/en/guide/l.md:3: error: [link/broken] link to `nowhere.md` leads to no page"]),
    ("broken-anchor", {"content/en/guide/l.md": "[here](a.md#no-such-heading)\n"}, ["content/en/guide/l.md:1: error: [link/anchor]"]),
    ("i18n-not-mapping", {"templates/i18n/pl.yml": "- x\n"}, ["templates/i18n/pl.yml:1: error: [i18n/syntax] expected `key: text` lines"]),
]


@pytest.mark.parametrize("name,files,expected", ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_input_is_a_clear_error(tree, name, files, expected):
    build_fails(tree, expected, files=files)


def test_symlink_loop(tree):
    build_fails(tree, ["symbolic link loop"], setup=lambda src: os.symlink("..", src / "content" / "en" / "guide" / "loop"))


def test_unreadable_file(tree):
    # Root reads any file whatever its mode, so a dangling link stands in for an unreadable file.
    def setup(src):
        os.symlink("/nonexistent/target.md", src / "content" / "en" / "guide" / "gone.md")
        (src / "content" / "en" / "guide" / "locked.md").write_text("# Locked\n")
        os.chmod(src / "content" / "en" / "guide" / "locked.md", 0)
    stderr = build_fails(tree, ["content/en/guide/gone.md: error: [content/unreadable] cannot read"], setup=setup)
    if os.geteuid() != 0:
        assert "content/en/guide/locked.md" in stderr


def test_fifo_in_content_does_not_hang(tree):
    build_fails(tree, ["content/en/guide/pipe.md: error: [content/unreadable] cannot read", "not a regular file"], setup=lambda src: os.mkfifo(src / "content" / "en" / "guide" / "pipe.md"))


def test_no_content_folder(tmp_path):
    proc = run("build", "--source", str(tmp_path), "--output", str(tmp_path / "out"), check=False)
    assert proc.returncode == 1 and "content/: error: [content/missing] no content folder" in proc.stderr


def test_output_parent_is_a_file(tree, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    build_fails(tree, ["cannot create the output next to it"], output=blocker / "public")


def test_output_folder_not_writable(tree, tmp_path):
    if os.geteuid() == 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        # Root ignores permissions; a read-only bind is not available everywhere, so use a
        # path under /proc, which no one can create folders in.
        build_fails(tree, ["cannot create the output next to it"], output="/proc/playbook-test/public")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        os.chmod(ro, 0o500)
        build_fails(tree, ["cannot create the output next to it"], output=ro / "public")


def test_disk_full(tree, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here to simulate a full disk")
    try:
        src, _, _ = tree
        make(src, {f"content/en/guide/p{i}.md": f"# Page {i}\n\n" + "words " * 500 for i in range(60)})
        proc = subprocess.run([BIN, "build", "--source", str(src), "--output", str(small / "public")], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert "No space left on device" in proc.stderr
        assert list(small.iterdir()) == [], "a failed build left files behind"
    finally:
        subprocess.run(["umount", str(small)])


UNUSUAL_BUT_FINE = [
    ("bom", {"content/en/guide/b.md": b"\xef\xbb\xbf---\ntitle: BOM page\n---\nText.\n"}, "en/guide/b/index.html", "BOM page"),
    ("crlf", {"content/en/guide/b.md": b"---\r\ntitle: CRLF page\r\ntags: [x]\r\n---\r\n## Head\r\n\r\nText.\r\n"}, "en/guide/b/index.html", 'id="head"'),
    ("cr-only", {"content/en/guide/b.md": b"---\rtitle: Old Mac\r---\rText.\r"}, "en/guide/b/index.html", "Old Mac"),
    ("empty-file", {"content/en/guide/empty-page.md": ""}, "en/guide/empty-page/index.html", "<h1>Empty page</h1>"),
    ("only-front-matter", {"content/en/guide/b.md": "---\ntitle: Just meta\n---\n"}, "en/guide/b/index.html", "Just meta"),
    ("spaces-in-name", {"content/en/guide/Assess the damage.md": "x\n"}, "en/guide/assess-the-damage/index.html", "Assess the damage"),
    ("unicode-name", {"content/pl/guide/Oceń szkody.md": "x\n"}, "pl/guide/ocen-szkody/index.html", "Oceń szkody"),
    ("nfd-name", {"content/en/guide/re\u0301sume\u0301.md": "x\n"}, "en/guide/resume/index.html", "<h1>"),
    ("nested-blockquotes", {"content/en/guide/deep.md": ">" * 10000 + " deep\n"}, "en/guide/deep/index.html", "deep"),
    ("nested-lists", {"content/en/guide/lists.md": "- " * 10000 + "item\n"}, "en/guide/lists/index.html", "item"),
    ("many-headings", {"content/en/guide/h.md": "".join(f"## Same\n\ntext {i}\n\n" for i in range(3000))}, "en/guide/h/index.html", 'id="same-2999"'),
    ("punctuation-heading", {"content/en/guide/p.md": "## ???\n\n## !!!\n"}, "en/guide/p/index.html", 'id="section-1"'),
    ("script-in-title", {"content/en/guide/x.md": "---\ntitle: \"<script>alert(1)</script>\"\n---\n"}, "en/guide/x/index.html", "&lt;script&gt;alert(1)&lt;/script&gt;"),
]


@pytest.mark.parametrize("name,files,page,expected", UNUSUAL_BUT_FINE, ids=[c[0] for c in UNUSUAL_BUT_FINE])
def test_unusual_input_just_works(tree, name, files, page, expected):
    src, out, _ = tree
    make(src, files)
    proc = subprocess.run([BIN, "build", "--source", str(src), "--output", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert expected in (out / page).read_text(encoding="utf-8")


def test_crlf_builds_the_same_as_lf(tmp_path):
    lf = {**GOOD, "content/en/guide/b.md": "---\ntitle: B\ntags: [t]\n---\n## H\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n"}
    crlf = {k: v.replace("\n", "\r\n") for k, v in lf.items()}
    for name, files in [("lf", lf), ("crlf", crlf)]:
        make(tmp_path / name, files)
        run("build", "--source", str(tmp_path / name), "--output", str(tmp_path / f"out-{name}"))
    assert snapshot(tmp_path / "out-lf") == snapshot(tmp_path / "out-crlf")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_old_site_and_no_litter(tmp_path, sig):
    src = tmp_path / "src"
    files = dict(GOOD)
    for i in range(4000):
        files[f"content/en/guide/p{i:04d}.md"] = f"---\ntitle: Page {i}\ntags: [t{i % 50}]\n---\n## Part\n\n" + "Some words here. " * 40 + "\n"
    make(src, files)
    out = tmp_path / "public"
    (out / "old").mkdir(parents=True)
    (out / "old" / "index.html").write_text("previous site")
    # A site playbook wrote (stamped), so the build may replace it.
    (out / ".playbook-site").write_text("This folder is a site written by `playbook build`; the next build replaces it as a whole.\n")
    before = snapshot(out)
    proc = subprocess.Popen([BIN, "build", "--source", str(src), "--output", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    staging = None
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        found = [p for p in tmp_path.iterdir() if p.name.startswith(".public.tmp")]
        if found and any(found[0].iterdir()):
            staging = found[0]
            break
        time.sleep(0.005)
    if staging is None:
        proc.wait()
        pytest.skip("the build finished before it could be interrupted")
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert snapshot(out) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".public")]


def test_symlink_out_of_the_source_tree(tree):
    build_fails(tree, ["content/en/guide/etc: error: [content/symlink] symbolic link to /etc, outside the source tree"],
                setup=lambda src: os.symlink("/etc", src / "content" / "en" / "guide" / "etc"))
    # …while a link inside the tree is fine.


def test_symlink_inside_the_source_tree_is_fine(tree):
    src, out, _ = tree
    (src / "shared").mkdir()
    (src / "shared" / "note.md").write_text("# Shared note\n")
    os.symlink(src / "shared" / "note.md", src / "content" / "en" / "guide" / "note.md")
    run("build", "--source", str(src), "--output", str(out))
    assert "Shared note" in (out / "en" / "guide" / "note" / "index.html").read_text()
