"""Render the site's PNG images into static/: the preview for shared links and the touch icon.

Both are drawn in HTML and photographed by Debian's Chromium (through Playwright, as the
browser tests do), so they are remade from this file, not edited by hand:

- share.png, 1200x630 (the size link previews expect), for og:image;
- apple-touch-icon.png, 180x180, the favicon's design on a full square (iOS rounds the
  corners itself and would fill transparent ones with black).

Usage: make images
"""

import base64
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static"
CHROMIUM = "/usr/bin/chromium"
MONO = "'DejaVu Sans Mono', 'Noto Sans Mono CJK KR', monospace"
SANS = "'Noto Sans CJK KR', 'Noto Sans KR', sans-serif"
# The class colours of the dark theme (static/css/site.css).
CODES = [("200", "#5fd39a"), ("301", "#8ab4ff"), ("404", "#ffac5e"), ("503", "#ff8489")]

SHARE = f"""<!doctype html><html lang="ko"><meta charset="utf-8"><style>
body {{ margin: 0; width: 1200px; height: 630px; background: #15171c; color: #e7e8ec;
  font-family: {SANS}; display: flex; flex-direction: column; justify-content: center;
  padding: 0 90px; box-sizing: border-box; }}
.mark {{ display: inline-block; background: #e7e8ec; color: #15171c; border-radius: 14px;
  padding: 4px 22px; font: 700 44px {MONO}; }}
h1 {{ font-size: 84px; line-height: 1.15; margin: 36px 0 8px; letter-spacing: -1px; }}
p {{ font-size: 38px; color: #a3a8b8; margin: 0 0 48px; }}
.codes {{ display: flex; gap: 24px; }}
.codes span {{ font: 800 52px {MONO}; padding: 10px 26px; border-radius: 16px;
  background: #1d2027; border-left: 10px solid currentColor; }}
</style><body>
<div><span class="mark">HTTP</span></div>
<h1>HTTP 상태 코드 레퍼런스</h1>
<p>HTTP status code reference · 한국어 / English</p>
<div class="codes">{"".join(f'<span style="color:{c}">{n}</span>' for n, c in CODES)}</div>
</body></html>"""

ICON = """<!doctype html><html><style>
body { margin: 0; width: 180px; height: 180px; background: #1d1f23; }
img { display: block; width: 180px; height: 180px; }
</style><body><img src="data:image/svg+xml;base64,{svg}"></body></html>"""


def main():
    svg = base64.b64encode((STATIC / "favicon.svg").read_bytes()).decode()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, html, size in [
            ("share.png", SHARE, (1200, 630)),
            ("apple-touch-icon.png", ICON.replace("{svg}", svg), (180, 180)),
        ]:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            page.set_content(html)
            page.screenshot(path=STATIC / name)
            page.close()
            print(f"-> static/{name} ({size[0]}x{size[1]})")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
