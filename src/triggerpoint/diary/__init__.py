"""The pain diary: as many entries a day as wanted."""
