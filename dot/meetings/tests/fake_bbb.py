"""A local BigBlueButton API server for the tests: a threaded http.server on loopback
that checks checksums as bbb-web does and answers with the real server's XML.

bbb-web (ParamsProcessorUtil / ApiController): takes the raw query string, removes the
``checksum`` parameter, picks the hash by the checksum's length (40 sha1, 64 sha256,
96 sha384, 128 sha512), computes ``hex(hash(callName + queryString + secret))`` and
answers ``FAILED/checksumError`` on any difference.
"""

from __future__ import annotations

import hashlib
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

LENGTHS = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}


def _xml(body: str) -> bytes:
    return f"<response>{body}</response>".encode()


def _failed(key: str, message: str) -> bytes:
    return _xml(
        f"<returncode>FAILED</returncode><messageKey>{key}</messageKey>"
        f"<message>{escape(message)}</message>"
    )


@dataclass
class FakeBBB:
    secret: str
    allowed: tuple[str, ...] = ("sha1", "sha256", "sha384", "sha512")
    meetings: dict[str, dict[str, str]] = field(default_factory=dict)
    joins: list[dict[str, str]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    recordings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}/bigbluebutton/api/"

    # --- checksum, exactly as bbb-web -------------------------------------------------

    def checksum_ok(self, call: str, raw_query: str) -> bool:
        params = urllib.parse.parse_qs(raw_query, keep_blank_values=True)
        checksums = params.get("checksum")
        if not checksums:
            return False
        checksum = checksums[0]
        query = (
            raw_query.replace("&checksum=" + checksum, "")
            .replace("checksum=" + checksum + "&", "")
            .replace("checksum=" + checksum, "")
        )
        algorithm = LENGTHS.get(len(checksum))
        if algorithm is None or algorithm not in self.allowed:
            return False
        expected = hashlib.new(algorithm, (call + query + self.secret).encode()).hexdigest()
        return expected == checksum

    # --- API calls ----------------------------------------------------------------------

    def handle(self, call: str, raw_query: str) -> tuple[int, bytes, dict[str, str]]:
        self.calls.append(call)
        if call == "":
            return 200, _xml("<returncode>SUCCESS</returncode><version>2.0</version>"), {}
        if not self.checksum_ok(call, raw_query):
            return 200, _failed("checksumError", "You did not pass the checksum security check"), {}
        params = {k: v[0] for k, v in urllib.parse.parse_qs(raw_query).items()}
        meeting_id = params.get("meetingID", "")
        if call in ("create", "join", "end", "isMeetingRunning") and not meeting_id:
            return 200, _failed("missingParamMeetingID", "You must specify a meeting ID"), {}
        if call == "create":
            if "name" not in params:
                return 200, _failed("missingParamName", "You must specify a name"), {}
            duplicate = meeting_id in self.meetings
            self.meetings.setdefault(meeting_id, params)
            warning = (
                "<messageKey>duplicateWarning</messageKey><message>This conference was "
                "already in existence and may currently be in progress.</message>"
                if duplicate
                else "<messageKey></messageKey><message></message>"
            )
            return (
                200,
                _xml(
                    f"<returncode>SUCCESS</returncode><meetingID>{escape(meeting_id)}</meetingID>"
                    f"<internalMeetingID>{hashlib.sha1(meeting_id.encode()).hexdigest()}-1</internalMeetingID>"  # noqa: S324
                    "<parentMeetingID>bbb-none</parentMeetingID>"
                    f"<attendeePW>{escape(params.get('attendeePW', 'ap'))}</attendeePW>"
                    f"<moderatorPW>{escape(params.get('moderatorPW', 'mp'))}</moderatorPW>"
                    f"<createTime>{int(time.time() * 1000)}</createTime><voiceBridge>70757</voiceBridge>"
                    "<dialNumber>613-555-1234</dialNumber><hasUserJoined>false</hasUserJoined>"
                    f"<duration>0</duration><hasBeenForciblyEnded>false</hasBeenForciblyEnded>{warning}"
                ),
                {},
            )
        if call == "join":
            if meeting_id not in self.meetings:
                return (
                    200,
                    _failed("notFound", "We could not find a meeting with that meeting ID"),
                    {},
                )
            if "fullName" not in params:
                return 200, _failed("missingParamFullName", "You must specify a name"), {}
            if params.get("role") not in ("MODERATOR", "VIEWER") and "password" not in params:
                return (
                    200,
                    _failed(
                        "invalidPassword",
                        "You either did not supply a password or the password supplied is neither the attendee or moderator password for this conference.",
                    ),
                    {},
                )
            self.joins.append(params)
            token = f"s{len(self.joins)}"
            if params.get("redirect", "true") == "true":
                return 302, b"", {"Location": f"/html5client/join?sessionToken={token}"}
            return (
                200,
                _xml(
                    "<returncode>SUCCESS</returncode><messageKey>successfullyJoined</messageKey>"
                    f"<message>You have joined successfully.</message><session_token>{token}</session_token>"
                ),
                {},
            )
        if call == "end":
            if self.meetings.pop(meeting_id, None) is None:
                return (
                    200,
                    _failed(
                        "notFound",
                        "We could not find a meeting with that meeting ID - perhaps the meeting is not yet running?",
                    ),
                    {},
                )
            return (
                200,
                _xml(
                    "<returncode>SUCCESS</returncode><messageKey>sentEndMeetingRequest</messageKey>"
                    "<message>A request to end the meeting was sent. Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.</message>"
                ),
                {},
            )
        if call == "isMeetingRunning":
            running = "true" if meeting_id in self.meetings else "false"
            return 200, _xml(f"<returncode>SUCCESS</returncode><running>{running}</running>"), {}
        if call == "getRecordings":
            recs = (
                self.recordings.get(meeting_id, [])
                if meeting_id
                else [r for rs in self.recordings.values() for r in rs]
            )
            if not recs:
                return (
                    200,
                    _xml(
                        "<returncode>SUCCESS</returncode><recordings></recordings>"
                        "<messageKey>noRecordings</messageKey><message>There are no recordings for the meeting(s).</message>"
                    ),
                    {},
                )
            items = "".join(
                f"<recording><recordID>{r['id']}</recordID><meetingID>{escape(r['meeting'])}</meetingID>"
                f"<internalMeetingID>{r['id']}</internalMeetingID><name>{escape(r['name'])}</name>"
                "<isBreakout>false</isBreakout><published>true</published><state>published</state>"
                f"<startTime>{r['start']}</startTime><endTime>{r['end']}</endTime><participants>3</participants>"
                "<rawSize>951067</rawSize><metadata><isBreakout>false</isBreakout>"
                f"<meetingName>{escape(r['name'])}</meetingName></metadata><size>1054</size>"
                "<playback><format><type>podcast</type>"
                f"<url>https://bbb.example.kg/podcast/{r['id']}/audio.ogg</url><processingTime>0</processingTime><length>0</length></format>"
                "<format><type>presentation</type>"
                f"<url>https://bbb.example.kg/playback/presentation/2.3/{r['id']}</url>"
                "<processingTime>7177</processingTime><length>0</length><size>1054</size></format></playback>"
                "<data/></recording>"
                for r in recs
            )
            return (
                200,
                _xml(f"<returncode>SUCCESS</returncode><recordings>{items}</recordings>"),
                {},
            )
        return 200, _failed("unsupportedRequest", "This request is not supported."), {}

    def start(self) -> FakeBBB:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urllib.parse.urlsplit(self.path)
                if parts.path.startswith("/html5client/"):
                    status, body, headers = 200, b"<html>client</html>", dict[str, str]()
                else:
                    call = parts.path.removeprefix("/bigbluebutton/api").strip("/")
                    status, body, headers = fake.handle(call, parts.query)
                self.send_response(status)
                self.send_header("Content-Type", "text/xml;charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
