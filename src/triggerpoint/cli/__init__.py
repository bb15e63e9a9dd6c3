"""The `triggerpoint` command line."""

import typer

from triggerpoint.cli import finder_commands, kb_commands

app = typer.Typer(
    help="Trigger point therapy for chronic pain care. Informs; does not diagnose.",
    no_args_is_help=True,
    add_completion=False,
)
for commands in (kb_commands.app, finder_commands.app):
    app.registered_commands.extend(commands.registered_commands)

__all__ = ["app"]
