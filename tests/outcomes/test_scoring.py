"""Scoring against worked examples computed by hand from each instrument's published rules."""

from __future__ import annotations

import pytest

from triggerpoint.kb import UnknownIdError
from triggerpoint.outcomes import AnswerError, Score, acr_regions, change_between, score_response, wpi_from_areas


def sections(*scores: int | None) -> dict[str, int | bool | None]:
    """NDI/ODI answers: section-1 ... section-N in order; None is a blank."""
    return {f"section-{number}": score for number, score in enumerate(scores, start=1)}


def spread(total: int, count: int) -> list[int | None]:
    """`count` section scores (0-5 each) adding up to `total`, then blanks up to 10 sections."""
    scores: list[int | None] = []
    for _ in range(count):
        part = min(5, total)
        scores.append(part)
        total -= part
    assert total == 0
    return scores + [None] * (10 - count)


# --- Neck Disability Index (Vernon & Mior 1991): sum of 10 sections x 0-5, as % of answered


def test_ndi_complete_is_the_total_as_a_percentage_of_50() -> None:
    score = score_response("ndi", sections(0, 1, 2, 3, 4, 5, 0, 1, 2, 3))  # 21 of 50
    assert score.valid
    assert score.value == 42.0
    assert score.unit == "%"
    assert score.band == "moderate disability"  # raw 15-24
    assert (score.answered, score.missing) == (10, 0)
    assert score.details == {"raw_sum": 21, "max_possible": 50, "points_of_50": 21.0}


def test_ndi_one_blank_section_shrinks_the_denominator_to_45() -> None:
    score = score_response("ndi", sections(2, 2, 2, 2, 2, 2, 2, 1, 1, None))  # 16 of 45
    assert score.valid
    assert score.value == 35.6  # 16 / 45 x 100 = 35.56
    assert score.band == "moderate disability"
    assert (score.answered, score.missing) == (9, 1)
    assert score.details["max_possible"] == 45
    assert score.details["points_of_50"] == 17.8  # 16 x 50 / 45
    assert "Section 10 (recreation)" in score.note  # the blank section named with its topic


def test_ndi_absent_keys_count_as_blank_like_none() -> None:
    with_none = score_response("ndi", sections(3, 3, 3, 3, 3, 3, 3, 3, None, None))
    absent = score_response("ndi", {f"section-{n}": 3 for n in range(1, 9)})
    assert with_none == absent
    assert absent.value == 60.0  # 24 / 40 x 100
    assert absent.band == "severe disability"
    assert absent.missing == 2


def test_ndi_three_blank_sections_give_no_score() -> None:
    score = score_response("ndi", sections(5, 5, 5, 5, 5, 5, 5, None, None, None))
    assert not score.valid
    assert score.value is None
    assert score.band is None
    assert (score.answered, score.missing) == (7, 3)
    assert "No score" in score.note
    assert "Section 8 (driving), Section 9 (sleeping), Section 10 (recreation)" in score.note
    assert score.details == {}


def test_ndi_blank_is_never_zero() -> None:
    blank = score_response("ndi", sections(4, 4, 4, 4, 4, 4, 4, 4, 4, None))
    zero = score_response("ndi", sections(4, 4, 4, 4, 4, 4, 4, 4, 4, 0))
    assert blank.value == 80.0  # 36 / 45
    assert zero.value == 72.0  # 36 / 50


@pytest.mark.parametrize(
    ("raw", "percent", "band"),
    [
        (0, 0.0, "no disability"),
        (4, 8.0, "no disability"),
        (5, 10.0, "mild disability"),
        (14, 28.0, "mild disability"),
        (15, 30.0, "moderate disability"),
        (24, 48.0, "moderate disability"),
        (25, 50.0, "severe disability"),
        (34, 68.0, "severe disability"),
        (35, 70.0, "complete disability"),
        (50, 100.0, "complete disability"),
    ],
)
def test_ndi_bands_match_vernon_and_mior_on_the_raw_total(raw: int, percent: float, band: str) -> None:
    score = score_response("ndi", sections(*spread(raw, 10)))
    assert (score.value, score.band) == (percent, band)


