"""The relevance set: queries people really type, and the code that must lead the answer.

Each query goes through the search page as a person sends it; the leading result is the page a
redirect goes to, or the first result listed. Precision at 1 is the share of queries whose
expected code comes first, precision at 3 the share where it is among the first three. A few
symptoms are answered by a guide rather than a code: those queries must list the guide too.
"""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.database

SEARCH = reverse("statuses:search")

# (query, expected leading code). Kinds: numbers, names, Korean words, synonyms, log lines and
# error messages, British spellings, typos, words typed without their spaces, verb endings (the
# 하다 and 되다 verbs' nouns among them), loanwords spelled another way, symptoms a guide
# answers (browsers' own messages), CORS, vendor titles against registered codes' keywords.
RELEVANCE_SET = [
    # Numbers, alone or inside text
    ("404", 404),
    ("HTTP 404", 404),
    ("404 not found", 404),
    ("에러 500", 500),
    ("에러코드 401", 401),
    ("HTTP 429", 429),
    ("status code 429", 429),
    ('127.0.0.1 - - "GET /api/items HTTP/1.1" 499 0 "-" "curl/8.5.0"', 499),
    ("nginx 499 client closed", 499),
    ("cloudflare 522", 522),
    ("django 403 csrf", 403),
    # Names and Korean titles
    ("not found", 404),
    ("Too Many Requests", 429),
    ("bad gateway", 502),
    ("gateway timeout", 504),
    ("service unavailable", 503),
    ("permanent redirect", 308),
    ("see other", 303),
    ("not modified", 304),
    ("unprocessable content", 422),
    ("I'm a teapot", 418),
    ("찾을 수 없음", 404),
    ("요청이 너무 많음", 429),
    ("잘못된 게이트웨이", 502),
    ("내부 서버 오류", 500),
    ("영구 이동", 301),
    ("사라짐", 410),
    # Former names and synonyms
    ("payload too large", 413),
    ("request entity too large", 413),
    ("unprocessable entity", 422),
    ("upload too large", 413),
    ("rate limit", 429),
    ("rate", 429),
    ("throttling", 429),
    ("permission denied", 403),
    ("access denied", 403),
    ("login required", 401),
    ("validation error", 422),
    ("captive portal", 511),
    ("websocket", 101),
    ("maintenance", 503),
    ("server under maintenance", 503),
    ("disk full", 507),
    ("duplicate", 409),
    ("resume download", 206),
    ("early hints", 103),
    ("teapot", 418),
    ("Retry-After", 503),
    ("WWW-Authenticate", 401),
    # Korean synonyms
    ("권한", 403),
    ("권한이 없어요", 403),
    ("접근 거부", 403),
    ("리다이렉트", 307),
    ("임시 리다이렉트", 307),
    ("타임아웃", 408),
    ("요청 과다", 429),
    ("속도 제한", 429),
    ("업로드 용량 초과", 413),
    ("대용량 업로드", 413),
    ("인증 실패", 401),
    ("로그인 필요", 401),
    ("서비스 점검", 503),
    ("세션 만료", 419),
    ("캐시", 304),
    ("캐쉬", 304),
    ("컨텐츠 없음", 204),
    ("웹소켓", 101),
    ("검열", 451),
    ("중복", 409),
    ("이어받기", 206),
    ("빈 응답", 204),
    ("결제", 402),
    ("인증서", 496),
    ("원본 서버 다운", 521),
    # Log lines and error messages
    ("upstream timed out (110: Connection timed out) while reading response header", 504),
    ("connect() failed (111: Connection refused) while connecting to upstream", 502),
    ("client intended to send too large body", 413),
    ("CSRF verification failed. Request aborted.", 403),
    ("CSRF token mismatch", 419),
    ("The plain HTTP request was sent to HTTPS port", 497),
    ("Request Header Or Cookie Too Large", 431),
    ("Method Not Allowed (POST)", 405),
    ("SSL handshake failed", 525),
    ("origin is unreachable", 523),
    # British spellings
    ("unauthorised", 401),
    ("authorisation required", 401),
    ("request cancelled by client", 499),
    # Typos
    ("forbiden", 403),
    ("Not Fuond", 404),
    ("too many reqests", 429),
    ("interal server error", 500),
    ("gatway timeout", 504),
    ("unavailible", 503),
    ("redirct", 307),
    ("인증 실페", 401),
    ("서비스 점겸", 503),
    ("게이트에이 타임아웃", 504),
    ("잘못됭 요청", 400),
    ("unathorized", 401),
    ("게이트웨이 타임아웃", 504),
    # Words typed without their spaces, or with one too many
    ("서버점검중", 503),
    ("잘못된요청", 400),
    ("배드게이트웨이", 502),
    ("게이트웨이타임아웃", 504),
    ("요청이너무많음", 429),
    ("페이지를찾을수없음", 404),
    ("서버내부오류", 500),
    ("게이트웨이시간초과", 504),
    ("헤더가너무큼", 431),
    ("로그인필요", 401),
    ("toomanyrequests", 429),
    ("notfound", 404),
    ("web socket", 101),
    ("gateway time out", 504),
    # Verb endings: the stem under another ending than the text's (많아요 and 많음)
    ("요청이 너무 많아요", 429),
    ("권한이 없습니다", 403),
    ("페이지가 없어요", 404),
    ("파일이 너무 커요", 413),
    ("로그인이 안 돼요", 401),
    ("접근이 거부됐어요", 403),
    ("서버가 점검 중이에요", 503),
    ("토큰이 만료됐어요", 401),
    ("토큰 만료됨", 401),
    ("인증되지 않음", 401),
    ("허용되지 않는 메서드", 405),
    ("지원되지 않는 미디어 타입", 415),
    ("너무 많은 요청", 429),
    ("업로드한 파일이 너무 큼", 413),
    ("requests are being throttled", 429),
    ("the server is throttling me", 429),
    # Symptoms a guide answers (GUIDE_SET below), and the code that leads with it
    ("too many redirects", 301),
    ("ERR_TOO_MANY_REDIRECTS", 301),
    ("redirect loop", 301),
    ("리다이렉트가 너무 많음", 301),
    ("무한 리다이렉트", 301),
    ("리디렉션이 너무 많음", 301),
    ("너무 많은 리디렉션", 301),
    ("리디렉션한 횟수가 너무 많습니다", 301),
    ("redirected you too many times", 301),
    # CORS: the preflight's answer, and who refuses it
    ("CORS preflight", 204),
    ("CORS 프리플라이트", 204),
    ("preflight request", 204),
    ("프리플라이트 요청", 204),
    ("CORS preflight 405", 405),
    ("Invalid CORS request", 403),
    ("OPTIONS not allowed", 405),
    # A registered code's keyword against a vendor code's title or name, and the vendor's own
    ("로그인", 401),
    ("login", 401),
    ("토큰 만료", 401),
    ("expired token", 401),
    ("rate limiting", 429),
    ("account blocked", 456),
    ("password expired", 457),
    ("session timeout", 440),
]

