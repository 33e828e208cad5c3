"""A save in the knowledge base's folders starts the live preview's rebuild at once.

MkDocs' server finds changes by polling every watched folder twice a second (its own
folders, and the theme's thousands of files, which an OS notifier would not serve more
cheaply everywhere). For the YAML folders that editors save into, the wait for the next
poll was a third of the shipped site's save-to-page time. `YamlWatcher` watches them with
the operating system's file notifications (watchdog's native observer: inotify on Linux,
FSEvents on macOS) and asks the server for a rebuild as its own poll would.

The server has no public way to ask for a rebuild: the watcher sets the two attributes its
poll sets (MkDocs 1.6 `LiveReloadServer._rebuild_cond` and `_want_rebuild`). When they are
not there, or the system gives no notifications, the folders are polled by the server as
before (`server.watch`), never both: a change seen twice would rebuild and reload twice.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

log = logging.getLogger("mkdocs.plugins.guidebook")


CHANGES = {"created", "modified", "moved", "deleted", "closed"}
"""Events that change a file's content ("closed" after writing); not opening or reading one, which
every build does."""


class _RequestRebuild(FileSystemEventHandler):
    def __init__(self, server: LiveReloadServer) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        condition = self.server._rebuild_cond
        with condition:
            self.server._want_rebuild = True
            condition.notify_all()


class YamlWatcher:
    """Watches folders for the live preview of one `mkdocs serve`."""

    def __init__(self) -> None:
        self._observer: BaseObserver | None = None

    def watch(self, server: LiveReloadServer, folders: list[Path]) -> None:
        """Rebuild on every change under `folders`: at once when the system notifies, else at the server's poll."""
        if all(hasattr(server, name) for name in ("_rebuild_cond", "_want_rebuild")):
            observer = Observer()
            try:
                for folder in folders:
                    observer.schedule(_RequestRebuild(server), str(folder), recursive=True)
                observer.start()
            except OSError as error:  # no notifications here (a limit reached, a file system without them)
                log.debug("guidebook: watching %s by polling: %s", folders, error)
            else:
                self._observer = observer
                log.info("Watching paths for changes: %s", ", ".join(f"'{folder}'" for folder in folders))
                return
        for folder in folders:
            server.watch(str(folder))

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
            self._observer = None
