"""`tbtwatch`: the entry point. Each command group lives in its own module."""

from __future__ import annotations

import logging

import click

from warning.cli import alerts as alert_commands
from warning.cli import classify as classify_commands
from warning.cli import crawl as crawl_commands
from warning.cli import db as db_commands
from warning.cli import demo as demo_commands
from warning.cli import models_cmd
from warning.cli import notices as notice_commands
from warning.cli import parse as parse_commands
from warning.cli import run as run_commands
from warning.cli import serve as serve_commands
from warning.cli import status as status_commands
from warning.cli import subscribers as subscriber_commands
from warning.cli import users as user_commands
from warning.cli.context import load_app


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="TBTWATCH_CONFIG",
    help="TOML settings file (default: environment only).",
)
@click.version_option(package_name="tbtwatch")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """tbtwatch: early warning on foreign technical regulations and WTO TBT/SPS notifications."""
    app = load_app(config_path)
    logging.basicConfig(
        level=app.settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic and Scrapy talk a lot at INFO; their warnings and errors still show.
    for noisy in ("alembic", "scrapy.core.engine", "scrapy.middleware", "scrapy.extensions"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    ctx.obj = app


cli.add_command(db_commands.db)
cli.add_command(crawl_commands.crawl)
cli.add_command(notice_commands.notices)
cli.add_command(classify_commands.classify)
cli.add_command(status_commands.status)
cli.add_command(run_commands.run)
cli.add_command(serve_commands.serve)
cli.add_command(demo_commands.demo)
cli.add_command(models_cmd.models)
cli.add_command(subscriber_commands.subscribers)
cli.add_command(alert_commands.alerts)
cli.add_command(user_commands.users)
cli.add_command(parse_commands.parse)


def main() -> None:
    cli(prog_name="tbtwatch")
