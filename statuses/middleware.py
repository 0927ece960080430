from django.core.exceptions import BadRequest
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, with hashed (never-changing) files cached for one year rather than ten."""

    FOREVER = 365 * 24 * 60 * 60


class RejectNullCharactersMiddleware:
    """Answer 400 to a NUL character in the path, query string or cookies.

    PostgreSQL cannot store or compare text holding NUL, so such a value reaching a query (an
    admin filter, a session key from a cookie) would end in a server error. NUL arrives as
    ``%00`` in a URL and as the octal escape ``\\000`` in a quoted cookie value.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        cookies = request.META.get("HTTP_COOKIE", "")
        if (
            "\x00" in request.path
            or "%00" in query
            or "\x00" in query
            or "\\000" in cookies
            or "\x00" in cookies
        ):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)
