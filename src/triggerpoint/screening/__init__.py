"""Safety before suggestions: red-flag questions chosen by the drawing, and the rule that gates advice."""

from triggerpoint.screening.rules import ScreeningError, ScreeningOutcome, outcome_of, questions_for, screen

__all__ = ["ScreeningError", "ScreeningOutcome", "outcome_of", "questions_for", "screen"]
