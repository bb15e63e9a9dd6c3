"""The SOAP note a visit's records write: subjective, objective, assessment and plan in plain English.

Pure: `draft` reads only the `VisitFacts` the note service gathers, so it is tested without a
database. The sections follow the SOAP headings of the clinical-session spec (section 5): S the
complaint, where it hurts and the change since the last visit; O the palpation findings; A what the
findings explain and the red flags; P the treatment, home care and the next visit. It names trigger
points found; it does not diagnose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean

CRITERIA = ("taut band", "jump sign", "local twitch response", "referred pain", "recognised as usual pain")


@dataclass(frozen=True)
class PainSince:
    """The diary's 0-10 ratings between the last visit (or the days before a first one) and this visit."""

    since: date
    ratings: tuple[int, ...]
    first_visit: bool


@dataclass(frozen=True)
class ScoreFact:
    """A questionnaire's latest score by the visit, the one before it, and its minimal important change."""

    name: str
    unit: str
    score: float
    on: date
    band: str | None
    previous: float | None
    change: str | None  # improved, worse, no meaningful change
    minimal_change: float


@dataclass(frozen=True)
class FindingFact:
    """One examined point: its names, the criteria found present, tenderness, PPT trials, what it explains."""

    muscle: str
    point: str
    side: str
    criteria: tuple[str, ...]
    tenderness: int | None
    ppt_trials: tuple[float, ...]
    classification: str  # active, latent, not-present
    explains: tuple[str, ...]  # painted regions its referral reaches
    tenderness_before: int | None = None
    ppt_before: float | None = None

    @property
    def label(self) -> str:
        """The point with its side, named with its muscle once (knowledge-base point names start with it)."""
        named = self.point if self.point.startswith(self.muscle) else f"{self.muscle} {self.point}"
        return f"{named} ({self.side})"

    @property
    def ppt(self) -> float | None:
        """The pressure pain threshold: the mean of the trials, kg/cm²."""
        return round(mean(self.ppt_trials), 1) if self.ppt_trials else None


@dataclass(frozen=True)
class TreatmentFact:
    """What was done at one point."""

    point: str
    side: str
    technique: str
    pressure: int
    seconds: int
    released: bool
    response: str


@dataclass(frozen=True)
class VisitFacts:
    """Everything the note says, read from the records by the note service."""

    visit_date: date
    complaint: str | None
    drawing: tuple[tuple[str, int], ...]  # region name, level 1-10
    pain_since: PainSince | None
    scores: tuple[ScoreFact, ...]
    findings: tuple[FindingFact, ...]
    screened: bool
    red_flags: tuple[str, ...]
    treatments: tuple[TreatmentFact, ...]
    home_program: tuple[str, ...]
    precautions: tuple[str, ...] = ()
    next_visit: str | None = None


@dataclass(frozen=True)
class SoapDraft:
    subjective: str
    objective: str
    assessment: str
    plan: str


def _pain_since(pain: PainSince | None) -> str:
    if pain is None or not pain.ratings:
        return "Pain since the last visit: no diary entries."
    when = (
        "in the 14 days before this first visit" if pain.first_visit else f"since the last visit ({pain.since:%-d %b})"
    )
    spread = f"mean {mean(pain.ratings):.1f}/10, range {min(pain.ratings)}-{max(pain.ratings)}"
    return f"Pain {when}: {spread} over {len(pain.ratings)} diary entries."


def _amount(value: float, unit: str) -> str:
    return f"{value:g}{unit}" if unit == "%" else f"{value:g} {unit}"


def _score(score: ScoreFact) -> str:
    band = f", {score.band}" if score.band else ""
    line = f"{score.name} {_amount(score.score, score.unit)} on {score.on:%-d %b}{band}"
    if score.previous is None:
        return f"{line} (first score)."
    change = f"{score.score - score.previous:+g}"
    mic = _amount(score.minimal_change, score.unit)
    return f"{line}; {change} since {score.previous:g}: {score.change} (minimal important change {mic})."