def test_ndi_prorated_score_between_published_bands_goes_up() -> None:
    score = score_response("ndi", sections(*spread(4, 9)))  # 4 / 45 = 8.9%: above "none" (0-8)
    assert score.value == 8.9
    assert score.band == "mild disability"


# --- Oswestry Disability Index 2.1a (Fairbank & Pynsent 2000)


def test_odi_fairbank_worked_examples() -> None:
    complete = score_response("odi", sections(2, 2, 2, 2, 2, 2, 1, 1, 1, 1))  # 16 of 50
    assert complete.value == 32.0
    assert complete.band == "moderate disability"
    one_blank = score_response("odi", sections(2, 2, 2, 2, 2, 2, 1, 1, 2, None))  # 16 of 45
    assert one_blank.value == 35.6
    assert one_blank.missing == 1


def test_odi_two_blanks_allowed_three_not() -> None:
    two = score_response("odi", sections(1, 1, 1, 1, 1, 1, 1, 1, None, None))
    assert two.valid
    assert two.value == 20.0  # 8 / 40
    assert two.band == "minimal disability"
    three = score_response("odi", sections(1, 1, 1, 1, 1, 1, 1, None, None, None))
    assert not three.valid
    assert three.value is None
    assert three.missing == 3


@pytest.mark.parametrize(
    ("raw", "answered", "percent", "band"),
    [
        (10, 10, 20.0, "minimal disability"),
        (11, 10, 22.0, "moderate disability"),
        (20, 10, 40.0, "moderate disability"),
        (21, 10, 42.0, "severe disability"),
        (30, 10, 60.0, "severe disability"),
        (31, 10, 62.0, "crippling disability"),
        (40, 10, 80.0, "crippling disability"),
        (41, 10, 82.0, "bed-bound"),
        (50, 10, 100.0, "bed-bound"),
        (0, 10, 0.0, "minimal disability"),
        (9, 9, 20.0, "minimal disability"),  # 9 / 45
        (10, 9, 22.2, "moderate disability"),  # 10 / 45
        (9, 8, 22.5, "moderate disability"),  # 9 / 40
        (32, 8, 80.0, "crippling disability"),  # 32 / 40
        (33, 8, 82.5, "bed-bound"),
    ],
)
def test_odi_band_boundaries(raw: int, answered: int, percent: float, band: str) -> None:
    score = score_response("odi", sections(*spread(raw, answered)))
    assert (score.value, score.band) == (percent, band)


@pytest.mark.parametrize("instrument_id", ["ndi", "odi"])
def test_every_reachable_prorated_score_has_exactly_one_band(instrument_id: str) -> None:
    for answered in (8, 9, 10):
        for raw in range(5 * answered + 1):
            score = score_response(instrument_id, sections(*spread(raw, answered)))
            assert score.valid
            assert score.band is not None, (answered, raw, score.value)


# --- HIT-6 (Kosinski et al. 2003): six items coded 6, 8, 10, 11, 13, summed


def hit6(*codes: int | None) -> dict[str, int | bool | None]:
    return {f"item-{number}": code for number, code in enumerate(codes, start=1)}


@pytest.mark.parametrize(
    ("codes", "total", "band"),
    [
        ((6, 6, 6, 6, 6, 6), 36, "little or no impact"),
        ((13, 8, 8, 8, 6, 6), 49, "little or no impact"),
        ((10, 8, 8, 8, 8, 8), 50, "some impact"),
        ((11, 11, 11, 8, 8, 6), 55, "some impact"),
        ((10, 10, 10, 10, 8, 8), 56, "substantial impact"),
        ((11, 10, 10, 10, 10, 8), 59, "substantial impact"),
        ((10, 10, 10, 10, 10, 10), 60, "severe impact"),
        ((13, 13, 13, 13, 13, 13), 78, "severe impact"),
    ],
)
def test_hit6_sum_and_impact_groups(codes: tuple[int, ...], total: int, band: str) -> None:
    score = score_response("hit6", hit6(*codes))
    assert score.valid
    assert (score.value, score.band, score.unit) == (total, band, "points")


