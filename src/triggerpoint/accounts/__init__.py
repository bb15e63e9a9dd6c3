"""Clinic accounts: sign-in, second factor, throttling and the one permission policy."""
