"""When a digest is due: a local time of day in an IANA time zone, through daylight-saving changes.

`last_slot` is the most recent due moment at or before `now`; the scheduler's `CronTrigger` fires at
the same moments (tests check both agree on the DST days).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

TIME = re.compile(r"^(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?$")


class BadTime(ValueError):
    """A time of day or a time zone newsbot cannot use; the message is a one-line hint."""


def parse_time(text: str) -> str:
    """ "8", "08", "8:30", "08:00" → "HH:MM"; anything else raises `BadTime`."""
    match = TIME.match(text.strip())
    if not match:
        raise BadTime(f"“{text}” is not a time of day: use 24-hour HH:MM, such as 08:00 or 17:30")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if hour > 23 or minute > 59:
        raise BadTime(f"“{text}” is not a time of day: hours go from 00 to 23, minutes from 00 to 59")
    return f"{hour:02d}:{minute:02d}"


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_zone(text: str) -> str:
    """An IANA zone name, matched regardless of case ("europe/kyiv" → "Europe/Kyiv"); else `BadTime`."""
    name = _zone_names().get(text.strip().lower())
    if name is None:
        raise BadTime(
            f"“{text}” is not a time zone newsbot knows: use an IANA name such as Europe/Kyiv, "
            "America/New_York or UTC"
        )
    return name


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadTime(f"unknown time zone {name!r}") from exc


def hour_minute(local_time: str) -> tuple[int, int]:
    hour, minute = local_time.split(":")
    return int(hour), int(minute)


def slot_on(day: date, local_time: str, zone_name: str) -> datetime:
    """The UTC moment of `local_time` on local `day` (a wall time that a DST change skips or repeats
    is read with `fold=0`; digest times are morning hours, which no change in use touches)."""
    hour, minute = hour_minute(local_time)
    return datetime.combine(day, time(hour, minute), zone(zone_name)).astimezone(UTC)


def last_slot(now: datetime, local_time: str, zone_name: str) -> tuple[date, datetime]:
    """The local date and UTC moment of the latest slot at or before `now`."""
    today = now.astimezone(zone(zone_name)).date()
    for day in (today, today - timedelta(days=1)):
        moment = slot_on(day, local_time, zone_name)
        if moment <= now:
            return day, moment
    day = today - timedelta(days=2)
    return day, slot_on(day, local_time, zone_name)
