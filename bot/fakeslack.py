"""A fake Slack Web API on loopback: records every call, answers like Slack, fails on demand.

Used by the tests and by `llama-bot shell` (which has no Slack to talk to). Point a WebClient at
`fake.url` (it ends in "/api/") and every call lands here. Response URLs of slash commands can point
at `fake.response_url(...)`; what is posted there is recorded as method "response_url".

File uploads follow Slack's external flow (what `files_upload_v2` does): files.getUploadURLExternal
hands out an upload URL on this same loopback server, the bytes POSTed there are kept in
`fake.uploads` (recorded as method "file_upload"), and files.completeUploadExternal finishes it.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlparse

POLL_INTERVAL = 0.01  # seconds between serve_forever's shutdown checks


@dataclass
class Call:
    method: str  # "chat.postMessage", "response_url", ...
    body: dict[str, Any]
    headers: dict[str, str]
    path: str


@dataclass
class _Failure:
    method: str | None  # None: any method
    status: int
    retry_after: int | None
    body: dict[str, Any] | None
    remaining: int


@dataclass
class FakeUser:
    id: str
    name: str = "user"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False
    tz: str = "UTC"
    locale: str = "en-US"

    def as_slack(self, team_id: str, *, include_locale: bool = False) -> dict[str, Any]:
        """As users.info answers; like Slack, `locale` only when asked for (include_locale=true)."""
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "real_name": self.name.title(),
            "deleted": self.deleted,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": False,
            "is_bot": self.is_bot,
            "tz": self.tz,
            "profile": {"display_name": self.name, "real_name": self.name.title()},
            **({"locale": self.locale} if include_locale else {}),
        }


@dataclass
class FakeSlackState:
    team_id: str = "T0FAKE"
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    users: dict[str, FakeUser] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {"name", "creator"}
    dm_fail_users: set[str] = field(default_factory=set)  # conversations.open/postMessage fails for these
    members: dict[str, list[str]] = field(default_factory=dict)  # channel id -> member ids (conversations.members)
    usergroups: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {"handle", "users"}
    # file id -> {"filename", "length", "alt_txt", "data" (bytes, once uploaded), "title", "completed"}
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Slack processes an upload for a moment before blocks may reference it: each new file is refused
    # (invalid_blocks) this many times by chat.postMessage, views.publish and response_url first.
    file_processing_refusals: int = 0


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that drops a kept-alive connection is normal, not an error worth a traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class FakeSlack:
    """Start with `with FakeSlack() as fake:` or `fake.start()` / `fake.stop()`."""

    def __init__(self, *, state: FakeSlackState | None = None) -> None:
        self.state = state or FakeSlackState()
        self.calls: list[Call] = []
        self._failures: list[_Failure] = []
        self.history: dict[str, list[dict[str, Any]]] = {}  # channel -> messages posted, oldest first
        self._lock = threading.Lock()
        self._ts = 1700000000
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._open: set[socket.socket] = set()  # connections being served (kept alive between requests)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> Self:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, like Slack: a client may send many requests on one connection (every
            # answer carries Content-Length). A client that says "Connection: close" (urllib) gets it.
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Headers and body are two writes: without this, Nagle holds the body back until the
                # client's delayed ACK (40 ms) on a kept-alive connection.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with fake._lock:
                    fake._open.add(self.connection)

            def finish(self) -> None:
                with fake._lock:
                    fake._open.discard(self.connection)
                super().finish()

            def log_message(self, *args: Any) -> None:
                """Silent: keeps test output clean."""

            def do_POST(self) -> None:
                fake._handle(self)

            def do_GET(self) -> None:
                fake._handle(self)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # serve_forever checks for shutdown() once per poll_interval; its default (0.5 s) would make
        # every stop() wait half a second, which across the test suite is most of its wall time.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL},
                                        name="fake-slack", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            # A stopped Slack answers nothing: kept-alive connections are cut, not left to a handler.
            with self._lock:
                open_now, self._open = list(self._open), set()
            for conn in open_now:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self._server is not None, "FakeSlack is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return self.base + "/api/"

    def response_url(self, key: str = "r") -> str:
        return f"{self.base}/response/{key}"

    # -- test helpers ----------------------------------------------------------------------
    def add_user(self, user_id: str, **kw: Any) -> FakeUser:
        user = FakeUser(id=user_id, **kw)
        self.state.users[user_id] = user
        return user

    def add_channel(self, channel_id: str, *, name: str = "alerts", creator: str = "U0CREATOR") -> None:
        self.state.channels[channel_id] = {"name": name, "creator": creator}

    def fail_next(
        self,
        method: str | None,
        *,
        status: int = 500,
        times: int = 1,
        retry_after: int | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """The next `times` calls of `method` (any method if None) answer `status`."""
        with self._lock:
            self._failures.append(_Failure(method, status, retry_after, body, times))

    @property
    def uploads(self) -> dict[str, bytes]:
        """file id -> the bytes uploaded for it (completed or not)."""
        with self._lock:
            return {fid: f["data"] for fid, f in self.state.files.items() if f.get("data") is not None}

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def posted(self) -> list[Call]:
        """Every message the app sent: chat.postMessage, chat.postEphemeral, response_url, say."""
        wanted = {"chat.postMessage", "chat.postEphemeral", "response_url", "chat.update"}
        with self._lock:
            return [c for c in self.calls if c.method in wanted]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()

    # -- the server side -------------------------------------------------------------------
    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(req.path)
        length = int(req.headers.get("Content-Length") or 0)
        data = req.rfile.read(length) if length else b""
        if parsed.path.startswith("/upload/"):  # the upload URL of files.getUploadURLExternal: raw bytes
            self._receive_upload(req, parsed.path, data)
            return
        raw = data.decode("utf-8")
        ctype = req.headers.get("Content-Type", "")
        body: dict[str, Any]
        if "json" in ctype and raw:
            body = json.loads(raw)
        else:
            body = dict(parse_qsl(raw, keep_blank_values=True)) if raw else {}
            body.update(dict(parse_qsl(parsed.query)))
            for key in ("blocks", "view", "attachments"):
                if isinstance(body.get(key), str):
                    try:
                        body[key] = json.loads(body[key])
                    except ValueError:
                        pass
        if parsed.path.startswith("/response/"):
            method = "response_url"
        elif parsed.path.startswith("/api/"):
            method = parsed.path[len("/api/") :]
        else:
            method = parsed.path.lstrip("/")
        headers = {k.lower(): v for k, v in req.headers.items()}

        with self._lock:
            self.calls.append(Call(method=method, body=body, headers=headers, path=parsed.path))
            failure = self._take_failure(method)
        if failure is not None:
            extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            payload = failure.body or {"ok": False, "error": "ratelimited" if failure.status == 429 else "fatal_error"}
            self._send(req, failure.status, payload, extra)
            return
        answer = self._answer(method, body)
        # A response_url answers a refused message with an HTTP error, not 200 with ok: false.
        self._send(req, 400 if method == "response_url" and not answer.get("ok") else 200, answer)

    def _receive_upload(self, req: BaseHTTPRequestHandler, path: str, data: bytes) -> None:
        file_id = path[len("/upload/"):]
        headers = {k.lower(): v for k, v in req.headers.items()}
        with self._lock:
            self.calls.append(Call(method="file_upload", body={"file_id": file_id, "length": len(data)},
                                   headers=headers, path=path))
            failure = self._take_failure("file_upload")
            known = self.state.files.get(file_id)
            if failure is None and known is not None:
                known["data"] = data
        if failure is not None:
            self._send(req, failure.status, failure.body or {"ok": False})
            return
        if known is None:
            self._send(req, 404, {"ok": False, "error": "unknown_upload"})
            return
        payload = f"OK - {len(data)}".encode()
        req.send_response(200)
        req.send_header("Content-Type", "text/plain; charset=utf-8")
        req.send_header("Content-Length", str(len(payload)))
        req.end_headers()
        req.wfile.write(payload)

    def _bad_file_refs(self, body: dict[str, Any]) -> str | None:
        """The first slack_file id in the blocks that is unknown, not completed or still processing."""
        blocks = body.get("blocks") or (body.get("view") or {}).get("blocks") or []
        if isinstance(blocks, str):
            try:
                blocks = json.loads(blocks)
            except ValueError:
                return None
        with self._lock:
            for block in blocks if isinstance(blocks, list) else []:
                ref = (block.get("slack_file") or {}) if isinstance(block, dict) else {}
                if not ref:
                    continue
                known = self.state.files.get(str(ref.get("id")))
                if known is None or not known.get("completed"):
                    return str(ref.get("id"))
                if known.get("refusals", 0) < self.state.file_processing_refusals:
                    known["refusals"] = known.get("refusals", 0) + 1
                    return str(ref.get("id"))
        return None

    def _take_failure(self, method: str) -> _Failure | None:
        for f in self._failures:
            if f.remaining > 0 and (f.method is None or f.method == method):
                f.remaining -= 1
                if f.remaining == 0:
                    self._failures.remove(f)
                return f
        return None

    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"{self._ts}.000100"

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        st = self.state
        if method in ("response_url", "chat.postMessage", "views.publish", "views.open", "views.update"):
            bad = self._bad_file_refs(body)
            if bad:
                return {"ok": False, "error": "invalid_blocks", "errors": [f"invalid slack file {bad}"]}
        if method == "response_url":
            return {"ok": True}
        if method == "auth.test":
            return {"ok": True, "team_id": st.team_id, "user_id": st.bot_user_id, "bot_id": st.bot_id,
                    "team": "Fake", "user": "herdbook", "url": "https://fake.slack.com/"}
        if method == "users.info":
            user = st.users.get(str(body.get("user")))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            include = str(body.get("include_locale", "")).lower() in ("1", "true")
            return {"ok": True, "user": user.as_slack(st.team_id, include_locale=include)}
        if method == "users.list":  # one page: plain @name owners are looked up here
            return {"ok": True, "members": [u.as_slack(st.team_id) for u in st.users.values()],
                    "response_metadata": {"next_cursor": ""}}
        if method == "conversations.list":  # plain #channel names are looked up here
            return {"ok": True, "channels": [{"id": cid, "name": ch["name"], "creator": ch["creator"]}
                                             for cid, ch in st.channels.items()],
                    "response_metadata": {"next_cursor": ""}}
        if method == "conversations.open":
            users = str(body.get("users", ""))
            if users in st.dm_fail_users:
                return {"ok": False, "error": "cannot_dm_bot"}
            return {"ok": True, "channel": {"id": "D" + users.lstrip("U")}}
        if method == "conversations.info":
            cid = str(body.get("channel"))
            ch = st.channels.get(cid)
            if ch is None:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": cid, "name": ch["name"], "creator": ch["creator"],
                                            "is_channel": True}}
        if method == "chat.postMessage":
            channel = str(body.get("channel", ""))
            if channel.startswith("D") and ("U" + channel[1:]) in st.dm_fail_users:
                return {"ok": False, "error": "channel_not_found"}
            message = {"type": "message", "ts": self._next_ts(), "text": body.get("text"), "user": st.bot_user_id,
                       "bot_id": st.bot_id, **({"metadata": body["metadata"]} if body.get("metadata") else {})}
            with self._lock:
                self.history.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}
        if method == "conversations.history":  # newest first; metadata only when asked for, as Slack does
            with self._lock:
                found = [m for m in self.history.get(str(body.get("channel")), [])
                         if float(m["ts"]) >= float(body.get("oldest") or 0)]
            keep = str(body.get("include_all_metadata", "")).lower() in ("1", "true")
            messages = [m if keep else {k: v for k, v in m.items() if k != "metadata"} for m in reversed(found)]
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "conversations.members":
            cid = str(body.get("channel"))
            if cid not in st.channels and cid not in st.members:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "members": list(st.members.get(cid, [])), "response_metadata": {"next_cursor": ""}}
        if method == "usergroups.list":
            return {"ok": True, "usergroups": [{"id": gid, "handle": g["handle"], "name": g["handle"]}
                                               for gid, g in st.usergroups.items()]}
        if method == "usergroups.users.list":
            group = st.usergroups.get(str(body.get("usergroup")))
            if group is None:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": list(group["users"])}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}
        if method == "files.getUploadURLExternal":
            if not body.get("filename") or not str(body.get("length") or "").isdigit():
                return {"ok": False, "error": "invalid_arguments"}
            with self._lock:
                file_id = f"F{len(st.files) + 1:08d}"
                st.files[file_id] = {"filename": body["filename"], "length": int(body["length"]),
                                     "alt_txt": body.get("alt_txt"), "data": None, "completed": False}
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = body.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            done = []
            with self._lock:
                for item in files:
                    known = st.files.get(str(item.get("id")))
                    if known is None or known.get("data") is None:
                        return {"ok": False, "error": "file_not_found"}
                    known.update(completed=True, title=item.get("title"))
                    done.append({"id": item["id"], "name": known["filename"], "title": item.get("title"),
                                 "mimetype": "image/png" if known["filename"].endswith(".png") else "",
                                 "size": len(known["data"]), "channels": [], "is_public": False,
                                 "url_private": f"https://files.fake/{item['id']}/{known['filename']}"})
            return {"ok": True, "files": done}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V" + self._next_ts().replace(".", ""), **(body.get("view") or {})}}
        return {"ok": True}

    @staticmethod
    def _send(req: BaseHTTPRequestHandler, status: int, payload: dict[str, Any],
              headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode("utf-8")
        req.send_response(status)
        req.send_header("Content-Type", "application/json; charset=utf-8")
        req.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            req.send_header(k, v)
        req.end_headers()
        req.wfile.write(data)
