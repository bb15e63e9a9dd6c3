"""Home programs: the dosed self-care plan built from chosen trigger points, and its edits."""
