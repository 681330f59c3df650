"""Parsing helpers for built pages."""
import pathlib
import posixpath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def pages(root: pathlib.Path):
    return sorted(p for p in root.rglob("*.html"))


def soup(path: pathlib.Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(root: pathlib.Path, page: pathlib.Path, href: str):
    """The file a relative href on `page` points to (None for external links), and its fragment."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None, None
    if not parts.path:
        return page, unquote(parts.fragment)
    rel = page.parent.relative_to(root).as_posix()
    target = posixpath.normpath(posixpath.join(rel, unquote(parts.path)))
    assert not target.startswith(".."), f"{page}: {href} climbs above the site root"
    return root / target, unquote(parts.fragment)