def test_hit6_needs_all_six_items() -> None:
    score = score_response("hit6", hit6(13, 13, 13, 13, 13, None))
    assert not score.valid
    assert score.value is None
    assert (score.answered, score.missing) == (5, 1)
    assert "Item 6" in score.note


@pytest.mark.parametrize("code", [0, 7, 9, 12, 14, 5])
def test_hit6_only_accepts_its_response_codes(code: int) -> None:
    with pytest.raises(AnswerError) as caught:
        score_response("hit6", hit6(6, 6, code, 6, 6, 6))
    assert caught.value.field == "item-3"
    assert "6, 8, 10, 11, 13" in caught.value.message


# --- ACR 2016 fibromyalgia criteria (Wolfe et al. 2016)

AREAS = (
    "jaw-left",
    "jaw-right",
    "shoulder-girdle-left",
    "shoulder-girdle-right",
    "upper-arm-left",
    "upper-arm-right",
    "lower-arm-left",
    "lower-arm-right",
    "hip-left",
    "hip-right",
    "upper-leg-left",
    "upper-leg-right",
    "lower-leg-left",
    "lower-leg-right",
    "neck",
    "upper-back",
    "lower-back",
    "chest",
    "abdomen",
)


def acr(
    painful: set[str],
    fatigue: int = 0,
    waking: int = 0,
    cognitive: int = 0,
    headaches: bool = False,
    abdominal: bool = False,
    depression: bool = False,
    lasting: bool = True,
) -> dict[str, int | bool | None]:
    assert painful <= set(AREAS)
    answers: dict[str, int | bool | None] = {area: area in painful for area in AREAS}
    answers.update(
        {
            "fatigue": fatigue,
            "waking-unrefreshed": waking,
            "cognitive-symptoms": cognitive,
            "headaches": headaches,
            "lower-abdominal-pain": abdominal,
            "depression": depression,
            "duration-3-months": lasting,
        }
    )
    return answers


FIVE_REGIONS = {"shoulder-girdle-left", "upper-arm-right", "hip-left", "upper-leg-right", "neck"}


def test_acr_wpi_7_sss_6_generalized_meets_the_criteria() -> None:
    painful = FIVE_REGIONS | {"lower-back", "upper-arm-left"}  # 7 areas in all 5 regions
    score = score_response("acr2016", acr(painful, fatigue=2, waking=2, cognitive=1, headaches=True))
    assert score.valid
    assert score.details == {
        "wpi": 7,
        "sss": 6,  # 2 + 2 + 1 + headaches
        "severity": 13,
        "regions_with_pain": 5,
        "generalized": True,
        "symptoms_3_months": True,
        "criteria_met": True,
    }
    assert score.value == 13
    assert score.band == "severe"  # polysymptomatic distress 12-19
    assert "not a diagnosis" in score.note


def test_acr_wpi_7_sss_4_does_not() -> None:
    painful = FIVE_REGIONS | {"lower-back", "upper-arm-left"}
    score = score_response("acr2016", acr(painful, fatigue=2, waking=1, headaches=True))
    assert (score.details["wpi"], score.details["sss"]) == (7, 4)
    assert score.details["generalized"] is True
    assert score.details["criteria_met"] is False


@pytest.mark.parametrize(
    ("extra", "fatigue", "waking", "cognitive", "headaches", "wpi", "sss", "met"),
    [
        (set(), 3, 3, 2, True, 5, 9, True),  # WPI 4-6 needs SSS >= 9
        (set(), 3, 3, 2, False, 5, 8, False),
        ({"lower-back"}, 3, 3, 3, False, 6, 9, True),
    ],
)
def test_acr_wpi_4_to_6_needs_sss_9(
    extra: set[str], fatigue: int, waking: int, cognitive: int, headaches: bool, wpi: int, sss: int, met: bool
) -> None:
    painful = FIVE_REGIONS | extra
    score = score_response("acr2016", acr(painful, fatigue, waking, cognitive, headaches))
    assert (score.details["wpi"], score.details["sss"], score.details["criteria_met"]) == (wpi, sss, met)


