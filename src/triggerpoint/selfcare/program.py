"""build_home_program: a dosed, capped, rotated self-care program from chosen trigger points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.errors import FieldError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.ids import ids_of
from triggerpoint.kb.schema import Precaution, Side, TriggerPoint
from triggerpoint.selfcare.dosing import DosingRules


class PointChoice(BaseModel):
    """A trigger point on one side, as picked from the finder or confirmed by a therapist."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    muscle: str = Field(max_length=64, json_schema_extra=ids_of("muscle"))
    point: str = Field(max_length=64, json_schema_extra=ids_of("point"))
    side: Side

    @property
    def key(self) -> str:
        return f"massage:{self.muscle}/{self.point}/{self.side.value}"


class MassageItem(BaseModel):
    """Self-massage of one trigger point, dosed."""

    key: str
    muscle: str
    muscle_name: str
    point: str
    point_name: str
    side: Side
    tool: str
    position: str
    find: str
    technique: Literal["sustained-pressure", "short-strokes"]
    pressure: int = Field(ge=1, le=10)
    max_pressure: int = Field(ge=1, le=10, description="the cap the dosing rules and precautions allow")
    seconds: int | None = None
    strokes: int | None = None
    times_per_day: int = Field(ge=1, le=6)
    avoid: str
    notes: list[str] = Field(default_factory=list)
    enabled: bool = True

    def minutes_per_day(self, rules: DosingRules) -> float:
        """Time this item takes in a day, setting up included."""
        work = self.seconds if self.seconds is not None else (self.strokes or 0) * rules.seconds_per_stroke
        return round((work + rules.setup_seconds) * self.times_per_day / 60, 1)


class StretchItem(BaseModel):
    key: str
    muscle: str
    name: str
    how: str
    hold_seconds: int
    repetitions: int
    times_per_day: int


class AdviceItem(BaseModel):
    key: str
    kind: str
    title: str
    text: str
    sources: list[str]


class SkippedPoint(BaseModel):
    key: str
    name: str
    reason: str


class HomeProgram(BaseModel):
    """The whole program. `schedule` lists the massage items of each day of the rotation."""

    massage: list[MassageItem]
    stretches: list[StretchItem]
    advice: list[AdviceItem]
    skipped: list[SkippedPoint] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    injury_sites: list[str] = Field(
        default_factory=list, description="region groups or regions of a recent operation or injury, left alone"
    )
    schedule: list[list[str]]
    max_points_per_day: int
    max_minutes_per_day: float


class DayPlan(BaseModel):
    """What to do on one day: the rotation's points, their muscles' stretches, and the advice."""

    day_index: int
    massage: list[MassageItem]
    stretches: list[StretchItem]
    advice: list[AdviceItem]


def site_precaution(kb: KnowledgeBase) -> Precaution | None:
    """The precaution that asks where (a recent operation or injury), if the knowledge base has one."""
    return next((p for p in kb.precautions if p.site is not None), None)


def site_ids(kb: KnowledgeBase) -> list[str]:
    """Every answer to "where?": the region groups, then every region."""
    return [*dict.fromkeys(family.group for family in kb.families), *(region.id for region in kb.regions)]


def site_label(kb: KnowledgeBase, site: str) -> str:
    """A plain name for a region group or region named as a site."""
    precaution = site_precaution(kb)
    groups = {g.id: g.label for g in precaution.site.groups} if precaution and precaution.site else {}
    return groups.get(site) or kb.region(site).name


def _point_areas(kb: KnowledgeBase, point: TriggerPoint, side: Side) -> set[str]:
    """The regions a point lies in on one side (its marker and local regions), and their groups."""
    entries = (point.marker.region, *point.referral.local)
    regions = {region for entry in entries for region in kb.resolve(entry, side)}
    return regions | {kb.region(region).group for region in regions}


def _site_reason(kb: KnowledgeBase, choice: PointChoice, sites: Sequence[str]) -> str | None:
    hit = [site for site in sites if site in _point_areas(kb, kb.point(choice.muscle, choice.point), choice.side)]
    precaution = site_precaution(kb)
    if not hit or precaution is None or precaution.site is None:
        return None
    return precaution.site.reason.replace("{areas}", "; ".join(site_label(kb, site) for site in hit))


