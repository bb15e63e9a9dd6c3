"""Guided self-care sessions, logged item by item, and the next-day soreness check-ins."""
