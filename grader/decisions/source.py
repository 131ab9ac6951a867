"""Reading the course's decision files: TOML (``tomllib``) and CSV (``csv``), both UTF-8, and
their values (numbers, times that must carry a time zone).  Every problem is a
``BadDecisionFile`` naming the file and, where there is one, the line."""
from __future__ import annotations

import csv
import io
import math
import re
import tomllib
from datetime import date, datetime
from pathlib import Path


class BadDecisionFile(Exception):
    """A decision file that cannot be used: ``path:line: why``."""

    def __init__(self, path: Path, line: int | None, why: str):
        super().__init__(f"{path}{f':{line}' if line else ''}: {why}")


def read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise BadDecisionFile(path, None, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise BadDecisionFile(path, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def read_toml(path: Path) -> tuple[dict, str]:
    """The TOML file's data and its text (to find lines in)."""
    text = read_text(path)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        raise BadDecisionFile(path, int(line.group(1)) if line else None, f"is not valid TOML ({exc})") from None


def toml_line(text: str, table: str, key: str | None = None) -> int | None:
    """The line of ``key`` in ``[table]`` (of the table's header without ``key``; None if not found)."""
    current, header = "", None
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[") and not stripped.startswith("[["):
            current = re.sub(r"[\s\"']", "", stripped.split("#", 1)[0])[1:-1]
            if current == table:
                header = n
        elif current == table and key is not None and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return n
    return header


def read_csv(path: Path, required: tuple[str, ...], optional: tuple[str, ...] | None = ()) -> list[tuple[int, dict]]:
    """(line, row) for each row of a CSV file with a header; blank rows and rows whose first
    cell starts with ``#`` are comments.  Columns outside ``required`` + ``optional`` are errors
    (``optional=None``: any other columns are fine, as in an LMS's export)."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict]] = []
    header: list[str] | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                unknown = [c for c in header if optional is not None and c not in required + optional]
                missing = [c for c in required if c not in header]
                if unknown or missing:
                    raise BadDecisionFile(path, line, f"the header must name the columns {', '.join(required)}"
                                          + (f" (optional: {', '.join(optional)})" if optional else "")
                                          + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                                          + (f"; missing: {', '.join(missing)}" if missing else ""))
                continue
            if len(row) > len(header):
                raise BadDecisionFile(path, line, f"{len(row)} cells, but the header has {len(header)} columns")
            rows.append((line, {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}))
    except csv.Error as exc:
        raise BadDecisionFile(path, reader.line_num, f"is not a readable CSV file ({exc})") from None
    return rows


def aware(value, path: Path, line: int | None, what: str) -> datetime:
    """``value`` (a TOML datetime or ISO 8601 text) as a datetime with its time zone."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise BadDecisionFile(path, line, f"{what} {value!r} is not a date and time "
                                              "(ISO 8601, e.g. 2026-03-01T23:59:00+08:00)") from None
    if not isinstance(value, datetime):
        raise BadDecisionFile(path, line, f"{what} must be a date and time with its time zone, "
                                          f"e.g. 2026-03-01T23:59:00+08:00 (got {value!r})")
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadDecisionFile(path, line, f"{what} {value.isoformat()} has no time zone: "
                                          "add it (+08:00, Z for UTC)")
    return value


def day_or_time(text: str, path: Path, line: int, what: str) -> str:
    """A date (``2026-03-04``) or a date and time with its time zone, as written."""
    try:
        date.fromisoformat(text)
        return text
    except ValueError:
        return aware(text, path, line, what).isoformat()


def number(value, path: Path, line: int | None, what: str, minimum: float | None = None) -> float:
    """``value`` (a TOML number or CSV text) as a finite number, at least ``minimum``."""
    try:
        x = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        x = math.nan
    if not math.isfinite(x):
        raise BadDecisionFile(path, line, f"{what} must be a number (got {value!r})")
    if minimum is not None and x < minimum:
        raise BadDecisionFile(path, line, f"{what} must be at least {minimum:g} (got {x:g})")
    return x