def test_acr_wpi_4_in_4_regions_with_sss_9_meets_and_wpi_3_never_does() -> None:
    four = {"shoulder-girdle-left", "shoulder-girdle-right", "hip-left", "neck"}
    met = score_response("acr2016", acr(four, 3, 3, 3))
    assert (met.details["wpi"], met.details["sss"], met.details["regions_with_pain"]) == (4, 9, 4)
    assert met.details["criteria_met"] is True
    three = {"shoulder-girdle-left", "shoulder-girdle-right", "hip-left"}
    not_met = score_response("acr2016", acr(three, 3, 3, 3, True, True, True))
    assert (not_met.details["wpi"], not_met.details["sss"]) == (3, 12)
    assert not_met.details["criteria_met"] is False


def test_acr_jaw_chest_and_abdomen_do_not_make_pain_generalized() -> None:
    painful = {"jaw-left", "jaw-right", "chest", "abdomen", "neck", "upper-back", "lower-back", "shoulder-girdle-left"}
    score = score_response("acr2016", acr(painful, fatigue=3, waking=2, cognitive=2))
    assert (score.details["wpi"], score.details["sss"]) == (8, 7)  # severity rule alone is met
    assert score.details["regions_with_pain"] == 2  # axial and left upper only
    assert score.details["generalized"] is False
    assert score.details["criteria_met"] is False


def test_acr_needs_three_months() -> None:
    painful = FIVE_REGIONS | {"lower-back", "upper-arm-left"}
    score = score_response("acr2016", acr(painful, 2, 2, 1, True, lasting=False))
    assert score.details["symptoms_3_months"] is False
    assert score.details["criteria_met"] is False
    assert score.value == 13


def test_acr_any_blank_area_or_symptom_gives_no_score() -> None:
    for blank in ("chest", "fatigue", "depression", "duration-3-months"):
        answers = acr(FIVE_REGIONS, 1, 1, 1)
        answers[blank] = None
        score = score_response("acr2016", answers)
        assert not score.valid, blank
        assert score.value is None
        assert score.missing == 1


@pytest.mark.parametrize(
    ("painful", "sss", "band"),
    [
        (set(), 3, "none"),
        (set(), 4, "mild"),
        ({"neck", "chest"}, 9, "moderate"),  # 11
        ({"neck", "chest", "abdomen"}, 9, "severe"),  # 12
        ({"neck", "chest", "abdomen", "upper-back", "lower-back", "hip-left", "hip-right"}, 12, "severe"),  # 19
    ],
)
def test_acr_polysymptomatic_distress_bands(painful: set[str], sss: int, band: str) -> None:
    fatigue, waking, cognitive = min(3, sss), min(3, max(0, sss - 3)), min(3, max(0, sss - 6))
    others = max(0, sss - 9)
    answers = acr(painful, fatigue, waking, cognitive, others >= 1, others >= 2, others >= 3)
    score = score_response("acr2016", answers)
    assert score.details["sss"] == sss
    assert score.value == len(painful) + sss
    assert score.band == band


def test_acr_band_edges_19_20_and_31() -> None:
    assert score_response("acr2016", acr(set(AREAS))).band == "severe"  # 19
    assert score_response("acr2016", acr(set(AREAS), fatigue=1)).band == "very severe"  # 20
    top = score_response("acr2016", acr(set(AREAS), 3, 3, 3, True, True, True))
    assert (top.value, top.band) == (31, "very severe")


def test_acr_booleans_must_be_true_or_false() -> None:
    answers = acr(FIVE_REGIONS)
    answers["neck"] = 1
    with pytest.raises(AnswerError) as caught:
        score_response("acr2016", answers)
    assert caught.value.field == "neck"


def test_acr_symptom_ratings_are_0_to_3() -> None:
    with pytest.raises(AnswerError, match="cognitive-symptoms"):
        score_response("acr2016", acr(FIVE_REGIONS, cognitive=4))


def test_wpi_counts_distinct_valid_areas_only() -> None:
    assert wpi_from_areas(["neck", "neck", "chest", "temple-left", "jaw-left", "Neck"]) == 3
    assert wpi_from_areas(AREAS) == 19
    assert wpi_from_areas([]) == 0
    assert wpi_from_areas(iter(["hip-left", "hip-right"])) == 2


