"""Shared fixtures: the playbook binary and builds of the bundled content."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("PLAYBOOK_BIN") or str(REPO / ".build" / "debug" / "playbook")


def run(*args, cwd=REPO, check=True):
    """Runs the playbook binary; returns the CompletedProcess."""
    proc = subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"playbook {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def build(out, *extra, source=REPO):
    return run("build", "--source", str(source), "--output", str(out), *extra)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The bundled content/ built (internal edition)."""
    out = tmp_path_factory.mktemp("site") / "public"
    build(out)
    return out


@pytest.fixture(scope="session")
def field_site(tmp_path_factory):
    """The bundled content/ built as the field edition."""
    out = tmp_path_factory.mktemp("field") / "public"
    build(out, "--edition", "field")
    return out
