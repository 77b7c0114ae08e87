"""The report as a PDF, printed by headless Chromium from the page's own print stylesheet.

The print stylesheet (``templates/style.css``) puts the decision page on one A4 page, the rest after it, and
diagrams on landscape pages where they are wide. :func:`pdf_bytes` prints a page with Chromium when it is
installed; when it is not, :class:`ChromiumMissing` says how to install it, in one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Where Chromium is looked for, in order: ``$CHROMIUM``, then these programs on the ``PATH``.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_HINT = ("--pdf needs headless Chromium, which is not installed; install it with: sudo apt-get install "
                 "chromium (or set CHROMIUM to its path)")


class ChromiumMissing(RuntimeError):
    """No Chromium to print the PDF with."""

    def __init__(self) -> None:
        super().__init__(CHROMIUM_HINT)


def find_chromium() -> str | None:
    """The Chromium program: ``$CHROMIUM`` when set, else the first of :data:`CHROMIUM_NAMES` on the ``PATH``."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_bytes(html: str, *, timeout: float = 120.0) -> bytes:
    """The PDF that Chromium prints from ``html`` (a self-contained page), A4 as its print stylesheet says.

    Raises :class:`ChromiumMissing` without Chromium and ``RuntimeError`` with Chromium's last message when
    printing fails.
    """
    exe = find_chromium()
    if exe is None:
        raise ChromiumMissing()
    with tempfile.TemporaryDirectory(prefix="nssf-journey-pdf-") as tmp:
        page = Path(tmp) / "index.html"
        page.write_text(html, encoding="utf-8")
        out = Path(tmp) / "report.pdf"
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={Path(tmp) / 'profile'}",
                "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(args, capture_output=True, timeout=timeout)
        except FileNotFoundError as exc:
            raise ChromiumMissing() from exc
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium did not print the PDF within {timeout:.0f} s") from None
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"Chromium could not print the PDF: {lines[-1] if lines else 'exit ' + str(done.returncode)}")
        return out.read_bytes()
