"""Rendered reports kept in memory until the client's records change.

The charts of a period are drawn once per client, period and data version and shared by the
progress page and both PDFs; a PDF is kept until the data (or the day it is printed on) changes.
Both caches are bounded (least recently used entries go first) and live on the app object; a
key always names the clinic and the client, so nothing is ever shared across clients.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from cachetools import LRUCache

from triggerpoint.reports.repository import DataVersion
from triggerpoint.reports.views import ProgressView

Value = TypeVar("Value")


@dataclass(frozen=True)
class ReportKey:
    """Whose records, over which days, at which version, on which calendar (the time zone decides the days)."""

    clinic: int | None
    client: int
    start: date
    end: date
    version: DataVersion
    zone: str


class Kept(Generic[Value]):
    """A bounded, thread-safe LRU cache that makes a missing value with the function it is given."""

    def __init__(self, size: int) -> None:
        self._values: LRUCache[Hashable, Value] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value kept for `key`, made (outside the lock: rendering is slow) and kept if missing."""
        with self._lock:
            if key in self._values:
                return self._values[key]
        value = make()
        with self._lock:
            self._values[key] = value
        return value

    def __len__(self) -> int:
        return len(self._values)


@dataclass
class ReportCache:
    """The app's report caches: prepared progress views (records and charts) and finished PDFs."""

    views: Kept[ProgressView]
    pdfs: Kept[bytes]

    @classmethod
    def sized(cls, views: int = 8, pdfs: int = 32) -> ReportCache:
        """Caches holding at most `views` prepared periods (records and charts) and `pdfs` PDFs."""
        return cls(Kept(views), Kept(pdfs))
