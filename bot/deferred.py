"""Work that runs after the ack, on a bounded pool, with every failure handed to an error callback.

`serve` answers Slack with `process_before_response=True` (no polling floor in Bolt's thread runner)
and runs what must happen after the ack here: workspace commands answered through response_url,
events, block actions. Two shapes:

- `Deferred()` (no workers): inline. The work runs at once in the caller's thread. The shell, Socket
  Mode (where Bolt already runs the listener after its ack) and tests through `app.dispatch` use it,
  so everything is done when `dispatch` returns.
- `Deferred(workers=N, backlog=M)`: at most N jobs run and M wait. A caller that finds all N + M
  places taken waits up to `wait_seconds` for one (slowing its own ack, and through gunicorn's
  bounded threads the server's intake), then either sheds (`reserve()` returns None: the caller
  answers "busy") or, for `run_or_inline`, runs the job in its own thread. Nothing queues without limit.

Under `serve`, jobs handed in while a request is being answered are held (`hold()` / `release()`, per
thread) until its HTTP response has been written: started at once, a job would compete for the GIL
with the thread still writing the ack (measured: docs/performance.md).

A job that raises never disappears: its `on_error` callback gets the exception (the app's error
handler, which logs with the traceback and apologises to the person); if that fails too, it is logged.
Tests wait with `wait_idle()`, never by sleeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger("herdbook.deferred")

Job = Callable[[], object]
OnError = Callable[[Exception], object]


def _guarded(job: Job, on_error: OnError) -> None:
    try:
        job()
    except Exception as error:  # noqa: BLE001 - handed on, never swallowed
        try:
            on_error(error)
        except Exception:
            logger.exception("the error callback failed for %r (first error: %s)", job, type(error).__name__)


class Slot:
    """One reserved place: `run` it exactly once."""

    def __init__(self, owner: Deferred, pooled: bool) -> None:
        self._owner = owner
        self._pooled = pooled

    def run(self, job: Job, *, on_error: OnError) -> None:
        if not self._pooled:
            _guarded(job, on_error)
            return
        self._owner._submit(job, on_error)


class Held:
    """Jobs held back from the pool (`Deferred.hold`); `start()` starts them, once, in order."""

    def __init__(self, owner: Deferred, jobs: list[tuple[Job, OnError]]) -> None:
        self._owner = owner
        self._jobs = jobs
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            jobs, self._jobs = self._jobs, []
        for job, on_error in jobs:
            self._owner._start(job, on_error)

    def __len__(self) -> int:
        return len(self._jobs)

    def __bool__(self) -> bool:
        return bool(self._jobs)

    def __del__(self) -> None:  # never lose a job, even if whoever held it forgot to start it
        if self._jobs:
            logger.error("%d held after-ack jobs were never started; starting them now", len(self._jobs))
            self.start()


class Deferred:
    def __init__(self, workers: int = 0, *, backlog: int = 0, wait_seconds: float = 1.0,
                 name: str = "after-ack") -> None:
        self.workers = workers
        self._wait = wait_seconds
        self._places = threading.BoundedSemaphore(workers + backlog) if workers > 0 else None
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name) if workers > 0 else None
        self._pending = 0
        self._idle = threading.Condition()
        self._local = threading.local()
        self.shed = 0  # jobs refused or run inline because every place was taken (for tests and /metrics)

    @property
    def inline(self) -> bool:
        return self._executor is None

    def reserve(self) -> Slot | None:
        """A place for one job, or None when the pool stayed full for `wait_seconds` (shed the request)."""
        if self._places is None:
            return Slot(self, pooled=False)
        if not self._places.acquire(timeout=self._wait):
            self.shed += 1
            logger.warning("after-ack pool full (%d workers): shedding a request", self.workers)
            return None
        with self._idle:
            self._pending += 1
        return Slot(self, pooled=True)

    def run_or_inline(self, job: Job, *, on_error: OnError) -> None:
        """Run `job` after the ack; when the pool stays full, in this thread (the ack waits: slow, not lost)."""
        slot = self.reserve()
        if slot is None:
            _guarded(job, on_error)
            return
        slot.run(job, on_error=on_error)

    def hold(self) -> None:
        """From now until `unhold()`, keep the jobs this thread hands in instead of starting them (their
        places are reserved all the same, so `wait_idle()` waits for them too)."""
        self._local.held = []

    def unhold(self) -> Held:
        """Stop holding in this thread; the jobs held so far, to be started with `start_held` (any thread)."""
        held = getattr(self._local, "held", None) or []
        self._local.held = None
        return Held(self, held)

    def _submit(self, job: Job, on_error: OnError) -> None:
        held = getattr(self._local, "held", None)
        if held is not None:
            held.append((job, on_error))
            return
        self._start(job, on_error)

    def _start(self, job: Job, on_error: OnError) -> None:
        assert self._executor is not None and self._places is not None

        def task() -> None:
            try:
                _guarded(job, on_error)
            finally:
                self._done()

        try:
            self._executor.submit(task)
        except RuntimeError:  # shut down under us: do it here rather than drop it
            task()

    def _done(self) -> None:
        assert self._places is not None
        self._places.release()
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()

    @property
    def pending(self) -> int:
        return self._pending

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every job handed in so far has finished; False if `timeout` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Finish what was accepted (up to `timeout`), then stop the threads."""
        if self._executor is None:
            return
        if not self.wait_idle(timeout):
            logger.error("%d after-ack jobs still running at shutdown", self._pending)
        self._executor.shutdown(wait=False, cancel_futures=False)
