"""Data stays the person's: export as JSON or CSV, import back on another machine."""
