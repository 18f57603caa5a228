"""A fault-injecting HTTP proxy in front of a real SPARQL server (tests only).

It forwards every request to the real ``oxigraph serve`` behind it, except that the first
``fail`` requests matching ``only`` are answered ``status`` (500) without reaching the
server, and every request first waits ``delay`` seconds. It counts what it saw, so a test
can check how many attempts the client made.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Faults:
    fail: int = 0  # requests to refuse (-1: all)
    status: int = 500
    delay: float = 0.0
    only: str = ""  # path suffix the faults apply to ("/update"); "" for every request
    seen: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def fault_proxy(target: str, faults: Faults) -> Iterator[str]:
    """Serve the proxy on a free loopback port; yield its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            applies = self.path.split("?")[0].endswith(faults.only)
            with faults.lock:
                faults.seen.append(self.path.split("?")[0])
                refuse = applies and faults.fail != 0
                if refuse and faults.fail > 0:
                    faults.fail -= 1
            if applies and faults.delay:
                time.sleep(faults.delay)
            if refuse:
                msg = b"injected fault\n"
                self.send_response(faults.status)
                self.send_header("Content-Length", str(len(msg)))
                self.end_headers()
                self.wfile.write(msg)
                return
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() in ("content-type", "accept")}
            req = urllib.request.Request(target + self.path, data=body or None,
                                         method=self.command, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    status, rbody, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
            except urllib.error.HTTPError as e:
                status, rbody, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
            self.send_response(status)
            self.send_header("Content-Type", ctype or "text/plain")
            self.send_header("Content-Length", str(len(rbody)))
            self.end_headers()
            self.wfile.write(rbody)

        do_GET = do_POST = _forward

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