def _skip_reason(kb: KnowledgeBase, point: TriggerPoint, precautions: Sequence[Precaution]) -> str | None:
    family = kb.family(point.marker.region)
    for precaution in precautions:
        regions = {point.marker.region, *point.referral.local}
        if regions & set(precaution.skip_regions) or (family and family.group in precaution.skip_groups):
            return precaution.why
    return None


def _massage_item(
    kb: KnowledgeBase, choice: PointChoice, precautions: Sequence[Precaution], rules: DosingRules
) -> MassageItem:
    muscle, point = kb.muscle(choice.muscle), kb.point(choice.muscle, choice.point)
    care = point.self_treatment
    caps = [p for p in precautions if p.max_pressure is not None]
    cap = min([rules.max_pressure, *(p.max_pressure or rules.max_pressure for p in caps)])
    pressure = min(care.dose.pressure, cap)
    notes = [f"Lighter pressure: {p.why}" for p in caps if (p.max_pressure or cap) < care.dose.pressure]
    tool = care.tool
    for p in precautions:
        if tool in p.avoid_tools:
            notes.append(f"Use your fingers, not the {kb.term('tools', tool).name.lower()}: {p.why}")
            tool = "fingers"
    return MassageItem(
        key=choice.key,
        muscle=muscle.id,
        muscle_name=muscle.name,
        point=point.id,
        point_name=point.name,
        side=choice.side,
        tool=tool,
        position=care.position,
        find=care.find,
        technique=care.technique.value,
        pressure=pressure,
        max_pressure=cap,
        seconds=rules.clamp_seconds(care.dose.seconds) if care.dose.seconds is not None else None,
        strokes=rules.clamp_strokes(care.dose.strokes) if care.dose.strokes is not None else None,
        times_per_day=min(care.dose.times_per_day, rules.max_times_per_day),
        avoid=care.avoid,
        notes=notes,
    )


def _stretches(kb: KnowledgeBase, items: Iterable[MassageItem], rules: DosingRules) -> list[StretchItem]:
    stretches = []
    for muscle_id in dict.fromkeys(item.muscle for item in items):
        stretch = kb.muscle(muscle_id).stretch
        stretches.append(
            StretchItem(
                key=f"stretch:{muscle_id}",
                muscle=muscle_id,
                name=stretch.name,
                how=stretch.how,
                hold_seconds=stretch.hold_seconds,
                repetitions=stretch.repetitions,
                times_per_day=rules.stretch_times_per_day,
            )
        )
    return stretches


def _advice(kb: KnowledgeBase, activities: Sequence[str]) -> list[AdviceItem]:
    chosen = [
        AdviceItem(key=f"advice:{a.id}", kind="posture", title=a.title, text=a.text, sources=list(a.sources))
        for a in kb.advice
        if set(a.activities) & set(activities)
    ]
    general = [
        AdviceItem(key=f"care:{g.id}", kind=g.kind, title=g.title, text=g.text, sources=list(g.sources))
        for g in kb.general_care
    ]
    return chosen + general


def rotation(items: Sequence[MassageItem], rules: DosingRules) -> list[list[str]]:
    """Split the enabled points into days that each keep within the daily caps, in priority order."""
    days: list[list[str]] = []
    minutes = 0.0
    for item in (i for i in items if i.enabled):
        cost = item.minutes_per_day(rules)
        if not days or len(days[-1]) >= rules.max_points_per_day or minutes + cost > rules.max_minutes_per_day:
            days.append([])
            minutes = 0.0
        days[-1].append(item.key)
        minutes += cost
    return days or [[]]


