"""Static files over HTTP: pages link them by content fingerprint, cached for a year; other URLs only briefly."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from triggerpoint.framework.static import IMMUTABLE, SHORT, fingerprints

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def linked_assets(client: TestClient, page: str) -> list[str]:
    return ASSET.findall(client.get(page).text)


def test_pages_link_every_asset_by_its_fingerprint(client: TestClient) -> None:
    for page in ("/", "/muscles", "/docs"):
        assets = linked_assets(client, page)
        assert assets, page
        assert all(re.search(r"\?v=[0-9a-f]{12}$", asset) for asset in assets), assets


def test_a_fingerprinted_asset_is_immutable_and_keeps_the_security_headers(client: TestClient) -> None:
    for asset in linked_assets(client, "/"):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert response.headers["cache-control"] == IMMUTABLE == "public, max-age=31536000, immutable"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_a_plain_or_stale_url_is_cached_briefly(client: TestClient) -> None:
    for url in ("/static/style.css", "/static/style.css?v=000000000000", "/static/style.css?v="):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == SHORT, url


def test_a_revalidated_asset_keeps_its_cache_lifetime(client: TestClient) -> None:
    asset = linked_assets(client, "/")[0]
    etag = client.get(asset).headers["etag"]
    again = client.get(asset, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["cache-control"] == IMMUTABLE


def test_a_missing_file_is_not_cached(client: TestClient) -> None:
    response = client.get("/static/nothing-here.css?v=000000000000")
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("cache-control", "")


def test_the_fingerprint_follows_the_content(tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "a.css").write_text("body { color: red }")
    (tmp_path / "vendor" / "b.js").write_text("1")
    before = fingerprints(tmp_path)
    assert set(before) == {"a.css", "vendor/b.js"}
    (tmp_path / "a.css").write_text("body { color: blue }")
    after = fingerprints(tmp_path)
    assert after["a.css"] != before["a.css"]
    assert after["vendor/b.js"] == before["vendor/b.js"]
