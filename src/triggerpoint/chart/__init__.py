"""A client's chart: flags for the therapist's attention, and the timeline of everything recorded."""
