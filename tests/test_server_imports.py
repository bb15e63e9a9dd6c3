"""The web app starts without the heavy libraries only some pages need: they load on first use (idle memory)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("weasyprint", "fhir", "PIL", "cairosvg", "icalendar", "segno", "pyotp", "argon2", "alembic")
PROBE = """
import json, sys
from pathlib import Path
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
create_app(get_settings(data_dir=Path(sys.argv[1]), secret_key="probe", mode=sys.argv[2]))
print(json.dumps(sorted(m for m in json.loads(sys.argv[3]) if m in sys.modules)))
"""


def test_building_the_app_imports_no_heavy_library(tmp_path: Path) -> None:
    for mode in ("personal", "clinic"):
        probe = [sys.executable, "-c", PROBE, str(tmp_path), mode, json.dumps(HEAVY)]
        loaded = subprocess.run(probe, capture_output=True, text=True, check=True).stdout
        assert json.loads(loaded) == [], mode
