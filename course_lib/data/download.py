"""Cache directory and verified, atomic downloads.

Two downloaders live here. :func:`fetch_verified` (CIFAR-10) delegates the
transfer, the progress bar, the hash check and the atomic move to ``pooch``
(used by SciPy and scikit-image) and adds a second checksum. The older
:func:`download_file` (MNIST) is a small urllib downloader with the same
guarantees.

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
import re
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from .errors import ChecksumError, DownloadError

__all__ = ["DEFAULT_TIMEOUT", "data_cache_dir", "sha256_file", "md5_file", "download_file",
           "fetch_verified"]

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


def _hash_file(path: str | Path, digest) -> str:
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    return _hash_file(path, hashlib.sha256())


def md5_file(path: str | Path) -> str:
    """Hex MD5 of a file, read in chunks (only to compare with published MD5 sums)."""
    return _hash_file(path, hashlib.md5(usedforsecurity=False))


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


def fetch_verified(url: str, dest: str | Path, *, sha256: str, md5: str | None = None,
                   timeout: float = DEFAULT_TIMEOUT, progress: bool = True) -> Path:
    """Download ``url`` to ``dest`` with pooch, verifying its SHA-256 (and MD5 if given).

    pooch streams into a temporary file in ``dest``'s folder, shows a tqdm bar, checks
    the SHA-256 and only then moves the file into place; on any failure the temporary
    file is removed. If ``dest`` already exists with the right SHA-256 nothing is
    downloaded; with another SHA-256 it is downloaded again. The MD5 (e.g. the one
    torchvision pins) is checked afterwards; a mismatch deletes ``dest``.

    Args:
        url: http(s) URL (pooch also takes ftp/sftp/doi; not ``file://``).
        dest: final path; its folder is created if needed.
        sha256: expected hex SHA-256.
        md5: optional expected hex MD5, checked as well.
        timeout: seconds for the connection and for each read.
        progress: show a tqdm progress bar (on stderr).

    Returns:
        ``dest`` as a Path.

    Raises:
        ChecksumError: the file arrived but a checksum differs (it was discarded).
        DownloadError: any other network/file problem; no partial file is left behind.
    """
    import pooch  # lazy: pulls in requests
    import requests

    dest = Path(dest)
    try:
        downloader = pooch.HTTPDownloader(progressbar=progress, timeout=timeout)
        pooch.retrieve(url, known_hash=f"sha256:{sha256.lower()}", fname=dest.name,
                       path=dest.parent, downloader=downloader)
    except requests.exceptions.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        reason = exc.response.reason if exc.response is not None else exc
        raise DownloadError(f"{url}: HTTP {status} {reason}") from None
    except requests.exceptions.Timeout:
        raise DownloadError(f"{url}: timed out") from None
    except requests.exceptions.RequestException as exc:
        raise DownloadError(f"{url}: {type(exc).__name__}: {exc}") from None
    except ValueError as exc:  # pooch: hash mismatch, or a URL it cannot handle
        if "does not match the known hash" in str(exc):
            got = re.search(r"but got ([0-9a-fA-F]+)", str(exc))
            raise ChecksumError(f"{url}: SHA-256 mismatch (got {got.group(1) if got else '?'}, "
                                f"expected {sha256}); the file was discarded") from None
        raise DownloadError(f"{url}: {exc}") from None
    except OSError as exc:
        raise DownloadError(f"{url}: {_describe(exc)}") from None
    if md5 is not None:
        got = md5_file(dest)
        if got != md5.lower():
            dest.unlink(missing_ok=True)
            raise ChecksumError(f"{url}: MD5 mismatch (got {got}, expected {md5}); "
                                "the file was discarded")
    return dest
