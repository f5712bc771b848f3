"""`Replica`: a threaded local HTTP server answering on the real services' paths.

    with Replica() as replica:                      # port 0: a free port
        os.environ.update(replica.environ("eping", "fedreg"))
        replica.inject("status", status=503, retry_after="1", path="/api/v1/azureSearch")
        ...

Control over HTTP, for crawls in another process: `POST /_replica/faults` (a JSON fault, see
`faults.py`), `DELETE /_replica/faults`, `GET /_replica/requests` (what was asked so far).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawlers.replica.faults import Fault, FaultPlan, cut_in_half, padded, recoded
from crawlers.replica.responders import ReplicaContext, ReplicaRequest, Reply, all_routes

logger = logging.getLogger(__name__)
ALLOW_ALL = "User-agent: *\nAllow: /\n"


class Replica:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        data_dirs: list[Path] | None = None,
        datasets: dict[str, Any] | None = None,
        api_key: str | None = None,
        robots: str = ALLOW_ALL,
    ):
        self.context = ReplicaContext(data_dirs, datasets, api_key)
        self.routes = all_routes(self.context)
        self.faults = FaultPlan()
        self.robots = robots
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), _Handler)
        self._server.daemon_threads = True
        self._server.replica = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Replica:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="tbtwatch-replica", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Replica:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def environ(self, *sources: str) -> dict[str, str]:
        """`TBTWATCH_SOURCE_<ID>_URL` for each source, pointing at this replica."""
        return {f"TBTWATCH_SOURCE_{s.upper().replace('-', '_')}_URL": self.url for s in sources}

    def inject(self, kind: str, **options: Any) -> Fault:
        return self.faults.add(Fault(kind, **options))

    def clear_faults(self) -> None:
        self.faults.clear()

    def seen(self, path_prefix: str = "") -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if r["path"].startswith(path_prefix)]

    def log_request(self, request: ReplicaRequest) -> None:
        with self._lock:
            self.requests.append({"method": request.method, "path": request.path,
                                  "query": request.query, "headers": dict(request.headers),
                                  "at": time.time()})

    def dispatch(self, request: ReplicaRequest) -> Reply:
        if request.path == "/robots.txt":
            return Reply.text(self.robots)
        handler = self.routes.get(request.path)
        if handler is None:
            prefixes = [p for p in self.routes if p.endswith("/") and request.path.startswith(p)]
            handler = self.routes[max(prefixes, key=len)] if prefixes else None
        if handler is None:
            return Reply.text(f"no replica for {request.path}\n", status=404)
        return handler(request)

    def control(self, request: ReplicaRequest) -> Reply:
        if request.path == "/_replica/faults" and request.method == "POST":
            try:
                fault = self.inject(**json.loads(request.body or b"{}"))
            except (TypeError, ValueError) as exc:
                return Reply.json({"error": str(exc)}, status=400)
            return Reply.json(fault.to_dict(), status=201)
        if request.path == "/_replica/faults" and request.method == "DELETE":
            self.clear_faults()
            return Reply.json({"cleared": True})
        if request.path == "/_replica/faults":
            return Reply.json(self.faults.pending())
        if request.path == "/_replica/requests":
            return Reply.json(self.seen())
        return Reply.json({"ok": True, "paths": sorted(self.routes)})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tbtwatch-replica"

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_DELETE(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("replica: " + format, *args)

    def _request(self) -> ReplicaRequest:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        replica: Replica = self.server.replica  # type: ignore[attr-defined]
        return ReplicaRequest(self.command, parts.path, parse_qs(parts.query, True),
                              dict(self.headers.items()), body, replica.url)

    def _answer(self) -> None:
        replica: Replica = self.server.replica  # type: ignore[attr-defined]
        request = self._request()
        if request.path.startswith("/_replica"):
            self._send(replica.control(request))
            return
        replica.log_request(request)
        fault = replica.faults.take(request.path, request.query)
        if fault is None:
            self._send(replica.dispatch(request))
            return
        self._faulty(replica, request, fault)

    def _faulty(self, replica: Replica, request: ReplicaRequest, fault: Fault) -> None:
        if fault.kind == "reset":
            self._reset()
            return
        if fault.kind == "status":
            reply = Reply.json({"error": f"replica fault: HTTP {fault.status}"}, fault.status)
            if fault.retry_after is not None:
                reply.headers["Retry-After"] = fault.retry_after
            self._send(reply)
            return
        if fault.kind == "body":
            self._send(Reply(200, fault.body.encode("utf-8"), fault.content_type))
            return
        if fault.kind == "delay":
            time.sleep(fault.delay)
        reply = replica.dispatch(request)
        if fault.kind == "truncate":
            self._send(reply, cut_to=len(reply.body) // 2)
            return
        if fault.kind == "malformed":
            reply.body = cut_in_half(reply.body)
        elif fault.kind == "charset":
            reply.body = recoded(reply.body, fault.encoding)
        elif fault.kind == "big":
            reply.body = padded(reply.body, fault.size_mb)
        self._send(reply)

    def _send(self, reply: Reply, cut_to: int | None = None) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if cut_to is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(reply.body if cut_to is None else reply.body[:cut_to])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout test)
            return
        if cut_to is not None:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the socket was reset or cut on purpose
            super().finish()
