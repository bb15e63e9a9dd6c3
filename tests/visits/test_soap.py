"""The SOAP draft from given facts: each section holds what it should; it names findings, never diagnoses."""

from __future__ import annotations

import re
from datetime import date

import pytest

from triggerpoint.visits.soap import FindingFact, PainSince, ScoreFact, TreatmentFact, VisitFacts, draft

ACTIVE = FindingFact(
    muscle="Upper trapezius", point="TP1", side="right", criteria=("taut band", "referred pain"), tenderness=5,
    ppt_trials=(3.0, 3.2, 3.4), classification="active", explains=("Temple, right",), tenderness_before=8,
    ppt_before=2.2,
)  # fmt: skip
LATENT = FindingFact("Levator scapulae", "TP1", "left", ("taut band",), 3, (), "latent", ())
FACTS = VisitFacts(
    visit_date=date(2026, 3, 9),
    complaint="My right temple aches at work",
    drawing=(("Temple, right", 6), ("Side of the neck, right", 4)),
    pain_since=PainSince(date(2026, 3, 2), (6, 4, 5), first_visit=False),
    scores=(ScoreFact("NDI", "points", 18, date(2026, 3, 9), None, 30, "improved", 7.5),),
    findings=(ACTIVE, LATENT),
    screened=True,
    red_flags=(),
    treatments=(TreatmentFact("TP1", "right", "ischemic-compression", 5, 90, True, "eased"),),
    home_program=("Upper trapezius (right): sustained pressure, pressure 4/10",),
    precautions=("anticoagulants (pressure at most 4/10)",),
    next_visit="in one week",
)


def test_subjective_has_the_complaint_drawing_diary_and_scores() -> None:
    s = draft(FACTS).subjective
    assert '"My right temple aches at work"' in s
    assert "Temple, right 6/10" in s and "Side of the neck, right 4/10" in s
    assert "mean 5.0/10, range 4-6 over 3 diary entries" in s
    assert "NDI 18 points" in s and "-12 since 30: improved (minimal important change 7.5 points)" in s


def test_objective_is_the_findings_table() -> None:
    o = draft(FACTS).objective
    assert (
        "Upper trapezius TP1 (right): taut band, referred pain; tenderness 5/10; PPT 3.2 kg/cm² (mean of 3); active"
        in o
    )
    assert "Levator scapulae TP1 (left): taut band; tenderness 3/10; PPT not measured; latent" in o


def test_assessment_names_what_the_active_points_explain_the_change_and_red_flags() -> None:
    a = draft(FACTS).assessment
    assert "Active trigger points found: 1; latent: 1." in a
    assert "Upper trapezius TP1 (right) refers to Temple, right." in a
    assert "tenderness 8 then, 5 now" in a and "PPT 2.2 then, 3.2 now kg/cm²" in a
    assert "Red flags: none on the drawing's screen." in a


def test_assessment_names_red_flags_answered_yes() -> None:
    flagged = VisitFacts(**{**FACTS.__dict__, "red_flags": ("Fever with a stiff neck?",)})
    assert "Red flags on the drawing's screen: Fever with a stiff neck?." in draft(flagged).assessment


def test_plan_has_treatment_precautions_home_program_and_next_visit() -> None:
    p = draft(FACTS).plan
    assert "TP1 (right): ischemic compression, pressure 5/10, 90 s, released; eased." in p
    assert "Precautions kept: anticoagulants (pressure at most 4/10)." in p
    assert "Upper trapezius (right): sustained pressure" in p
    assert "Next visit: in one week." in p


def test_a_bare_first_visit_says_what_is_missing() -> None:
    bare = VisitFacts(date(2026, 3, 2), None, (), PainSince(date(2026, 2, 16), (), True), (), (), False, (), (), ())
    note = draft(bare)
    assert "not given in the client's words" in note.subjective and "no diary entries" in note.subjective
    assert note.objective == "No trigger points examined."
    assert "screen was not answered" in note.assessment
    assert "No treatment given." in note.plan and "none assigned" in note.plan and "to be arranged" in note.plan


@pytest.mark.parametrize("word", ["diagnos", "syndrome", "disease", "disorder"])
def test_the_draft_names_findings_never_diagnoses(word: str) -> None:
    text = " ".join(draft(FACTS).__dict__.values())
    assert not re.search(word, text, re.IGNORECASE)
    assert "trigger points found" in text
