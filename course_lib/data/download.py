"""Cache directory and verified, atomic downloads.

A download streams into a temporary file in the destination directory,
checks the byte count and the SHA-256, and only then renames the file into
place with :func:`os.replace`. On any failure (network, timeout, truncated
transfer, wrong checksum, Ctrl-C) the temporary file is removed, so the
cache never holds a half-written or unverified file.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from .errors import ChecksumError, DownloadError

__all__ = ["DEFAULT_TIMEOUT", "data_cache_dir", "sha256_file", "download_file"]

DEFAULT_TIMEOUT = 15.0  # seconds, for connecting and for each read
_CHUNK = 1 << 16
_APP = "dl-course"


def data_cache_dir(*parts: str) -> Path:
    """Return the course's data cache directory (not created here).

    ``$COURSE_DATA_CACHE`` if set; otherwise ``%LOCALAPPDATA%\\dl-course`` on
    Windows, ``$XDG_CACHE_HOME/dl-course`` or ``~/.cache/dl-course`` elsewhere.
    ``parts`` are appended, e.g. ``data_cache_dir("mnist")``.
    """
    env = os.environ.get("COURSE_DATA_CACHE")
    if env:
        base = Path(env).expanduser()
    elif os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"]) / _APP
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / _APP
    return base.joinpath(*parts)


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe(exc: BaseException) -> str:
    """Short human-readable reason for a network/file error."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect ({exc.reason})"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, http.client.IncompleteRead):
        return f"connection closed early ({len(exc.partial)} bytes in the last read)"
    return f"{type(exc).__name__}: {exc}"


def _stream(url: str, out, *, timeout: float, progress: bool, desc: str):
    """Copy ``url`` into the open file ``out``; return (bytes, sha256 hex)."""
    from tqdm import tqdm  # lazy: only needed when downloading

    request = urllib.request.Request(url, headers={"User-Agent": f"{_APP}-course-lib"})
    digest = hashlib.sha256()
    received = 0
    with urllib.request.urlopen(request, timeout=timeout) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                  desc=desc, disable=not progress, leave=False) as bar:
            while True:
                block = response.read(_CHUNK)
                if not block:
                    break
                out.write(block)
                digest.update(block)
                received += len(block)
                bar.update(len(block))
    if total is not None and received != total:
        raise DownloadError(f"{url}: incomplete transfer ({received} of {total} bytes)")
    return received, digest.hexdigest()


def download_file(url: str, dest: str | Path, sha256: str, *, timeout: float = DEFAULT_TIMEOUT,
                  progress: bool = True) -> Path:
    """Download ``url`` to ``dest`` atomically, verifying its SHA-256.

    Args:
        url: http(s) or file URL.
        dest: final path; its directory is created if needed.
        sha256: expected hex digest of the file.
        timeout: seconds for the connection and for each read.
        progress: show a tqdm progress bar (on stderr).

    Returns:
        ``dest`` as a Path.

    Raises:
        ChecksumError: the file arrived but its SHA-256 differs (it is discarded).
        DownloadError: any network/file problem. No partial file is left behind.
    """
    dest = Path(dest)
    tmp_name = None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as out:
            _, digest = _stream(url, out, timeout=timeout, progress=progress, desc=dest.name)
            if digest != sha256.lower():
                raise ChecksumError(
                    f"{url}: SHA-256 mismatch (got {digest}, expected {sha256}); the file was discarded"
                )
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; a cache file is not secret
        os.replace(tmp_name, dest)
        tmp_name = None
        return dest
    except DownloadError:
        raise
    except (OSError, ValueError, http.client.HTTPException) as exc:
        # URLError/HTTPError/TimeoutError are OSErrors; ValueError: malformed URL.
        raise DownloadError(f"{url}: {_describe(exc)}") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
