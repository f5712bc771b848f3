"""Rendered HTML of page parts that are pure functions of a key: a queue row (of its row view,
which holds every value the row shows) and the filter form (of the language, the filter and the
menus' choices). The key is the content itself, so a changed notice, review or translation is a
new key and is rendered afresh: nothing needs invalidating, and the oldest entries are dropped
when the cache is full.

The queue and search pages show the same rows to every reviewer all day; rendering each row's
two dozen escaped cells once instead of on every view is most of what makes the page fast
(docs/web.md, "Speed").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from markupsafe import Markup


class FragmentCache:
    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        """The fragment for `key`, rendered by `render` (which must return escaped HTML) the
        first time it is asked for."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        html = Markup(render())
        with self._lock:
            self._items[key] = html
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._items)
