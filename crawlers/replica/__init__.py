"""A local replica of the sources: recorded responses on the real services' paths, with faults.

Used by the crawler tests, the benchmark and `tbtwatch demo`; `python -m crawlers.replica` runs
it alone. See `server.py` (the server), `faults.py` (fault injection), `responders/` (one module
per source) and `data/README.txt` (where every recorded value comes from).
"""

from crawlers.replica.faults import Fault
from crawlers.replica.server import Replica

__all__ = ["Fault", "Replica"]
