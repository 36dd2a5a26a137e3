"""Video platforms of online lessons: BigBlueButton (its HTTP API with checksums) and
Jitsi Meet (a room URL, optionally with a JWT). Chosen per lesson; the default is the
``DOT_MEETINGS_PROVIDER`` setting.

BigBlueButton API (docs.bigbluebutton.org, "API Reference"): every call is
``{BBB_URL}{callName}?{query}&checksum={hex(hash(callName + query + secret))}`` where
``query`` is the URL-encoded parameters exactly as sent; the hash is ``BBB_CHECKSUM``
(sha1, sha256, sha384 or sha512). Answers are XML with ``returncode`` SUCCESS or FAILED
plus ``messageKey``/``message``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element  # noqa: S405 - type only; parsing is defusedxml

import jwt
from defusedxml import ElementTree
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

CHECKSUMS = ("sha1", "sha256", "sha384", "sha512")


class ProviderError(Exception):
    """The video platform refused or could not be reached; ``str()`` is for the user."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class BBBRecording:
    record_id: str
    meeting_id: str
    name: str
    published: bool
    url: str
    started_at: datetime.datetime | None
    ended_at: datetime.datetime | None


def _millis(text: str | None) -> datetime.datetime | None:
    if not text or not text.strip().isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(text) / 1000, tz=datetime.UTC)


def _text(node: Element, tag: str) -> str:
    child = node.find(tag)
    return (child.text or "").strip() if child is not None else ""


