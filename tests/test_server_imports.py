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


MIGRATE_PROBE = """
import json, multiprocessing, sys
from multiprocessing import resource_tracker
from pathlib import Path
from sqlalchemy import inspect
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for, upgrade_in_child_process
settings = get_settings(data_dir=Path(sys.argv[1]))
upgrade_in_child_process(settings)
left = [p.name for p in multiprocessing.active_children()]
left += [] if resource_tracker._resource_tracker._pid is None else ["resource tracker"]
tables = inspect(engine_for(settings)).get_table_names()
print(json.dumps({"alembic": "alembic" in sys.modules, "left": left, "tables": tables}))
"""


def test_serve_migrates_in_a_child_process_that_keeps_alembic_out_of_the_server(tmp_path: Path) -> None:
    probe = [sys.executable, "-c", MIGRATE_PROBE, str(tmp_path)]
    seen = json.loads(subprocess.run(probe, capture_output=True, text=True, check=True).stdout)
    assert seen["alembic"] is False
    assert seen["left"] == []  # no process stays beside the server
    assert {"alembic_version", "diary_entries", "clients"} <= set(seen["tables"])
