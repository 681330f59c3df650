"""The output folder is replaced only when it is absent, empty, or a site playbook wrote (it holds
the `.playbook-site` stamp). Anything else is refused with exit code 2 and left byte for byte;
`--force` replaces a foreign folder after saying what it replaces, and never an output that holds
the source, the home folder or `/`."""
import os
import subprocess

import pytest

from conftest import make, BIN

STAMP = ".playbook-site"
STAMP_TEXT = b"This folder is a site written by `playbook build`; the next build replaces it as a whole.\n"
SOURCE = {
    "playbook.yml": "title: T\nlanguages:\n  - {code: en, name: English}\n",
    "content/en/_index.md": "# Home\n\nWelcome.\n",
    "content/en/guide/a.md": "---\ntitle: A\n---\nText.\n",
    "templates/partials/extra.mustache": "<p>extra</p>\n",
}


def snapshot(root):
    """Every file and folder below `root`: relative path → bytes (None for folders)."""
    return {str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes()) for p in sorted(root.rglob("*"))}


def playbook(*args, cwd=None, env=None):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=300, cwd=cwd,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def src(tmp_path):
    root = tmp_path / "src"
    make(root, SOURCE)
    return root


def user_folder(path):
    make(path, {"notes.txt": "my notes\n", "photos/cat.jpg": b"\xff\xd8\xff\xe0 not really", "todo.md": "# Todo\n"})
    return snapshot(path)


def refused(proc, rule):
    assert proc.returncode == 2, f"exit {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    assert f"error: [{rule}]" in proc.stderr, proc.stderr
    assert "build refused" in proc.stderr


def no_litter(folder):
    assert not [p.name for p in folder.iterdir() if ".tmp-" in p.name], list(folder.iterdir())


def test_absent_output_is_created_and_stamped(src, tmp_path):
    out = tmp_path / "new" 
    proc = playbook("build", "--source", str(src), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (out / STAMP).read_bytes() == STAMP_TEXT
    assert (out / "en" / "guide" / "a" / "index.html").is_file()


def test_empty_folder_and_own_site_are_replaced(src, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert playbook("build", "--source", str(src), "--output", str(out)).returncode == 0
    make(src, {"content/en/guide/b.md": "# B\n"})
    proc = playbook("build", "--source", str(src), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (out / "en" / "guide" / "b" / "index.html").is_file()
    no_litter(tmp_path)


def test_foreign_folder_is_refused_and_kept_byte_for_byte(src, tmp_path):
    out = tmp_path / "mydocs"
    before = user_folder(out)
    proc = playbook("build", "--source", str(src), "--output", str(out))
    refused(proc, "output/foreign")
    assert "3 entries: notes.txt, photos/, todo.md" in proc.stderr
    assert "--force" in proc.stderr
    assert snapshot(out) == before
    no_litter(tmp_path)


def test_a_stamp_with_other_bytes_is_foreign(src, tmp_path):
    out = tmp_path / "mydocs"
    make(out, {STAMP: "made by hand\n"})
    before = user_folder(out)
    refused(playbook("build", "--source", str(src), "--output", str(out)), "output/foreign")
    assert snapshot(out) == before


def test_force_replaces_a_foreign_folder_after_saying_what(src, tmp_path):
    out = tmp_path / "mydocs"
    user_folder(out)
    proc = playbook("build", "--source", str(src), "--output", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    assert "--force: replacing a folder playbook did not write (3 entries: notes.txt, photos/, todo.md)" in proc.stderr
    assert not (out / "notes.txt").exists()
    assert (out / STAMP).read_bytes() == STAMP_TEXT
    no_litter(tmp_path)


@pytest.mark.parametrize("output,cwd,rule", [
    (".", "src", "output/source"),
    ("src", "", "output/source"),
    ("src/content", "", "output/inside-source"),
    ("src/content/en/site", "", "output/inside-source"),
    ("src/templates", "", "output/inside-source"),
    ("src/templates/new", "", "output/inside-source"),
    ("..", "src", "output/contains-source"),
    ("src/playbook.yml", "", "output/not-a-folder"),
    ("src/content/en/guide/a.md", "", "output/inside-source"),
])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_outputs_holding_the_source_are_refused_even_with_force(src, tmp_path, output, cwd, rule, force):
    before = snapshot(tmp_path)
    source = "." if cwd == "src" else str(src)
    proc = playbook("build", "--source", source, "--output", output, *(["--force"] if force else []), cwd=tmp_path / cwd)
    refused(proc, rule)
    assert snapshot(tmp_path) == before


def test_a_regular_file_is_refused(src, tmp_path):
    target = tmp_path / "site.html"
    target.write_bytes(b"<p>my page</p>\n")
    for extra in [[], ["--force"]]:
        refused(playbook("build", "--source", str(src), "--output", str(target), *extra), "output/not-a-folder")
    assert target.read_bytes() == b"<p>my page</p>\n"
    no_litter(tmp_path)


def test_a_fifo_is_refused(src, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    refused(playbook("build", "--source", str(src), "--output", str(tmp_path / "pipe"), "--force"), "output/not-a-folder")
    assert (tmp_path / "pipe").exists()


def test_a_symlink_is_refused_and_its_target_kept(src, tmp_path):
    target = tmp_path / "mydocs"
    before = user_folder(target)
    (tmp_path / "link").symlink_to(target)
    proc = playbook("build", "--source", str(src), "--output", str(tmp_path / "link"), "--force")
    refused(proc, "output/symlink")
    assert "give the folder it leads to" in proc.stderr
    assert (tmp_path / "link").is_symlink()
    assert snapshot(target) == before


def test_home_folder_is_refused_even_with_force(src, tmp_path):
    home = tmp_path / "home"
    before = user_folder(home)
    for output in [str(home), str(tmp_path)]:
        proc = playbook("build", "--source", str(src), "--output", output, "--force", env={"HOME": str(home)})
        refused(proc, "output/home")
    assert snapshot(home) == before


def test_root_is_refused_even_with_force(src):
    refused(playbook("build", "--source", str(src), "--output", "/", "--force"), "output/root")


def test_failed_build_into_a_new_folder_creates_nothing(src, tmp_path):
    make(src, {"content/en/guide/bad.md": "---\ntitle: [oops\n---\n"})
    proc = playbook("build", "--source", str(src), "--output", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert not (tmp_path / "out").exists()
    no_litter(tmp_path)
