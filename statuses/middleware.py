from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, with hashed (never-changing) files cached for one year rather than ten."""

    FOREVER = 365 * 24 * 60 * 60
