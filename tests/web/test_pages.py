"""The atlas browser pages over HTTP."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


def test_home_lists_muscles_and_conditions(client: TestClient) -> None:
    page = client.get("/muscles")
    assert page.status_code == 200
    assert 'data-muscle="upper-trapezius"' in page.text
    assert "/conditions/fibromyalgia" in page.text
    assert "does not diagnose" in page.text


def test_search_narrows_the_index(client: TestClient) -> None:
    page = client.get("/muscles", params={"q": "trapezius"})
    assert 'data-muscle="upper-trapezius"' in page.text
    assert 'data-muscle="lower-trapezius"' in page.text
    assert 'data-muscle="soleus"' not in page.text


def test_muscle_page_draws_each_point_on_the_atlas(client: TestClient) -> None:
    page = client.get("/muscles/gluteus-minimus")
    assert page.status_code == 200
    assert page.text.count('class="atlas"') >= 2  # one figure per trigger point
    assert 'data-region="thigh-outer-lower-right"' in page.text
    assert 'class="marker"' in page.text
    assert "Self-treatment" in page.text
    assert "Stretch" in page.text


def test_muscle_page_accepts_alias_and_404s_unknown(client: TestClient) -> None:
    assert client.get("/muscles/upper-trapezus").status_code == 404
    assert "upper-trapezius" in client.get("/muscles/upper-trapezus").text


def test_condition_page_shows_red_flags_and_links_muscles(client: TestClient) -> None:
    page = client.get("/conditions/low-back-pain")
    assert page.status_code == 200
    assert "See a doctor first" in page.text
    assert 'href="/muscles/quadratus-lumborum"' in page.text


@pytest.mark.parametrize(
    ("path", "cited_by_a_part"),
    [
        ("/muscles/upper-trapezius", "fernandez-de-las-penas-2006-tth"),  # by a trigger point
        ("/conditions/tension-headache-migraine", "fernandez-de-las-penas-2006-suboccipital"),  # by a muscle
    ],
)
def test_every_source_cited_on_a_page_is_in_its_sources_list_by_author_and_year(
    client: TestClient, path: str, cited_by_a_part: str
) -> None:
    page = client.get(path).text
    cited = set(re.findall(r'<a class="cite" href="#source-([a-z0-9-]+)"', page))
    listed = set(re.findall(r'<li id="source-([a-z0-9-]+)">', page))
    assert cited and cited <= listed, cited - listed
    assert cited_by_a_part in listed
    assert re.search(r'href="#source-[a-z0-9-]+" title="[^"]+">[A-Z][^<]* (19|20)\d\d</a>', page)
    assert "(alonso-blanco-2011" not in page and ">davies-2013<" not in page


def test_regions_page_lists_all(client: TestClient) -> None:
    page = client.get("/regions")
    assert page.text.count("<tr>") == 178


def test_static_assets_are_local(client: TestClient) -> None:
    page = client.get("/muscles/upper-trapezius")
    assert "http://" not in page.text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page.text
    assert client.get("/static/style.css").status_code == 200
