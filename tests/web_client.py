"""A Flask test client that knows how to fetch a CSRF token and sign in."""

import re

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class WebClient:
    """A Flask test client that knows how to fetch a CSRF token and sign in."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()

    def get(self, url, **kwargs):
        return self.http.get(url, **kwargs)

    def csrf(self, url: str = "/sign-in") -> str:
        page = self.http.get(url).get_data(as_text=True)
        match = _CSRF.search(page)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def post(self, url, data=None, *, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf()
        return self.http.post(url, data=data, **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD):
        response = self.post("/sign-in", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response
