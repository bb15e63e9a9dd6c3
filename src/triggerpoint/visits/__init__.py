"""The therapist's visit: intake, palpation findings, treatment and the signed SOAP note (clinic mode)."""
