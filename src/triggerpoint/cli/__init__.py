"""The `triggerpoint` command line."""

import typer

from triggerpoint.cli import clinic_commands, db_commands, finder_commands, kb_commands

app = typer.Typer(
    help="Trigger point therapy for chronic pain care. Informs; does not diagnose.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: Rich's help formatting doubles the start-up of `--help`
    context_settings={"max_content_width": 120},  # a wide terminal shows each command's whole first line
)
for commands in (kb_commands.app, finder_commands.app, db_commands.app):
    app.registered_commands.extend(commands.registered_commands)
app.add_typer(db_commands.db_app, name="db")
app.add_typer(clinic_commands.clinic_app, name="clinic")

__all__ = ["app"]