def test_acr_regions() -> None:
    assert acr_regions(["upper-arm-left", "lower-back", "calf-right"]) == {
        "left-upper": True,
        "right-upper": False,
        "left-lower": False,
        "right-lower": False,
        "axial": True,
    }
    assert not any(acr_regions(["jaw-left", "jaw-right", "chest", "abdomen"]).values())
    assert all(acr_regions(AREAS).values())
    assert acr_regions(["lower-leg-right", "hip-left", "lower-arm-right"]) == {
        "left-upper": False,
        "right-upper": True,
        "left-lower": True,
        "right-lower": True,
        "axial": False,
    }


# --- Patient-Specific Functional Scale (Stratford et al. 1995): mean of the activities rated


def test_psfs_is_the_mean_of_the_rated_activities() -> None:
    score = score_response("psfs", {"activity-1": 3, "activity-2": 5, "activity-3": 8})
    assert score.valid
    assert score.value == 5.3  # 16 / 3
    assert score.band is None
    assert (score.answered, score.missing) == (3, 2)
    assert score.details == {"activities_rated": 3}


def test_psfs_unrated_activities_are_left_out_not_zero() -> None:
    score = score_response(
        "psfs", {"activity-1": 4, "activity-2": 6, "activity-3": None, "activity-4": 8, "activity-5": None}
    )
    assert score.value == 6.0


def test_psfs_one_activity_is_enough_with_a_caution() -> None:
    score = score_response("psfs", {"activity-2": 7})
    assert score.valid
    assert score.value == 7.0
    assert "three to five" in score.note


def test_psfs_no_activity_gives_no_score() -> None:
    score = score_response("psfs", {"activity-1": None})
    assert not score.valid
    assert score.value is None
    assert score.missing == 5


def test_psfs_ratings_are_0_to_10_and_there_are_five_activities() -> None:
    with pytest.raises(AnswerError, match="activity-1"):
        score_response("psfs", {"activity-1": 11})
    with pytest.raises(AnswerError) as caught:
        score_response("psfs", {"activity-6": 5})
    assert caught.value.field == "activity-6"


# --- Numeric Pain Rating Scale


@pytest.mark.parametrize(
    ("pain", "band"),
    [
        (0, "no pain"),
        (1, "mild pain"),
        (3, "mild pain"),
        (4, "moderate pain"),
        (6, "moderate pain"),
        (7, "severe pain"),
        (10, "severe pain"),
    ],
)
def test_nprs_bands(pain: int, band: str) -> None:
    score = score_response("nprs", {"pain": pain})
    assert (score.value, score.band, score.valid) == (pain, band, True)


def test_nprs_needs_its_one_rating() -> None:
    score = score_response("nprs", {})
    assert not score.valid
    assert (score.answered, score.missing) == (0, 1)


@pytest.mark.parametrize("bad", [-1, 11, True, 2.5, "3"])
def test_nprs_rejects_out_of_range_and_wrong_types(bad: object) -> None:
    with pytest.raises(AnswerError) as caught:
        score_response("nprs", {"pain": bad})  # type: ignore[dict-item]
    assert caught.value.field == "pain"
    assert str(caught.value).startswith("pain: ")


# --- Answers and instruments that do not exist


def test_unknown_item_is_named() -> None:
    with pytest.raises(AnswerError) as caught:
        score_response("ndi", {"section-11": 2})
    assert caught.value.field == "section-11"
    assert isinstance(caught.value, ValueError)


def test_unknown_instrument_names_close_matches() -> None:
    with pytest.raises(UnknownIdError, match="did you mean hit6") as caught:
        score_response("hit-6", {})
    assert isinstance(caught.value, KeyError)


def test_score_is_frozen_and_keeps_booleans_as_booleans() -> None:
    score = score_response("acr2016", acr(FIVE_REGIONS))
    assert isinstance(score, Score)
    assert score.details["generalized"] is True
    assert type(score.details["wpi"]) is int
    with pytest.raises(ValueError, match="frozen"):
        score.value = 3  # type: ignore[misc]


# --- Change between two scores, against the minimal important change


