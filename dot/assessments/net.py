"""Client addresses and allowed networks (tests restricted to access points, п. 2.2)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; the first X-Forwarded-For address only when the deployment says its
    proxy sets that header (``DOT_TRUST_X_FORWARDED_FOR = True``) — otherwise a student
    could claim any address."""
    if getattr(settings, "DOT_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return str(request.META.get("REMOTE_ADDR", ""))


def parse_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The networks of ``Test.allowed_networks`` (one CIDR per line); invalid lines raise."""
    networks = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            networks.append(ipaddress.ip_network(line, strict=False))
        except ValueError:
            raise ValidationError(
                _("Line %(line)s: «%(value)s» is not a network like 10.1.2.0/24.")
                % {"line": number, "value": line}
            ) from None
    return networks


def ip_allowed(ip: str | None, networks_text: str) -> bool:
    if not networks_text.strip():
        return True
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    try:
        networks = parse_networks(networks_text)
    except ValidationError:
        return False
    return any(address in network for network in networks)
