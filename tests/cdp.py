"""A small headless-Chromium driver for tests, over the DevTools protocol on a pipe (no extra packages).

One browser serves many pages: navigate, evaluate JavaScript, tap at a point, print to PDF. Chromium reads
commands on file descriptor 3 and writes answers on 4, as NUL-terminated JSON (``--remote-debugging-pipe``).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from typing import Any


class Browser:
    """Headless Chromium with one tab; use as a context manager."""

    def __init__(self, executable: str, *, width: int = 360, height: int = 740, timeout: float = 60):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="nssf-cdp-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child() -> None:  # the command pipe on fd 3, the answer pipe on fd 4 (via free numbers first)
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            high_a, high_b = os.dup2(a, 200), os.dup2(b, 201)
            os.dup2(high_a, 3)
            os.dup2(high_b, 4)

        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--allow-file-access-from-files",
             f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=child, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable")
        self.size(width, height)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    # ------------------------------------------------------------------------------------------ protocol

    def _read_message(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> dict:
        """Send a command (to the browser, or to the tab's ``session``) and wait for its answer."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict:
        """A command to the tab."""
        return self.call(method, params, session=self.session)

    def wait_for(self, event: str) -> dict:
        """Wait for an event of the tab (``Page.loadEventFired``)."""
        for i, e in enumerate(self.events):
            if e.get("method") == event:
                return self.events.pop(i)
        while True:
            message = self._read_message()
            if message.get("method") == event:
                return message
            self.events.append(message)

    # ------------------------------------------------------------------------------------------ actions

    def size(self, width: int, height: int) -> None:
        """The viewport of a phone (``mobile``) or a desktop."""
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def open(self, url: str) -> None:
        """Load ``url`` and wait until it has loaded."""
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def tap(self, x: float, y: float) -> None:
        """A tap at viewport coordinates (a mouse press and release) that may start a navigation."""
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
        self.wait_for("Page.loadEventFired")

    def pdf(self) -> bytes:
        """The page printed as Chromium prints it (the page's own @page size), without header and footer."""
        data = self.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                             "displayHeaderFooter": False})["data"]
        return base64.b64decode(data)

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])
