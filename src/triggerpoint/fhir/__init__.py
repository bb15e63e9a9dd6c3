"""FHIR R4 export of a client's record for the doctor's system."""
