"""The client's address, for login throttling (django-axes)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address the outermost trusted proxy saw, or the connection's own.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies in front the client is the N-th address from the right; anything left of it
    came from the client and may be forged. Without DJANGO_TRUSTED_PROXY_COUNT the header is
    ignored: a client could otherwise pick a new address for every guess.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.headers.get("x-forwarded-for", "").split(",")
        if address.strip()
    ]
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
