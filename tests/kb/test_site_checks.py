"""The "where was the operation or injury?" question: offered for every region group, checked at load."""

from __future__ import annotations

from dataclasses import replace

from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.checks import cross_reference_problems


def with_site(kb: KnowledgeBase, **changes: object) -> KnowledgeBase:
    """The knowledge base with the site question of the surgery precaution changed."""
    surgery = kb.precaution("recent-surgery-or-injury")
    assert surgery.site is not None
    site = surgery.site.model_copy(update=changes)
    precautions = tuple(p.model_copy(update={"site": site}) if p is surgery else p for p in kb.precautions)
    return replace(kb, precautions=precautions)


def test_only_the_surgery_precaution_asks_where_and_it_offers_every_region_group(kb: KnowledgeBase) -> None:
    asking = [p.id for p in kb.precautions if p.site is not None]
    assert asking == ["recent-surgery-or-injury"]
    site = kb.precaution("recent-surgery-or-injury").site
    assert site is not None
    assert [g.id for g in site.groups] == list(dict.fromkeys(f.group for f in kb.families))
    assert all(g.label[0].isupper() for g in site.groups)
    assert cross_reference_problems(kb) == []


def test_a_group_left_out_of_the_question_is_a_load_error(kb: KnowledgeBase) -> None:
    site = kb.precaution("recent-surgery-or-injury").site
    assert site is not None
    broken = with_site(kb, groups=site.groups[1:])
    assert any("'head-face' is not offered" in p for p in cross_reference_problems(broken))


def test_an_unknown_group_or_a_reason_that_names_no_area_is_a_load_error(kb: KnowledgeBase) -> None:
    site = kb.precaution("recent-surgery-or-injury").site
    assert site is not None
    bogus = site.groups[0].model_copy(update={"id": "elbowz"})
    problems = cross_reference_problems(with_site(kb, groups=(*site.groups, bogus), reason="It is left out."))
    assert any("unknown region group 'elbowz'" in p for p in problems)
    assert any("{areas}" in p for p in problems)


def test_two_precautions_asking_where_is_a_load_error(kb: KnowledgeBase) -> None:
    site = kb.precaution("recent-surgery-or-injury").site
    twice = tuple(p.model_copy(update={"site": site}) if p.id == "cancer" else p for p in kb.precautions)
    problems = cross_reference_problems(replace(kb, precautions=twice))
    assert any("only one precaution may ask where" in p for p in problems)