class BigBlueButton:
    def __init__(self, url: str, secret: str, checksum: str = "sha256", timeout: float = 10):
        if checksum not in CHECKSUMS:
            raise ValueError(f"BBB_CHECKSUM must be one of {CHECKSUMS}, got {checksum!r}")
        self.url = url if url.endswith("/") else url + "/"
        self.secret = secret
        self.algorithm = checksum
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> BigBlueButton:
        if not settings.BBB_URL or not settings.BBB_SECRET:
            raise ProviderError(_("BigBlueButton is not configured (BBB_URL, BBB_SECRET)."))
        return cls(settings.BBB_URL, settings.BBB_SECRET, settings.BBB_CHECKSUM)

    # --- URLs ---------------------------------------------------------------------------

    def checksum(self, call: str, query: str) -> str:
        return hashlib.new(self.algorithm, (call + query + self.secret).encode()).hexdigest()

    def build_url(self, call: str, params: dict[str, Any]) -> str:
        clean = {k: _param(v) for k, v in params.items() if v is not None and v != ""}
        query = urllib.parse.urlencode(clean)
        checksum = self.checksum(call, query)
        sep = "&" if query else ""
        return f"{self.url}{call}?{query}{sep}checksum={checksum}"

    # --- Calls --------------------------------------------------------------------------

    def _call(self, call: str, params: dict[str, Any]) -> Element:
        url = self.build_url(call, params)
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ProviderError(
                _("The BigBlueButton server could not be reached: %(error)s") % {"error": exc},
                key="unreachable",
            ) from exc
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError as exc:
            raise ProviderError(
                _("The BigBlueButton server answered with something other than XML."),
                key="badResponse",
            ) from exc
        if _text(root, "returncode") != "SUCCESS":
            key = _text(root, "messageKey")
            if key == "checksumError":
                message = _(
                    "BigBlueButton refused the request: the checksum does not match. "
                    "Check BBB_SECRET and BBB_CHECKSUM."
                )
            else:
                message = _("BigBlueButton refused the request: %(message)s") % {
                    "message": _text(root, "message") or key or _("no reason given")
                }
            raise ProviderError(message, key=key)
        return root

    def create(
        self,
        *,
        meeting_id: str,
        name: str,
        attendee_pw: str = "",
        moderator_pw: str = "",
        record: bool = False,
        welcome: str = "",
        logout_url: str = "",
        duration: int = 0,
    ) -> dict[str, str]:
        """Create the meeting (repeating it for a running meeting is harmless)."""
        root = self._call(
            "create",
            {
                "name": name,
                "meetingID": meeting_id,
                "attendeePW": attendee_pw,
                "moderatorPW": moderator_pw,
                "record": record,
                "autoStartRecording": record if record else None,
                "allowStartStopRecording": record if record else None,
                "welcome": welcome,
                "logoutURL": logout_url,
                "duration": duration or None,
            },
        )
        return {child.tag: (child.text or "") for child in root}

    def join_url(
        self, *, meeting_id: str, full_name: str, moderator: bool, user_id: str = ""
    ) -> str:
        """The browser's join link (not called by the portal: the user's browser opens it)."""
        return self.build_url(
            "join",
            {
                "fullName": full_name,
                "meetingID": meeting_id,
                "role": "MODERATOR" if moderator else "VIEWER",
                "userID": user_id,
                "redirect": True,
            },
        )

    def end(self, *, meeting_id: str, moderator_pw: str = "") -> None:
        self._call("end", {"meetingID": meeting_id, "password": moderator_pw})

    def is_meeting_running(self, *, meeting_id: str) -> bool:
        root = self._call("isMeetingRunning", {"meetingID": meeting_id})
        return _text(root, "running") == "true"

    def get_recordings(self, *, meeting_id: str) -> list[BBBRecording]:
        root = self._call("getRecordings", {"meetingID": meeting_id})
        found = []
        for rec in root.iter("recording"):
            url = ""
            for fmt in rec.iter("format"):
                if not url or _text(fmt, "type") == "presentation":
                    url = _text(fmt, "url") or url
            found.append(
                BBBRecording(
                    record_id=_text(rec, "recordID"),
                    meeting_id=_text(rec, "meetingID"),
                    name=_text(rec, "name"),
                    published=_text(rec, "published") == "true",
                    url=url,
                    started_at=_millis(_text(rec, "startTime")),
                    ended_at=_millis(_text(rec, "endTime")),
                )
            )
        return [r for r in found if r.record_id and r.url]


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def bbb_password(room: str, role: str) -> str:
    """A per-meeting password for servers older than role-based join (BBB < 2.6)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{room}:{role}".encode(), hashlib.sha256).hexdigest()[:16]


# --- Jitsi Meet -------------------------------------------------------------------------


def jitsi_room_url(room: str, base: str | None = None) -> str:
    return (base or settings.JITSI_URL).rstrip("/") + "/" + urllib.parse.quote(room)


def jitsi_token(
    *,
    room: str,
    name: str,
    email: str,
    moderator: bool,
    not_before: datetime.datetime,
    expires: datetime.datetime,
    app_id: str | None = None,
    secret: str | None = None,
    base: str | None = None,
) -> str:
    """A Jitsi JWT (HS256, the «token» authentication of prosody's mod_auth_token)."""
    app_id = app_id if app_id is not None else settings.JITSI_APP_ID
    secret = secret if secret is not None else settings.JITSI_APP_SECRET
    host = urllib.parse.urlsplit(base or settings.JITSI_URL).hostname or "*"
    claims = {
        "iss": app_id,
        "aud": "jitsi",
        "sub": host,
        "room": room,
        "nbf": int(not_before.timestamp()),
        "exp": int(expires.timestamp()),
        "iat": int(timezone.now().timestamp()),
        "context": {"user": {"name": name, "email": email, "moderator": moderator}},
        "moderator": moderator,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def jitsi_join_url(
    *,
    room: str,
    name: str,
    email: str,
    moderator: bool,
    not_before: datetime.datetime,
    expires: datetime.datetime,
) -> str:
    url = jitsi_room_url(room)
    if settings.JITSI_APP_ID and settings.JITSI_APP_SECRET:
        token = jitsi_token(
            room=room,
            name=name,
            email=email,
            moderator=moderator,
            not_before=not_before,
            expires=expires,
        )
        url += "?" + urllib.parse.urlencode({"jwt": token})
    fragment = urllib.parse.urlencode({"userInfo.displayName": f'"{name}"'})
    return url + "#" + fragment
