"""kb/data/body-sites.yaml: every code a valid SNOMED CT concept ID, every region known, every source cited."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from triggerpoint.fhir.bodysites import BodySiteError, is_concept_id, load_body_sites, parse, verhoeff_valid
from triggerpoint.kb import KnowledgeBase

TEXT = resources.files("triggerpoint.kb").joinpath("data", "body-sites.yaml").read_text(encoding="utf-8")


def test_the_check_digit_is_verhoeffs() -> None:
    assert verhoeff_valid("2363")  # the textbook example: 236 has check digit 3
    assert not verhoeff_valid("2364")
    for known in ("138875005", "404684003", "123037004"):  # SNOMED CT root, Clinical finding, Body structure
        assert is_concept_id(known)
    assert not is_concept_id("138875006")  # one digit off
    assert not is_concept_id("138875015")  # partition 01 is a description, not a concept
    assert not is_concept_id("0138875005")  # leading zero
    assert not is_concept_id("12345")  # too short
    assert not is_concept_id("٦٩٥٣٦٠٠٥")  # digits, but not ASCII ones


def test_every_code_in_the_file_is_a_concept_id_of_a_known_region(kb: KnowledgeBase) -> None:
    raw = yaml.safe_load(TEXT)
    bases = {family.base for family in kb.families}
    codes = [site["snomed"] for site in raw["sites"]] + [q["snomed"] for q in raw["laterality"].values()]
    assert codes and all(isinstance(code, str) and is_concept_id(code) for code in codes)
    assert {site["region"] for site in raw["sites"]} <= bases
    assert len({site["region"] for site in raw["sites"]}) == len(raw["sites"])
    sources = {source.key for source in kb.sources}
    assert set(raw["sources"]) <= sources
    assert {"snomed-ct-international", "dicom-ps3-16"} <= set(raw["sources"])


def test_the_laterality_qualifiers_are_snomeds_left_right_and_bilateral() -> None:
    laterality = load_body_sites().laterality
    assert (laterality.left.snomed, laterality.right.snomed, laterality.bilateral.snomed) == (
        "7771000",
        "24028007",
        "51440002",
    )


def test_every_region_has_a_body_structure_and_broader_ones_say_so(kb: KnowledgeBase) -> None:
    sites = load_body_sites()
    unmapped = sorted(f.base for f in kb.families if sites.site(f.base) is None)
    assert unmapped == []  # a new region needs a decision: a confirmed concept, or a broader one marked so
    site = sites.site("forearm-back")
    assert site is not None and (site.snomed, site.match) == ("14975008", "broader")
    groin = sites.site("groin")
    assert groin is not None and (groin.snomed, groin.match) == ("26893007", "exact")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("temple", "nosuch-region"), "unknown region base 'nosuch-region'"),
        (('"450721000"', '"450721001"'), "not a SNOMED CT concept ID"),
        (("sources: [snomed-ct-international", "sources: [nosuch-source"), "unknown source 'nosuch-source'"),
        (("region: vertex,", "region: forehead,"), "mapped twice"),
    ],
)
def test_a_broken_file_is_refused_with_the_reason(kb: KnowledgeBase, change: tuple[str, str], message: str) -> None:
    with pytest.raises(BodySiteError, match=message):
        parse(TEXT.replace(*change, 1), kb)
