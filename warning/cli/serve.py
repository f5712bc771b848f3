"""`tbtwatch serve`: the web app (uvicorn) and the scheduler in one process.

SIGTERM or SIGINT: the web server stops taking requests and finishes those under way, the job
step under way finishes (a running crawl is asked to stop cleanly), nothing new starts, the
scheduler lease is released so a standby process takes over at once, and the process exits 0.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading

import click
import uvicorn

from config.settings import SettingsError
from warning.cli.context import App, handle_schema_errors, pass_app
from warning.service.context import ServiceContext
from warning.service.schedule import ScheduleError
from warning.service.scheduler import Service

log = logging.getLogger(__name__)


def web_server(app: App, host: str, port: int) -> uvicorn.Server:
    from warning.web.app import create_app

    config = uvicorn.Config(
        create_app(app.settings),
        host=host,
        port=port,
        log_level=app.settings.log_level.lower(),
        log_config=None,  # keep the root logging set up by the CLI
        proxy_headers=True,
    )
    return uvicorn.Server(config)


def serve_until_stopped(server: uvicorn.Server | None, service: Service | None) -> int:
    """Run until a signal (or the web server ends by itself); returns the exit status."""
    stop = threading.Event()

    def handler(signum: int, _frame: object) -> None:
        log.info("%s received: shutting down", signal.Signals(signum).name)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    # uvicorn in a thread of its own installs no signal handlers: this function decides.
    thread = threading.Thread(target=server.run, name="uvicorn") if server else None
    if thread is not None:
        thread.start()
    if service is not None:
        service.start()
    status = 0
    while not stop.wait(0.5):
        if thread is not None and not thread.is_alive():
            status = 1  # the server could not start (port in use) or crashed
            break
    if service is not None:
        service.ctx.request_stop()  # tell a running crawl now, not after the web server
    if server is not None and thread is not None:
        server.should_exit = True
        thread.join()
    if service is not None:
        service.shutdown(wait=True)
    log.info("stopped")
    return status


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-scheduler", is_flag=True, help="Serve the web app only (no scheduled jobs).")
@click.option("--no-web", is_flag=True, help="Run the scheduler only (no web server).")
@pass_app
@handle_schema_errors
def serve(app: App, host: str, port: int, no_scheduler: bool, no_web: bool) -> None:
    """Serve the web app and run the scheduled jobs until SIGTERM or Ctrl-C."""
    if no_scheduler and no_web:
        raise click.UsageError("--no-scheduler and --no-web leave nothing to run")
    try:
        app.settings.require_production_secret()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    db = app.ready_db()
    try:
        service = None if no_scheduler else Service(ServiceContext.create(app.settings, db))
    except ScheduleError as exc:
        raise click.ClickException(str(exc)) from None
    server = None if no_web else web_server(app, host, port)
    if server is not None:
        click.echo(f"tbtwatch web app on http://{host}:{port}", err=True)
    if service is not None:
        click.echo("scheduler: waiting for the lease (one scheduler per database)", err=True)
    sys.exit(serve_until_stopped(server, service))
