from django.conf import settings
from django.core.exceptions import BadRequest
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, with hashed (never-changing) files cached for one year rather than ten."""

    FOREVER = 365 * 24 * 60 * 60


class RejectNullCharactersMiddleware:
    """Answer 400 to a NUL character in the path, query string or cookies, or to too many fields.

    PostgreSQL cannot store or compare text holding NUL, so such a value reaching a query (an
    admin filter, a session key from a cookie) would end in a server error. NUL arrives as
    ``%00`` in a URL and as the octal escape ``\\000`` in a quoted cookie value.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        cookies = request.headers.get("cookie", "")
        if (
            "\x00" in request.path
            or "%00" in query
            or "\x00" in query
            or "\\000" in cookies
            or "\x00" in cookies
        ):
            raise BadRequest("NUL character in the request")
        # Parsed here, so a query string over DATA_UPLOAD_MAX_NUMBER_FIELDS answers 400 at once
        # instead of failing later in a page that reads it (the 404 page's language links did).
        _ = request.GET
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send the policy in ``settings.SECURE_CSP`` with every response that has none of its own.

    The policy is one fixed string, built once. (Django 6.0 ships a middleware that reads the
    same setting; on 6.0 this one can go.)
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}" for directive, sources in settings.SECURE_CSP.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
