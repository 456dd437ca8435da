"""Publication dates, whatever a feed wrote, as timezone-aware UTC datetimes (or None)."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def iso_to_utc(value: object) -> datetime | None:
    """fastfeedparser gives dates as ISO 8601 strings in UTC, or None when it could not read one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return _as_utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError):
        return None


def _as_utc(moment: datetime) -> datetime | None:
    try:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_date(value: object) -> datetime | None:
    """RFC 3339 as JSON Feed asks, or RFC 822 as some JSON feeds write; None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return _as_utc(moment)
