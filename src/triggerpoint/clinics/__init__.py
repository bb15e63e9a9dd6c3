"""Clinics: the tenant every clinic-mode record belongs to."""