@pytest.mark.parametrize(
    ("instrument_id", "before", "after", "verdict"),
    [
        ("odi", 50, 40, "improved"),  # exactly 10 points
        ("odi", 50, 41, "no meaningful change"),
        ("odi", 40, 50, "worse"),
        ("ndi", 44.4, 29.4, "improved"),  # 15 percentage points, despite float error
        ("ndi", 44, 30, "no meaningful change"),
        ("ndi", 30, 46, "worse"),
        ("hit6", 62, 56, "improved"),
        ("hit6", 62, 57, "no meaningful change"),
        ("hit6", 56, 62, "worse"),
        ("nprs", 7, 5, "improved"),
        ("nprs", 7, 6, "no meaningful change"),
        ("nprs", 5, 7, "worse"),
        ("psfs", 3.0, 5.0, "improved"),  # higher is better
        ("psfs", 3.0, 4.9, "no meaningful change"),
        ("psfs", 5.3, 3.3, "worse"),
        ("acr2016", 20, 16, "improved"),
        ("acr2016", 20, 17, "no meaningful change"),
        ("acr2016", 12, 16, "worse"),
    ],
)
def test_change_between(instrument_id: str, before: float, after: float, verdict: str) -> None:
    assert change_between(instrument_id, before, after) == verdict


# Farrar et al. 2001 (NPRS) and Ostelo et al. 2008 (NPRS, ODI): an improvement counts at
# 2 points (NPRS) or 10 percentage points (ODI), or at 30% of the starting score.
@pytest.mark.parametrize(
    ("instrument_id", "before", "after", "verdict"),
    [
        ("nprs", 3, 2, "improved"),  # 1 point but 33% of the start: the relative threshold
        ("nprs", 8, 6, "improved"),  # 2 points though only 25%: the absolute threshold
        ("nprs", 10, 7, "improved"),  # 3 points and 30%: both
        ("nprs", 2, 1, "improved"),  # 50%
        ("nprs", 4, 3, "no meaningful change"),  # 1 point, 25%: neither
        ("nprs", 5, 4, "no meaningful change"),  # 1 point, 20%
        ("nprs", 1, 1, "no meaningful change"),
        ("nprs", 2, 3, "no meaningful change"),  # a 50% rise is not "worse": 30% is for improvement only
        ("nprs", 2, 4, "worse"),  # 2 points
        ("nprs", 0, 0, "no meaningful change"),  # nothing to fall from
        ("odi", 20, 14, "improved"),  # 6 points, exactly 30%
        ("odi", 30, 21, "improved"),  # 9 points, exactly 30%, despite float error
        ("odi", 24, 17, "no meaningful change"),  # 7 points, 29.2%
        ("odi", 30, 22, "no meaningful change"),  # 8 points, 26.7%
        ("odi", 70, 60, "improved"),  # 10 points though only 14%
        ("odi", 14, 20, "no meaningful change"),  # a 6-point rise: worse needs 10 points
        ("odi", 14, 24, "worse"),
        ("odi", 35.6, 24.4, "improved"),  # 11.2 points (prorated scores)
        ("odi", 22.2, 15.6, "no meaningful change"),  # 6.6 points, 29.7%: just short
        ("odi", 22.2, 15.5, "improved"),  # 6.7 points, 30.2%
    ],
)
def test_change_between_counts_the_relative_improvement(
    instrument_id: str, before: float, after: float, verdict: str
) -> None:
    assert change_between(instrument_id, before, after) == verdict


@pytest.mark.parametrize(
    ("instrument_id", "before", "after"),
    [("ndi", 20, 14), ("ndi", 40, 28), ("acr2016", 10, 7)],
)
def test_instruments_without_a_relative_threshold_need_the_absolute_change(
    instrument_id: str, before: float, after: float
) -> None:
    """A 30% fall is not enough where the sources give only an absolute threshold."""
    assert (before - after) / before >= 0.3 - 1e-9
    assert change_between(instrument_id, before, after) == "no meaningful change"


def test_change_between_rejects_scores_outside_the_range() -> None:
    with pytest.raises(AnswerError) as caught:
        change_between("hit6", 30, 50)
    assert caught.value.field == "before"
    with pytest.raises(AnswerError, match="after"):
        change_between("nprs", 5, 11)
