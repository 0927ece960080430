"""Compressed once, served many times: a stored page's gzip and Brotli variants, and the choice
among them for a request's ``Accept-Encoding`` (RFC 9110, section 12.5.3).

A page is compressed when it is rendered, once per content version and process, so serving it
costs no compression at all. The levels are the ones that pay at render time (docs/benchmarks.md):
Brotli at quality 8 is about 10% smaller than gzip for the same CPU time; quality 11 takes 40 to 90
times longer for 7% more.
"""

import gzip
import re

import brotli

IDENTITY = "identity"
GZIP_LEVEL = 6
BROTLI_QUALITY = 8
# Above a 64 KiB window, quality 8 takes 16 MiB of memory for each page it compresses, which
# every process then keeps; quality 6 takes 4 MiB, for 1 to 6% more bytes (the home page, the
# API's list).
SMALL_WINDOW = 16
LARGE_BODY_QUALITY = 6
# Ties go to the smallest: a client that accepts both gets Brotli.
PREFERENCE = ("br", "gzip", IDENTITY)
# Below the smallest weight a client can write (0.001).
UNMENTIONED_IDENTITY = 0.0001
# Accept-Encoding values seen (browsers send a handful), each parsed once.
_chosen = {}
MAX_REMEMBERED = 256


def compressed_variants(body):
    """``{encoding: bytes}``: the body as it is, gzipped and in Brotli."""
    window = brotli_window(body)
    quality = BROTLI_QUALITY if window <= SMALL_WINDOW else LARGE_BODY_QUALITY
    return {
        IDENTITY: body,
        "gzip": gzip.compress(body, GZIP_LEVEL, mtime=0),
        "br": brotli.compress(body, quality=quality, lgwin=window),
    }


def brotli_window(body):
    """The smallest window that holds the whole body (log2 of its size, 10 to 24): Brotli's
    default of 4 MiB compresses a page of a few kilobytes no better, for more memory."""
    return max(10, min(24, (len(body) + 16).bit_length()))


def chosen_encoding(accept_encoding):
    """The coding to send for this ``Accept-Encoding`` value (None when the header is absent):
    the acceptable one with the highest weight, Brotli before gzip before none on a tie."""
    chosen = _chosen.get(accept_encoding)
    if chosen is None:
        chosen = choose(accept_encoding)
        if len(_chosen) >= MAX_REMEMBERED:
            _chosen.clear()
        _chosen[accept_encoding] = chosen
    return chosen


def choose(accept_encoding):
    if accept_encoding is None:
        return IDENTITY
    weights = {}
    for item in accept_encoding.split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        coding = coding.lower()
        if not coding:
            continue
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                weight = parse_weight(value.strip())
        if weight is None:
            continue  # a malformed weight: the coding counts as not mentioned
        weights["gzip" if coding == "x-gzip" else coding] = weight
    best, best_weight = IDENTITY, 0.0
    for coding in PREFERENCE:
        weight = weights.get(coding, weights.get("*"))
        if weight is None:
            # Unmentioned: only "no coding" is acceptable, and after anything weighted above 0.
            weight = UNMENTIONED_IDENTITY if coding == IDENTITY else 0.0
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def parse_weight(text):
    """A qvalue (``0`` to ``1`` with at most three decimals), or None if it is not one."""
    integer, _, decimals = text.partition(".")
    if integer not in ("0", "1") or len(decimals) > 3 or not re.fullmatch("[0-9]*", decimals):
        return None
    weight = float(text.rstrip("."))
    return weight if weight <= 1 else None
