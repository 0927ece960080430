"""Submit the form a page renders, as a browser does.

``open_form`` reads the page and collects what a browser would post: every named field of the
form (hidden ones, inline management forms and the inline template rows included), checked
boxes only, the selected options, the textareas' text. A test then changes what a person would
change and submits. A new field, a missing value or a broken form fails the test the way it
would fail an editor; nothing is built by hand. ``Browser`` does the same over real HTTP, with
cookies, against a served site.
"""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.conf import settings

# Inputs a browser never posts, or posts only when clicked.
NOT_POSTED = {"submit", "button", "image", "reset", "file"}


class Form:
    def __init__(self, url, attrs):
        self.url = url
        self.action = urljoin(url, attrs.get("action") or url)
        self.id = attrs.get("id")
        self.method = (attrs.get("method") or "get").lower()
        self.fields = []  # (name, value) in page order, as a browser posts them
        self.buttons = {}  # submit buttons: name -> value

    def names(self):
        return {name for name, _ in self.fields}

    def __contains__(self, name):
        return name in self.names()

    def __getitem__(self, name):
        values = self.getlist(name)
        if not values:
            raise KeyError(name)
        return values[0]

    def getlist(self, name):
        return [value for field, value in self.fields if field == name]

    def set(self, name, value):
        """Type into a field (a list selects several options; True/False ticks a checkbox)."""
        if value is True:
            value = "on"
        values = [] if value in (False, None) else value if isinstance(value, list) else [value]
        others = [(field, old) for field, old in self.fields if field != name]
        self.fields = others + [(name, str(item)) for item in values]

    def update(self, changes):
        for name, value in changes.items():
            self.set(name, value)
        return self

    def add_inline_row(self, prefix, **values):
        """Press "Add another": copy the inline's template row as the next row, then fill it."""
        total = int(self[f"{prefix}-TOTAL_FORMS"])
        template = f"{prefix}-__prefix__-"
        row = [
            (name.replace("__prefix__", str(total)), value)
            for name, value in self.fields
            if name.startswith(template)
        ]
        assert row, f"the page renders no template row for {prefix}"
        self.fields += row
        self.set(f"{prefix}-TOTAL_FORMS", str(total + 1))
        for name, value in values.items():
            self.set(f"{prefix}-{total}-{name}", value)
        return total

    def data(self, button=None):
        data = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        if button:
            assert button in self.buttons, f"no button {button!r} in {self.buttons}"
            data[button] = [self.buttons[button]]
        return data

    def submit(self, client, changes=None, button=None):
        """Post the form with ``client`` (a Django test client or anything with ``post``)."""
        if changes:
            self.update(changes)
        return client.post(self.action, self.data(button))


class FormParser(HTMLParser):
    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms = []
        self.form = None
        self.select = None  # [name, multiple, chosen values, first option value]
        self.option = None  # [value or None, text, selected]
        self.textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form(self.url, attrs)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        disabled = "disabled" in attrs
        if tag == "input" and name and not disabled:
            kind = (attrs.get("type") or "text").lower()
            if kind in NOT_POSTED:
                if kind == "submit":
                    self.form.buttons[name] = attrs.get("value", "")
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.form.fields.append((name, attrs.get("value", "on")))
            else:
                self.form.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            self.form.buttons[name] = attrs.get("value", "")
        elif tag == "select" and name and not disabled:
            self.select = [name, "multiple" in attrs, [], None]
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "", "selected" in attrs]
        elif tag == "textarea" and name and not disabled:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self.close_option()
        elif tag == "select" and self.select is not None:
            self.close_option()
            name, multiple, chosen, first = self.select
            if not chosen and not multiple and first is not None:
                chosen = [first]  # a single select always posts an option
            self.form.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # HTML drops one newline right after <textarea>; browsers post CRLF line ends.
            text = text.removeprefix("\n").replace("\r\n", "\n").replace("\n", "\r\n")
            self.form.fields.append((name, text))
            self.textarea = None
        elif tag == "form":
            self.form = None

    def close_option(self):
        if self.option is None:
            return
        value, text, selected = self.option
        value = text.strip() if value is None else value
        if self.select[3] is None:
            self.select[3] = value
        if selected:
            self.select[2].append(value)
        self.option = None


def forms_in(html, url):
    parser = FormParser(url)
    parser.feed(html)
    parser.close()
    return parser.forms


def form_in(html, url, form_id=None):
    """The form with ``form_id``, else the page's main form (the POST form with most fields)."""
    forms = forms_in(html, url)
    if form_id is not None:
        matches = [form for form in forms if form.id == form_id]
        assert matches, f"no form #{form_id} on {url}"
        return matches[0]
    posted = [form for form in forms if form.method == "post"]
    assert posted, f"no form to submit on {url}"
    return max(posted, key=lambda form: len(form.fields))


def open_form(client, url, form_id=None):
    """Open ``url`` with ``client`` and return the form it renders, ready to change and submit."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return form_in(response.content.decode(), url, form_id)


def submit_form(client, url, changes=None, button=None, form_id=None):
    """Open the page, change what a person would change, submit; return the response."""
    return open_form(client, url, form_id).submit(client, changes, button)


class Browser:
    """Cookies, and forms submitted as rendered, over real HTTP to a served site."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path, headers=None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def submit(self, path, **changes):
        """Post the form the page at ``path`` renders, with ``changes``; answer the final page."""
        _, _, html = self.get(path)
        data = {**form_in(html, self.base + path).data(), **changes}
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=20) as response:
            return response.status, response.geturl(), response.read().decode()

    def log_in(self, username, password):
        status, url, html = self.submit(
            f"/{settings.ADMIN_URL}login/", username=username, password=password
        )
        assert url.endswith(f"/{settings.ADMIN_URL}"), html[:500]
