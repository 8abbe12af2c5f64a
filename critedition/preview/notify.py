"""Wake the watch as soon as a file in a folder it follows is written, moved or removed (the system's file events,
through watchdog), rather than at its next look at the files' times."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import EVENT_TYPE_CLOSED_NO_WRITE, EVENT_TYPE_OPENED, FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# A file read (by the build itself: the witnesses, the stylesheets, the fonts) is no change.
READS = {EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE}


class Waker(FileSystemEventHandler):
    """`wait(timeout)`: True as soon as something was written in a followed folder since the last call, else
    False after `timeout`. The watch still looks at the files' times after each wait, and decides by them
    alone: events only make it look sooner. Where the system gives none (inotify's limits reached, a file
    system without events), `live` is False and waits last their whole timeout, as a plain poll does."""

    def __init__(self):
        self._event = threading.Event()
        self._observer = None
        self.folders: dict[Path, bool] | None = None  # folder -> with its subfolders
        self.live = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in READS:
            self._event.set()

    def follow(self, folders: dict[Path, bool]) -> None:
        """Follow these folders (each with its subfolders or not) from now on, instead of those before."""
        folders = {f: r for f, r in folders.items() if f.is_dir()}
        if folders == self.folders:  # as they are followed, or as they failed to be (not tried again)
            return
        self.close()
        if not folders:
            self.folders = folders
            return
        observer = Observer()
        try:
            for folder, recursive in sorted(folders.items()):
                observer.schedule(self, str(folder), recursive=recursive)
            observer.start()
        except OSError:  # no events to be had: the watch polls, as it would without them
            observer.stop()  # the folders followed before the one refused
            self.folders, self.live = folders, False
            return
        self._observer, self.folders, self.live = observer, folders, True

    def wait(self, timeout: float) -> bool:
        woken = self._event.wait(timeout)
        self._event.clear()
        return woken

    def quiet(self, gap: float, until: float) -> None:
        """Wait until no event has come for `gap` seconds (a burst of writes is over), or until the time
        `until` (time.monotonic()); without events, for `gap`."""
        while self.wait(gap) and self.live and time.monotonic() < until:
            pass

    def close(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
            self._observer = None
        self.folders, self.live = None, False
