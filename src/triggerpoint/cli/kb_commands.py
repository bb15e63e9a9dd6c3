"""Commands that browse the knowledge base, draw the atlas and serve the app.

Only the commands' options are declared here; what they do is in cli.browsing (or, for serve,
the server), imported when one runs, so that `--help` starts without the knowledge base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from triggerpoint.cli.common import console, fail

app = typer.Typer()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="App server processes (PostgreSQL only: they share its sessions).")
    ] = 1,
) -> None:
    """Start the web app (default http://127.0.0.1:8000)."""
    import uvicorn

    from triggerpoint.server import create_app, ready_to_serve
    from triggerpoint.settings import get_settings
    from triggerpoint.storage.engine import upgrade_in_child_process

    overrides = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    settings = get_settings(**overrides)
    if workers > 1 and (settings.database_url is None or not settings.secret_key):
        fail("several workers need TRIGGERPOINT_DATABASE_URL (PostgreSQL) and TRIGGERPOINT_SECRET_KEY")
    upgrade_in_child_process(settings)  # idempotent: a new or older database is brought up to date
    console().print(f"triggerpoint on http://{settings.host}:{settings.port}  (Ctrl+C to stop)")
    if workers > 1:  # each process builds the app from the same TRIGGERPOINT_* environment
        uvicorn.run(
            "triggerpoint.server:app_from_environment",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_level="warning",
            server_header=False,
        )
        return
    app = ready_to_serve(create_app(settings))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", server_header=False)


@app.command()
def regions(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List every body region: ID, name, views, side, Michigan Body Map and WPI area."""
    from triggerpoint.cli.browsing import show_regions

    show_regions(as_json)


@app.command()
def muscles(
    area: Annotated[str | None, typer.Option(help="Only muscles of this body area.")] = None,
    condition: Annotated[str | None, typer.Option(help="Only muscles implicated in this condition.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON with trigger points and referrals.")] = False,
) -> None:
    """List muscles, optionally by body area or condition."""
    from triggerpoint.cli.browsing import show_muscles

    show_muscles(area, condition, as_json)


@app.command()
def muscle(
    muscle_id: Annotated[str, typer.Argument(metavar="ID", help="Muscle ID, e.g. upper-trapezius.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one muscle in full: trigger points, referral, self-treatment, stretch, precautions."""
    from triggerpoint.cli.browsing import show_muscle

    show_muscle(muscle_id, as_json)


@app.command()
def atlas(
    regions: Annotated[str, typer.Option(help="Regions to shade, comma separated; REGION=N sets intensity 0-10.")] = "",
    point: Annotated[
        list[str] | None, typer.Option(help="Draw a trigger point: MUSCLE/POINT/SIDE (repeatable).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write to FILE.svg or FILE.png (default: SVG to stdout).")] = None,
) -> None:
    """Draw the body atlas with regions shaded and trigger point markers."""
    from triggerpoint.cli.browsing import draw_atlas

    draw_atlas(regions, point, out)
