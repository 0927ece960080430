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
    # Search answers are endless and add nothing the code pages do not hold.
    assert "Disallow: /search/\nDisallow: /en/search/" in response.content.decode()
    assert "Disallow: /api/search/\nDisallow: /en/api/search/" in response.content.decode()


def test_detail_page_has_title_description_and_social_tags(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[404])).content.decode()

    assert "<title>404 Not Found — 찾을 수 없음 · HTTP 상태 코드 레퍼런스</title>" in html
    assert '<meta name="description" content="요청한 리소스를 찾을 수 없습니다.">' in html
    assert '<meta property="og:title" content="404 Not Found — 찾을 수 없음">' in html
    assert '<meta property="og:locale" content="ko_KR">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert re.search(
        r'<link rel="icon" href="/static/favicon[^"]*\.svg" type="image/svg\+xml">', html
    )
