"""`tbtwatch demo`: a whole cycle on recorded responses, then the web UI, without internet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from warning.cli.context import App, pass_app
from warning.cli.cycle_view import CycleDisplay, summary_table
from warning.cli.serve import serve_until_stopped, web_server
from warning.service.demo import REVIEWER, Demo, prepare, run_demo_cycle


def where_to_look(demo: Demo, serving: bool) -> str:
    emails = sorted(demo.outbox.glob("*.eml"))
    lines = [
        "",
        f"demo data:      {demo.settings.data_dir}",
        f"emails:         {len(emails)} in {demo.outbox} (one .eml file per message)",
        f"reviewer login: {REVIEWER} / {demo.reviewer_password}",
    ]
    if serving:
        base = demo.settings.base_url
        lines.append(f"web UI:         {base}/notices (public), {base}/review (log in as above)")
        lines.append("                Ctrl-C stops it")
    else:
        lines.append(
            f"web UI:         tbtwatch demo --port {demo.settings.base_url.rsplit(':', 1)[1]} "
            "(without --no-serve) serves it"
        )
    return "\n".join(lines)


@click.command()
@click.option("--no-serve", is_flag=True, help="Stop after the cycle (for scripts).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the demo keeps its database and outbox (default: <data dir>/demo).",
)
@pass_app
def demo(app: App, no_serve: bool, port: int, host: str, data_dir: Path | None) -> None:
    """A first look without internet: recorded sources, two subscribers, a reviewer, the UI."""
    target = data_dir or app.settings.data_dir / "demo"
    setup = prepare(app.settings, target, port)
    click.echo(
        f"replica of {', '.join(s.id for s in setup.sources)} on {setup.replica.url}", err=True
    )
    with CycleDisplay(app.console) as display:
        report = run_demo_cycle(setup, progress=display)
    app.console.print(summary_table(report, title="tbtwatch demo"))
    click.echo(where_to_look(setup, serving=not no_serve))
    if no_serve:
        sys.exit(0 if report.ok else 1)
    demo_app = App(settings=setup.settings, console=app.console)
    sys.exit(serve_until_stopped(web_server(demo_app, host, port), None))