# (query, guide that must be listed): symptoms that name a guide's subject rather than a code.
GUIDE_SET = [
    ("too many redirects", "redirects"),
    ("ERR_TOO_MANY_REDIRECTS", "redirects"),
    ("redirect loop", "redirects"),
    ("리다이렉트가 너무 많음", "redirects"),
    ("리다이렉트 루프", "redirects"),
    ("리디렉션한 횟수가 너무 많습니다", "redirects"),
    ("너무 많은 리디렉션", "redirects"),
    ("페이지가 제대로 리디렉션되지 않음", "redirects"),
    ("redirected you too many times", "redirects"),
    ("The page isn't redirecting properly", "redirects"),
    ("POST가 GET으로 바뀌었어요", "redirects"),
    ("which status should I send", "which-status"),
    ("어떤 상태 코드를 보내야 하나요", "which-status"),
    ("heuristic caching", "caching"),
    ("캐싱", "caching"),
]
# Queries about a code that the guides' long texts mention in passing: no guide is listed.
NO_GUIDE = ["요청이 너무 많아요", "로그인", "toomanyrequests", "페이지가 없어요"]


def leading_codes(client, query):
    response = client.get(SEARCH, {"q": query})
    if response.status_code == 302:
        match = re.fullmatch(r"/(\d{3})/", response["Location"])
        return [int(match[1])] if match else []
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<li class="code-row[^"]*">\s*<a href="/(\d{3})/"', html)
    return [int(code) for code in rows]


def listed_guides(client, query):
    html = client.get(SEARCH, {"q": query}).content.decode()
    if 'class="guide-list"' not in html:
        return []
    listing = html.split('class="guide-list"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="/guides/([a-z-]+)/"', listing)


def test_the_relevance_set_is_large_and_in_both_languages():
    korean = [query for query, _ in RELEVANCE_SET if re.search("[가-힣]", query)]

    assert len(RELEVANCE_SET) >= 120
    assert len(korean) >= 50 and len(RELEVANCE_SET) - len(korean) >= 50


def test_precision_at_1_is_at_least_95_percent_and_at_3_perfect(client, content):
    answers = {query: leading_codes(client, query) for query, _ in RELEVANCE_SET}
    misses = [
        (query, expected, answers[query][:3])
        for query, expected in RELEVANCE_SET
        if answers[query][:1] != [expected]
    ]
    not_in_3 = [miss for miss in misses if miss[1] not in miss[2]]
    precision = 1 - len(misses) / len(RELEVANCE_SET)
    print(f"\nprecision@1 = {precision:.3f} over {len(RELEVANCE_SET)} queries; misses: {misses}")

    assert precision >= 0.95, misses
    assert not_in_3 == []


def test_symptoms_that_name_a_guide_list_it_and_others_do_not(client, content):
    missing = [
        (query, slug, guides)
        for query, slug in GUIDE_SET
        if slug not in (guides := listed_guides(client, query))
    ]
    noise = {query: guides for query in NO_GUIDE if (guides := listed_guides(client, query))}

    assert missing == []
    assert noise == {}
