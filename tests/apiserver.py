"""The API on a real waitress server on a free 127.0.0.1 port, in a thread (for the API tests)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.faces.api.server import make_server
from pipeline.core.config import ApiSettings, IndexSettings


@contextmanager
def running_api(data_dir: Path, settings: ApiSettings | None = None, sites: tuple[str, ...] = (),
                index: IndexSettings | None = None, synonyms: dict | None = None) -> Iterator[str]:
    """Yields the base URL (`http://127.0.0.1:PORT`); stops the server afterwards. `sites`: the
    configured site names (the status page's); `index`: the backend (default: Whoosh in data_dir);
    `synonyms`: the `[search] synonyms` table."""
    server = make_server(data_dir, settings or ApiSettings(), host="127.0.0.1", port=0, sites=sites, index=index,
                         synonyms=synonyms)
    stop = threading.Event()

    def loop() -> None:
        # waitress's own run() loops until its socket map is empty; closing sockets from another
        # thread under a running select() fails, so the loop checks a flag and closes itself.
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        server.close()
        server.task_dispatcher.shutdown(timeout=5)

    thread = threading.Thread(target=loop, name="api-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.hubindex_app.api.close()
