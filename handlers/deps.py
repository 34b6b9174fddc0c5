"""What listeners depend on, and binding it without hiding their Bolt arguments.

Bolt injects arguments by the names of a listener's positional parameters (`ack`, `body`, `client`, …).
Listeners here take their own dependencies as keyword-only parameters, which Bolt does not see;
`bind` fixes them with `functools.partial` and keeps the function's name and signature for Bolt.
Tests call the plain function directly with fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, update_wrapper
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.store import Store
    from handlers.enqueue import JobSubmitter


@dataclass(frozen=True)
class Deps:
    """The web process's side of the app: no model, only the database and the job submitter."""

    settings: Settings
    store: Store
    submitter: JobSubmitter


def bind(fn: Callable[..., Any], **deps: Any) -> Callable[..., Any]:
    """`fn` with keyword-only dependencies fixed, still introspectable by Bolt as `fn`."""
    bound = partial(fn, **deps)
    update_wrapper(bound, fn)
    return bound
