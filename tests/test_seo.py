import re

from django.urls import reverse


def test_sitemap_lists_every_page_in_both_languages(client, sample_codes):
    xml = client.get(reverse("sitemap")).content.decode()

    assert "<loc>https://status.example/404/</loc>" in xml
    assert "<loc>https://status.example/en/404/</loc>" in xml
    assert "<loc>https://status.example/en/4xx/</loc>" in xml
    assert "<loc>https://status.example/</loc>" in xml
    assert 'hreflang="x-default"' in xml
    # 1 home + 5 classes + 5 codes, each in two languages
    assert xml.count("<url>") == 22


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: https://status.example/sitemap.xml" in response.content.decode()
    assert "Disallow: /try/" in response.content.decode()


def test_detail_page_has_title_description_and_social_tags(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[404])).content.decode()

    assert "<title>404 Not Found — 찾을 수 없음 · HTTP 상태 코드 레퍼런스</title>" in html
    assert '<meta name="description" content="요청한 리소스를 찾을 수 없습니다.">' in html
    assert '<meta property="og:title" content="404 Not Found — 찾을 수 없음">' in html
    assert '<meta property="og:locale" content="ko_KR">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(
        r'<link rel="icon" href="/static/favicon[^"]*\.svg" type="image/svg\+xml">', html
    )


def png_size(data):
    """Width and height from a PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def static_file(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["Content-Type"], b"".join(response.streaming_content)


def test_shared_links_get_a_preview_image(client, sample_codes):
    html = client.get("/en/404/").content.decode()

    image = re.search(r'<meta property="og:image" content="([^"]+)">', html)[1]
    assert image.startswith("https://status.example/static/share")  # absolute, as og wants
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    content_type, data = static_file(client, image.removeprefix("https://status.example"))
    assert content_type == "image/png"
    assert png_size(data) == (1200, 630)


def test_a_png_touch_icon_is_linked_and_where_ios_looks_for_it(client, sample_codes):
    html = client.get("/404/").content.decode()

    icon = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html)[1]
    content_type, data = static_file(client, icon)
    assert content_type == "image/png"
    assert png_size(data) == (180, 180)
    for path in ["/apple-touch-icon.png", "/apple-touch-icon-precomposed.png"]:
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == "/static/apple-touch-icon.png"


def test_english_titles_have_no_korean(client, content):
    sitemap = client.get(reverse("sitemap")).content.decode()
    english = re.findall(r"<loc>https://status\.example(/en/[^<]*)</loc>", sitemap)

    korean_titles = []
    for path in english:
        html = client.get(path).content.decode()
        for title in re.findall(r"<title>([^<]*)</title>|og:title\" content=\"([^\"]*)\"", html):
            if re.search("[가-힣]", "".join(title)):
                korean_titles.append(f"{path}: {title}")
    assert len(english) > 100
    assert korean_titles == []
    assert "<title>404 Not Found · " in client.get("/en/404/").content.decode()
    assert "<title>404 Not Found — 찾을 수 없음 · " in client.get("/404/").content.decode()