def subjective(facts: VisitFacts) -> str:
    """S: the complaint in the client's words, where it hurts, pain since the last visit, questionnaire scores."""
    lines = [f'Complaint: "{facts.complaint}".' if facts.complaint else "Complaint: not given in the client's words."]
    painted = ", ".join(f"{name} {level}/10" for name, level in facts.drawing)
    lines.append(f"Where it hurts (drawing): {painted}." if painted else "Where it hurts: no drawing for this visit.")
    lines.append(_pain_since(facts.pain_since))
    lines += [f"Questionnaire: {_score(score)}" for score in facts.scores]
    return "\n".join(lines)


def finding_row(finding: FindingFact) -> str:
    """One line of the findings table: point, side, criteria present, tenderness, PPT, classification."""
    criteria = ", ".join(finding.criteria) or "no criteria present"
    tender = f"tenderness {finding.tenderness}/10" if finding.tenderness is not None else "tenderness not rated"
    ppt = (
        f"PPT {finding.ppt:g} kg/cm² (mean of {len(finding.ppt_trials)})"
        if finding.ppt is not None
        else "PPT not measured"
    )
    return f"{finding.label}: {criteria}; {tender}; {ppt}; {finding.classification}."


def objective(facts: VisitFacts) -> str:
    """O: the palpation findings, one line per point examined."""
    if not facts.findings:
        return "No trigger points examined."
    return "\n".join(["Palpation findings:", *(f"- {finding_row(f)}" for f in facts.findings)])


def _change(finding: FindingFact) -> str | None:
    parts = []
    if finding.tenderness is not None and finding.tenderness_before is not None:
        parts.append(f"tenderness {finding.tenderness_before} then, {finding.tenderness} now")
    if finding.ppt is not None and finding.ppt_before is not None:
        parts.append(f"PPT {finding.ppt_before:g} then, {finding.ppt:g} now kg/cm²")
    return f"{finding.label}: {'; '.join(parts)}." if parts else None


def _red_flags(facts: VisitFacts) -> str:
    if not facts.screened:
        return "Red flags: the drawing's screen was not answered."
    if not facts.red_flags:
        return "Red flags: none on the drawing's screen."
    return "Red flags on the drawing's screen: " + "; ".join(facts.red_flags) + "."


def assessment(facts: VisitFacts) -> str:
    """A: the active trigger points found and the painted regions they explain, the change, the red flags."""
    active = [f for f in facts.findings if f.classification == "active"]
    latent = [f for f in facts.findings if f.classification == "latent"]
    lines = [f"Active trigger points found: {len(active)}; latent: {len(latent)}."]
    for finding in active:
        reach = ", ".join(finding.explains) or "none of the painted regions"
        lines.append(f"- {finding.label} refers to {reach}.")
    changes = [line for line in map(_change, facts.findings) if line]
    lines += ["Since the last visit:", *(f"- {c}" for c in changes)] if changes else ["No earlier findings to compare."]
    lines.append(_red_flags(facts))
    return "\n".join(lines)


def _treatment(treatment: TreatmentFact) -> str:
    released = "released" if treatment.released else "no release felt"
    response = f"; {treatment.response}" if treatment.response else ""
    return (
        f"- {treatment.point} ({treatment.side}): {treatment.technique.replace('-', ' ')}, pressure "
        f"{treatment.pressure}/10, {treatment.seconds} s, {released}{response}."
    )


def plan(facts: VisitFacts) -> str:
    """P: the treatment given per point, precautions kept, the home program, the next visit."""
    lines = ["Treatment given:", *map(_treatment, facts.treatments)] if facts.treatments else ["No treatment given."]
    if facts.precautions:
        lines.append("Precautions kept: " + "; ".join(facts.precautions) + ".")
    if facts.home_program:
        lines += ["Home program:", *(f"- {item}" for item in facts.home_program)]
    else:
        lines.append("Home program: none assigned.")
    lines.append(f"Next visit: {facts.next_visit or 'to be arranged'}.")
    return "\n".join(lines)


def draft(facts: VisitFacts) -> SoapDraft:
    """The four sections of the note, drafted from the visit's facts for the therapist to edit and sign."""
    return SoapDraft(subjective(facts), objective(facts), assessment(facts), plan(facts))
