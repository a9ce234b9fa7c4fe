"""Walk every workspace in pages, so memory stays flat however many workspaces there are.

Keyset pages (`id > last ORDER BY id LIMIT n`) rather than one long server-side cursor: each page is
a short transaction, so a sweep over ten thousand workspaces never holds a lock or a snapshot for
its whole run, and the web process's writes go through between pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.storage.models import Workspace

PAGE_SIZE = 500


@dataclass(frozen=True)
class WorkspaceRow:
    id: str
    alert_channel: str | None
    default_license: str
    default_policy: str


def workspace_pages(*, engine: Engine, page_size: int = PAGE_SIZE,
                    only: str | None = None) -> Iterator[list[WorkspaceRow]]:
    last = ""
    while True:
        with Session(engine) as session:
            query = select(Workspace.id, Workspace.alert_channel, Workspace.default_license,
                           Workspace.default_policy).where(Workspace.id > last)
            if only is not None:
                query = query.where(Workspace.id == only)
            rows = [WorkspaceRow(*r) for r in session.execute(query.order_by(Workspace.id).limit(page_size))]
        if not rows:
            return
        yield rows
        last = rows[-1].id
