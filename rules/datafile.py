"""Reading a pack or policy TOML file, through a small parsed-data cache.

The TOML files stay the single source of truth. Parsing them with tomllib costs several milliseconds
a file (and importing tomllib and datetime a few more), which is most of `llama-check`'s start-up
budget; so the parsed tables are kept, like Python's own bytecode cache, in `__pycache__/` next to the
file (or under PYTHONPYCACHEPREFIX) as a `marshal` dump stamped with the file's size and modification time. A stale, unreadable or
foreign cache is ignored and rewritten; a folder we cannot write to just means parsing every time.
Like .pyc files, nothing is written when Python is told not to (PYTHONDONTWRITEBYTECODE, `-B`).

Dates, date-times and times (which marshal cannot hold) are returned as `(tag, isoformat)` tuples,
whichever path the data came from, so both paths give exactly the same values; tomllib never yields a
tuple, so a tagged tuple is unambiguous. `shown()` turns a value back into what the file said, for
error messages.
"""

from __future__ import annotations

import _thread
import marshal
import os
import sys

from rules.verdict import DataError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

DATE, DATETIME, TIME = "\0date", "\0datetime", "\0time"
# Bumped when the layout of the cached value changes; part of the stamp, so old caches are ignored.
_FORMAT = 1


class Date:
    """The `kind` to ask `_Table.get` for a TOML date (the value comes back as its ISO string)."""


def _cache_path(path: str) -> str:
    """Where the cache of `path` lives: beside it in __pycache__/, or under PYTHONPYCACHEPREFIX when that is
    set (as .pyc files do, e.g. for a read-only install)."""
    folder, name = os.path.split(os.path.abspath(path))
    file = f"{name}.{sys.implementation.cache_tag}.marshal"
    if sys.pycache_prefix:
        return os.path.join(sys.pycache_prefix, folder.lstrip(os.sep), file)
    return os.path.join(folder, "__pycache__", file)


def _encode(value: Any) -> Any:
    """tomllib's result with date/time objects replaced by tagged ISO strings (marshal-safe)."""
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (str, int, float)):  # bool is an int
        return value
    import datetime

    tag = DATETIME if isinstance(value, datetime.datetime) else DATE if isinstance(value, datetime.date) else TIME
    return (tag, value.isoformat())


def _parse(path: str) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{path}: not valid TOML: {e}") from None
    encoded: dict[str, Any] = _encode(data)
    return encoded


def _write(cache: str, stamp: tuple[object, ...], data: Any) -> None:
    tmp = f"{cache}.{os.getpid()}.{_thread.get_ident()}.tmp"  # one writer per temporary file
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        with open(tmp, "wb") as f:
            marshal.dump((stamp, data), f)  # type: ignore[arg-type]
        os.replace(tmp, cache)  # atomic: a concurrent reader sees the old cache or the new one, never half
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def read(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The parsed file, from the cache when it matches the file's size and modification time."""
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except OSError as e:
        raise DataError(f"{path}: cannot read ({e.strerror})") from None
    stamp = (_FORMAT, st.st_mtime_ns, st.st_size)
    cache = _cache_path(path)
    try:
        with open(cache, "rb") as f:
            got_stamp, data = marshal.load(f)
        if got_stamp == stamp and isinstance(data, dict):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache, or a broken one: parse and rewrite it
    data = _parse(path)
    if not sys.dont_write_bytecode:
        _write(cache, stamp, data)
    return data


def shown(value: Any) -> str:
    """`type repr` of a value as the file had it (a date shows as a date), for error messages."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] in (DATE, DATETIME, TIME):
        import datetime

        tag, iso = value
        if tag == DATE:
            value = datetime.date.fromisoformat(iso)
        elif tag == DATETIME:
            value = datetime.datetime.fromisoformat(iso)
        else:
            value = datetime.time.fromisoformat(iso)
    return f"{type(value).__name__} {value!r}"


def cached(key: str, stamp: tuple[object, ...]) -> Any:
    """A value stored by `store` under `key` (a path-like name) with the same stamp, else None."""
    try:
        with open(_cache_path(key), "rb") as f:
            got_stamp, data = marshal.load(f)
        if got_stamp == stamp:
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return None


def store(key: str, stamp: tuple[object, ...], value: Any) -> None:
    """Keep a derived value (marshal-safe) for `cached`; nothing is written under PYTHONDONTWRITEBYTECODE."""
    if not sys.dont_write_bytecode:
        _write(_cache_path(key), stamp, value)