def build_home_program(
    kb: KnowledgeBase,
    choices: Sequence[PointChoice],
    activities: Sequence[str] = (),
    precaution_ids: Sequence[str] = (),
    rules: DosingRules | None = None,
    injury_sites: Sequence[str] = (),
) -> HomeProgram:
    """Build a home program: each point's dosed self-massage, each muscle's stretch, advice, a rotation.

    Precautions lower the pressure, swap tools or skip points, and each change says why.
    Points that lie over the area of a recent operation or injury (`injury_sites`: region
    groups or regions) are left out, saying so. Points beyond the daily caps are rotated
    across days, never piled into one.
    """
    rules = rules or kb.rules.dosing
    precautions = [kb.precaution(pid) for pid in dict.fromkeys(precaution_ids)]
    sites = list(dict.fromkeys(injury_sites))
    massage: list[MassageItem] = []
    skipped: list[SkippedPoint] = []
    for choice in dict.fromkeys(choices):
        point = kb.point(choice.muscle, choice.point)
        reason = _site_reason(kb, choice, sites) or _skip_reason(kb, point, precautions)
        if reason:
            skipped.append(SkippedPoint(key=choice.key, name=f"{point.name} ({choice.side.value})", reason=reason))
        else:
            massage.append(_massage_item(kb, choice, precautions, rules))
    return HomeProgram(
        massage=massage,
        stretches=_stretches(kb, massage, rules),
        advice=_advice(kb, activities),
        skipped=skipped,
        notes=[_note(kb, p, sites) for p in precautions],
        schedule=rotation(massage, rules),
        max_points_per_day=rules.max_points_per_day,
        max_minutes_per_day=rules.max_minutes_per_day,
        injury_sites=sites,
    )


def _note(kb: KnowledgeBase, precaution: Precaution, sites: Sequence[str]) -> str:
    note = f"{precaution.ask} You said yes. {precaution.why}"
    if precaution.site is not None and sites:
        note += f" You said where: {'; '.join(site_label(kb, site) for site in sites)}."
    return note


def day_plan(program: HomeProgram, day_index: int) -> DayPlan:
    """The items for day `day_index` (0 = the day the program starts) of the rotation."""
    keys = program.schedule[day_index % len(program.schedule)]
    massage = [item for key in keys for item in program.massage if item.key == key and item.enabled]
    muscles = {item.muscle for item in massage}
    return DayPlan(
        day_index=day_index,
        massage=massage,
        stretches=[s for s in program.stretches if s.muscle in muscles],
        advice=program.advice,
    )


class ItemEdit(BaseModel):
    """A person's change to one massage item; anything left out stays as it was."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(max_length=200)
    enabled: bool | None = None
    pressure: int | None = Field(default=None, ge=1, le=10)
    seconds: int | None = Field(default=None, ge=1, le=3600)
    strokes: int | None = Field(default=None, ge=1, le=1000)
    times_per_day: int | None = Field(default=None, ge=1, le=100)


class EditError(FieldError):
    """An edit the dosing rules do not allow; names the item and the limit."""


def _check_edit(item: MassageItem, edit: ItemEdit, rules: DosingRules) -> None:
    where = f"edits[{edit.key}]"
    if edit.pressure is not None and edit.pressure > item.max_pressure:
        raise EditError(f"{where}.pressure", f"at most {item.max_pressure}/10 for this point")
    if edit.seconds is not None and not rules.min_seconds <= edit.seconds <= rules.max_seconds:
        raise EditError(f"{where}.seconds", f"between {rules.min_seconds} and {rules.max_seconds} seconds")
    if edit.strokes is not None and not rules.min_strokes <= edit.strokes <= rules.max_strokes:
        raise EditError(f"{where}.strokes", f"between {rules.min_strokes} and {rules.max_strokes} strokes")
    if (edit.seconds is not None and item.seconds is None) or (edit.strokes is not None and item.strokes is None):
        raise EditError(where, "this point is dosed in " + ("seconds" if item.seconds else "strokes"))
    if edit.times_per_day is not None and edit.times_per_day > rules.max_times_per_day:
        raise EditError(f"{where}.times_per_day", f"at most {rules.max_times_per_day} times a day")


def edit_program(program: HomeProgram, edits: Sequence[ItemEdit], rules: DosingRules) -> HomeProgram:
    """Apply a person's edits within the dosing rules and rebuild the rotation."""
    by_key = {item.key: item for item in program.massage}
    for edit in edits:
        if edit.key not in by_key:
            raise EditError(f"edits[{edit.key}]", "no such item in this program")
        _check_edit(by_key[edit.key], edit, rules)
        changes = edit.model_dump(exclude={"key"}, exclude_none=True)
        by_key[edit.key] = by_key[edit.key].model_copy(update=changes)
    massage = [by_key[item.key] for item in program.massage]
    return program.model_copy(update={"massage": massage, "schedule": rotation(massage, rules)})
