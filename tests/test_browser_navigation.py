import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_browse_home_then_class_then_code(page, sample_codes):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("HTTP 상태 코드")

    page.get_by_role("link", name=re.compile(r"^4xx")).first.click()
    expect(page).to_have_url(re.compile(r"/4xx/$"))

    page.get_by_role("link", name=re.compile(r"^404 Not Found")).click()
    expect(page).to_have_url(re.compile(r"/404/$"))
    expect(page.locator("h1")).to_contain_text("Not Found")
    expect(page.locator(".subtitle")).to_have_text("찾을 수 없음")
