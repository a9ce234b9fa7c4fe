"""The rendered reply of a rules answer (help, name, use, mau, ask), remembered per exact question.

A rules handler's reply is a function of its inputs alone: the command as parsed, the text as typed
(the "Show all reasons" button carries it), the answer's language, whether every reason is shown,
and the workspace defaults for license and policy. `rules` reads no clock, no database and no
environment after its packs are loaded, and its `Verdict` is immutable. So the same question
answered again in the same process gets the same `Reply`, and `ReplyCache` hands back the one it
built instead of running the rules and Block Kit again.

What is not remembered: anything after the handler (`with_review` adds the workspace's live OSPO
decision and the Ask button to a copy on every request; the audit row is written per request), a
handler that raised (a refusal is rebuilt each time), workspace words (they read the database), and
texts longer than `max_text` characters. The handler itself is part of the key, so a replaced
handler (tests) never gets another's reply. Bounded: the `size` most recently used questions.

A reply is kept only when its question comes a second time (the hashes of the last `4 * size`
questions are remembered, plain ints): kept replies are thousands of long-lived dicts that the
garbage collector walks again and again, and keeping every question once made a question never
seen before ~8 % slower (measured in-process, 2,000 distinct questions); a question asked once
now costs one hash and one lookup more than without the cache.

Callers must not change a cached reply's blocks in place (none does: `with_review` copies the list,
Slack clients serialise them).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from bot.grammar import Command
from bot.reply import Asked, Deps, Reply
from bot.services.verdicts import RULES_WORDS, SHOW_ALL_SURFACE

CACHED_WORDS = RULES_WORDS | {"help"}


class ReplyCache:
    def __init__(self, size: int = 512, max_text: int = 500) -> None:
        self._replies: OrderedDict[Hashable, Reply] = OrderedDict()
        self._seen: OrderedDict[int, None] = OrderedDict()  # hashes of recent questions, kept or not
        self._size = size
        self._max_text = max_text
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def reply(self, handler: Callable[[Command, Asked, Deps], Reply], command: Command, asked: Asked,
              deps: Deps) -> Reply:
        """`handler(command, asked, deps)`, or the reply it gave to the same inputs before."""
        if command.word not in CACHED_WORDS or len(asked.text) > self._max_text:
            return handler(command, asked, deps)
        settings = deps.settings
        key = (handler, command.word, command.raw, repr(command.args), repr(command.options), asked.text,
               asked.lang, asked.surface == SHOW_ALL_SURFACE, settings.default_license, settings.default_policy)
        with self._lock:
            found = self._replies.get(key)
            if found is not None:
                self._replies.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
            seen = hash(key)
            again = seen in self._seen
            if not again:
                self._seen[seen] = None
                if len(self._seen) > 4 * self._size:
                    self._seen.popitem(last=False)
        made = handler(command, asked, deps)
        if again:
            with self._lock:
                self._replies[key] = made
                if len(self._replies) > self._size:
                    self._replies.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._replies.clear()
            self._seen.clear()
            self.hits = self.misses = 0


REPLIES = ReplyCache()
