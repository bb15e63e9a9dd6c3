"""Questionnaire responses: the person's answers and their scores, kept over time."""
