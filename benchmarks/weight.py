"""What a first visit to a page downloads, compressed as it is served: the page (brotli, as the
page cache sends it) and every static file it names (WhiteNoise's brotli copies, quality 11),
each counted once. Used by `make bench` and tests/test_page_weight.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

ASSET = re.compile(r'(?:href|src)="(/static/[^"?#]+)"')
# Files a browser fetches only when it needs them, not on a first visit to a page.
NOT_FETCHED = ("manifest.json", "icon-mask.svg", "icon-180.png", "favicon")


@dataclass
class Weight:
    page: int
    assets: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.page + sum(self.assets.values())

    def describe(self) -> str:
        largest = sorted(self.assets.items(), key=lambda item: -item[1])[:3]
        parts = ", ".join(
            f"{name.rsplit('/', 1)[-1]} {size / 1024:.0f} KB" for name, size in largest
        )
        return (f"{self.total / 1024:.0f} KB compressed in all: page {self.page / 1024:.1f} KB, "
                f"{len(self.assets)} static files {sum(self.assets.values()) / 1024:.0f} KB "
                f"({parts})")  # fmt: skip


_compressed: dict[str, int] = {}


def _local(url: str) -> str:
    """The file a static address serves: a source file (before collectstatic), or a hashed
    copy collectstatic wrote into STATIC_ROOT."""
    name = url.removeprefix("/static/")
    collected = Path(settings.STATIC_ROOT) / name
    path = finders.find(name) or (str(collected) if collected.is_file() else None)
    assert path, f"{url} is named by the page but is no static file"
    return path


def asset_size(url: str) -> int:
    if url not in _compressed:
        path = _local(url)
        with open(path, "rb") as handle:
            _compressed[url] = len(brotli.compress(handle.read(), quality=11))
    return _compressed[url]


def first_visit(client: Client, url: str) -> Weight:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content
    assets = {
        found: asset_size(found)
        for found in dict.fromkeys(ASSET.findall(html.decode()))
        if not found.endswith(NOT_FETCHED)
    }
    # CSS may name fonts and images: count those the stylesheets name too.
    for sheet in [a for a in assets if a.endswith(".css")]:
        with open(_local(sheet), encoding="utf-8") as handle:
            text = handle.read()
        base = sheet.rsplit("/", 1)[0]
        for ref in re.findall(r"url\(['\"]?([^'\")]+\.woff2)['\"]?\)", text):
            assets.setdefault(_join(base, ref), asset_size(_join(base, ref)))
    return Weight(len(brotli.compress(html, quality=5)), assets)


def _join(base: str, ref: str) -> str:
    parts = base.split("/")
    for piece in ref.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)
