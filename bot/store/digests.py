"""Digest settings per channel and the record of each channel's digest per local day.

Exactly once: a digest is posted only by the process that claimed its (workspace, channel, local date)
row, by INSERT or by a conditional UPDATE that only one process can win (a claim left by a dead
process after `claim_timeout`, a failed try after its `retry_at`). The claimer records the parent
message's `ts` and every thread part as it goes; a row with a `ts` is never posted from the start again,
and one `posted` or `empty` is never touched again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.repository import Store
from bot.store.schema import DigestChannelRow, DigestPostRow, utcnow

ERROR_CHARS = 200
DONE = ("posted", "empty")


@dataclass(frozen=True, slots=True)
class Channel:
    workspace: str
    channel_id: str
    local_time: str  # "HH:MM"
    timezone: str  # IANA name
    enabled: bool
    updated_at: datetime
    created_at: datetime

    @property
    def key(self) -> str:
        return f"{self.workspace}:{self.channel_id}"


@dataclass(frozen=True, slots=True)
class Claim:
    """A digest this process may post now: its window, and how far an earlier try got."""

    id: int
    workspace: str
    channel_id: str
    local_date: date
    since: datetime
    until: datetime
    attempts: int
    ts: str | None
    parts_posted: int


@dataclass(frozen=True, slots=True)
class PostState:
    """The latest digest of a channel, for `/newsbot digest` and the App Home."""

    local_date: date
    status: str
    attempts: int
    last_error: str | None
    retry_at: datetime | None
    finished_at: datetime | None


def _channel(row: DigestChannelRow) -> Channel:
    return Channel(
        row.workspace,
        row.channel_id,
        row.local_time,
        row.timezone,
        row.enabled,
        _aware(row.updated_at),
        _aware(row.created_at),
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class DigestBook:
    """Digest channels and digest posts in newsbot's database (tables `digest_channels`, `digest_posts`)."""

    def __init__(self, store: Store, *, claim_timeout: timedelta = timedelta(minutes=10)) -> None:
        self.store = store
        self.claim_timeout = claim_timeout

    # --- settings ------------------------------------------------------------------------------

    def set_channel(
        self,
        workspace: str,
        channel_id: str,
        local_time: str,
        timezone: str,
        *,
        enabled: bool = True,
        user_id: str | None = None,
        now: datetime | None = None,
    ) -> Channel:
        now = now or utcnow()
        with self.store.session() as session:
            row = session.scalar(
                select(DigestChannelRow).where(
                    DigestChannelRow.workspace == workspace, DigestChannelRow.channel_id == channel_id
                )
            )
            if row is None:
                row = DigestChannelRow(workspace=workspace, channel_id=channel_id, created_at=now)
                session.add(row)
            row.local_time, row.timezone, row.enabled = local_time, timezone, enabled
            row.updated_by, row.updated_at = user_id, now
            session.flush()
            return _channel(row)

    def turn_off(self, workspace: str, channel_id: str, user_id: str | None = None) -> bool:
        """False if the channel had no digest setting."""
        with self.store.session() as session:
            done: CursorResult = session.execute(  # type: ignore[assignment]
                update(DigestChannelRow)
                .where(DigestChannelRow.workspace == workspace, DigestChannelRow.channel_id == channel_id)
                .values(enabled=False, updated_by=user_id, updated_at=utcnow())
            )
            return bool(done.rowcount)

    def channel(self, workspace: str, channel_id: str) -> Channel | None:
        with self.store.session() as session:
            row = session.scalar(
                select(DigestChannelRow).where(
                    DigestChannelRow.workspace == workspace, DigestChannelRow.channel_id == channel_id
                )
            )
            return _channel(row) if row is not None else None

    def channels(self, workspace: str | None = None, *, enabled_only: bool = False) -> list[Channel]:
        query = select(DigestChannelRow).order_by(DigestChannelRow.id)
        if workspace is not None:
            query = query.where(DigestChannelRow.workspace == workspace)
        if enabled_only:
            query = query.where(DigestChannelRow.enabled.is_(True))
        with self.store.session() as session:
            return [_channel(row) for row in session.scalars(query)]

    # --- posts ---------------------------------------------------------------------------------

    def window_start(self, workspace: str, channel_id: str) -> datetime | None:
        """The end of this channel's last finished digest: the next one covers what came after."""
        with self.store.session() as session:
            last = session.scalar(
                select(func.max(DigestPostRow.until)).where(
                    DigestPostRow.workspace == workspace,
                    DigestPostRow.channel_id == channel_id,
                    DigestPostRow.status.in_(DONE),
                )
            )
        return _aware(last) if last is not None else None

    def claim(
        self,
        channel: Channel,
        local_date: date,
        slot_at: datetime,
        since: datetime,
        until: datetime,
        claimer: str,
        now: datetime,
    ) -> Claim | None:
        """This channel's digest of `local_date` for `claimer`, or None if it is done or someone else's.

        A new day's row is inserted (the unique key lets one process win); an existing row is taken
        over only if its claimer went silent for `claim_timeout` or its failed try is due again.
        A taken-over row keeps its window, its `ts` and the parts already posted."""
        try:
            with self.store.session() as session:
                row = DigestPostRow(
                    workspace=channel.workspace,
                    channel_id=channel.channel_id,
                    local_date=local_date,
                    slot_at=slot_at,
                    since=since,
                    until=until,
                    status="claimed",
                    claimed_by=claimer,
                    claimed_at=now,
                    attempts=1,
                    parts_posted=0,
                )
                session.add(row)
                session.flush()
                return self._claim_of(row) if row is not None else None
        except IntegrityError:
            pass
        return self._take_over(channel, local_date, claimer, now)

    def _take_over(self, channel: Channel, local_date: date, claimer: str, now: datetime) -> Claim | None:
        lost = and_(DigestPostRow.status == "claimed", DigestPostRow.claimed_at < now - self.claim_timeout)
        due = and_(DigestPostRow.status == "failed", DigestPostRow.retry_at <= now)
        with self.store.session() as session:
            taken: CursorResult = session.execute(  # type: ignore[assignment]
                update(DigestPostRow)
                .where(
                    DigestPostRow.workspace == channel.workspace,
                    DigestPostRow.channel_id == channel.channel_id,
                    DigestPostRow.local_date == local_date,
                    or_(lost, due),
                )
                .values(
                    status="claimed",
                    claimed_by=claimer,
                    claimed_at=now,
                    attempts=DigestPostRow.attempts + 1,
                    retry_at=None,
                )
            )
            if taken.rowcount != 1:
                return None
            row = session.scalar(
                select(DigestPostRow).where(
                    DigestPostRow.workspace == channel.workspace,
                    DigestPostRow.channel_id == channel.channel_id,
                    DigestPostRow.local_date == local_date,
                )
            )
            return self._claim_of(row) if row is not None else None

    @staticmethod
    def _claim_of(row: DigestPostRow) -> Claim:
        return Claim(
            row.id,
            row.workspace,
            row.channel_id,
            row.local_date,
            _aware(row.since),
            _aware(row.until),
            row.attempts,
            row.ts,
            row.parts_posted,
        )

    def record_part(
        self, claim_id: int, claimer: str, parts_posted: int, ts: str | None, now: datetime
    ) -> bool:
        """Record a posted message (the first one's `ts`); also the claimer's sign of life.
        False if the claim is no longer this process's (it was taken over)."""
        values: dict[str, object] = {"parts_posted": parts_posted, "claimed_at": now}
        if ts is not None:
            values["ts"] = ts
        return self._update_own(claim_id, claimer, **values)

    def finish(self, claim_id: int, claimer: str, status: str, now: datetime) -> bool:
        """`posted` or `empty`: the digest of that day is done for good."""
        return self._update_own(claim_id, claimer, status=status, finished_at=now, last_error=None)

    def fail(self, claim_id: int, claimer: str, error: str, retry_at: datetime | None) -> bool:
        """A failed try; tried again from `retry_at` (None: never)."""
        return self._update_own(
            claim_id, claimer, status="failed", last_error=error[:ERROR_CHARS], retry_at=retry_at
        )

    def _update_own(self, claim_id: int, claimer: str, **values: object) -> bool:
        with self.store.session() as session:
            done: CursorResult = session.execute(  # type: ignore[assignment]
                update(DigestPostRow)
                .where(
                    DigestPostRow.id == claim_id,
                    DigestPostRow.claimed_by == claimer,
                    DigestPostRow.status == "claimed",
                )
                .values(**values)
            )
            return done.rowcount == 1

    def unfinished(self, now: datetime) -> list[tuple[str, str, date]]:
        """(workspace, channel, local date) of failed tries now due and of claims gone silent."""
        lost = and_(DigestPostRow.status == "claimed", DigestPostRow.claimed_at < now - self.claim_timeout)
        due = and_(DigestPostRow.status == "failed", DigestPostRow.retry_at <= now)
        with self.store.session() as session:
            rows = session.execute(
                select(DigestPostRow.workspace, DigestPostRow.channel_id, DigestPostRow.local_date).where(
                    or_(lost, due)
                )
            )
            return [(w, c, d) for w, c, d in rows]

    def has_post(self, workspace: str, channel_id: str, local_date: date) -> bool:
        with self.store.session() as session:
            return (
                session.scalar(
                    select(DigestPostRow.id).where(
                        DigestPostRow.workspace == workspace,
                        DigestPostRow.channel_id == channel_id,
                        DigestPostRow.local_date == local_date,
                    )
                )
                is not None
            )

    def latest(self, workspace: str, channel_id: str) -> PostState | None:
        with self.store.session() as session:
            row = session.scalar(
                select(DigestPostRow)
                .where(DigestPostRow.workspace == workspace, DigestPostRow.channel_id == channel_id)
                .order_by(DigestPostRow.local_date.desc())
                .limit(1)
            )
            if row is None:
                return None
            return PostState(
                row.local_date,
                row.status,
                row.attempts,
                row.last_error,
                row.retry_at and _aware(row.retry_at),
                row.finished_at and _aware(row.finished_at),
            )

    def posts(self, workspace: str, channel_id: str) -> list[DigestPostRow]:
        """Every digest row of a channel, oldest first (for tests and operators)."""
        with self.store.session() as session:
            return list(
                session.scalars(
                    select(DigestPostRow)
                    .where(DigestPostRow.workspace == workspace, DigestPostRow.channel_id == channel_id)
                    .order_by(DigestPostRow.local_date)
                )
            )
