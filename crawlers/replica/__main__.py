"""`python -m crawlers.replica`: serve the replica until interrupted, printing where it listens."""

from __future__ import annotations

import argparse
import json
import sys
import time

from crawlers.replica.server import Replica


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.replica", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-key", help="the only ePing API key accepted (default: any)")
    parser.add_argument("--fault", action="append", default=[], metavar="JSON",
                        help='a fault to inject, e.g. \'{"kind": "status", "status": 503}\'')
    args = parser.parse_args(argv)
    replica = Replica(args.host, args.port, api_key=args.api_key)
    for spec in args.fault:
        replica.inject(**json.loads(spec))
    with replica:
        sys.stdout.write(f"replica listening on {replica.url}\n")
        sources = ("eping", "fedreg", "feeds", "rasff", "tris", "wto-docs")
        for name, value in replica.environ(*sources).items():
            sys.stdout.write(f"export {name}={value}\n")
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
