"""Clients: the person every record belongs to (on a personal machine, one local client)."""
