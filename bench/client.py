"""A plain HTTP client on ``http.client``: keep-alive when the server allows it, and cookies.

gunicorn's sync workers close the connection after every response, so ``http.client`` reconnects
on the next request; the hello baseline pays the same cost, so ratios stay fair.
"""

import http.client
import json
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

_CSRF_INPUT = re.compile(r"<input[^>]*\bname=\"csrf_token\"[^>]*>")
_VALUE = re.compile(r"\bvalue=\"([^\"]+)\"")
_ERROR_ITEM = re.compile(r"govuk-error-summary__list.*?<li>(.*?)</li>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    def json(self):
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Client:
    """One person's browser: a connection to a server and a cookie jar; follows no redirects."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 60.0):
        self.host = host
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def close(self) -> None:
        self.connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Response:
        return self.request("POST", path, urlencode(fields).encode())

    def post_json(self, path: str, data, csrf_token: str) -> Response:
        """POST ``data`` as JSON with the CSRF token in its header, as the door's script does."""
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": csrf_token,
        }
        return self.request("POST", path, json.dumps(data).encode(), headers)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        """Send one request and read the whole answer; ``seconds`` spans both. A body is a
        form's unless ``headers`` say otherwise."""
        given = headers or {}
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "booking-bench"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers |= given
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            start = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                answer = self.connection.getresponse()
                data = answer.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed a kept-alive connection between requests: retry a GET once
                # afresh; never resend a POST, which could book twice.
                self.connection.close()
                if attempt or method != "GET":
                    raise
                continue
            seconds = time.perf_counter() - start
            self._keep_cookies(answer.headers.get_all("Set-Cookie") or [])
            if answer.will_close:
                self.connection.close()
            return Response(
                answer.status,
                {k.lower(): v for k, v in answer.getheaders()},
                data.decode("utf-8", "replace"),
                seconds,
            )
        raise AssertionError("unreachable")

    def _keep_cookies(self, lines: list[str]) -> None:
        for line in lines:
            pair, _, attributes = line.partition(";")
            name, _, value = pair.strip().partition("=")
            lowered = attributes.lower()
            if not value or "max-age=0" in lowered or "expires=thu, 01 jan 1970" in lowered:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def follow(self, response: Response) -> Response:
        """GET the redirect's target, as a browser would after a POST."""
        target = urlsplit(response.location)
        return self.get(target.path + (f"?{target.query}" if target.query else ""))

    def csrf_token(self, path: str) -> str:
        """The hidden ``csrf_token`` of the first form on the page at ``path``."""
        page = self.get(path)
        match = _CSRF_INPUT.search(page.body)
        value = _VALUE.search(match.group(0)) if match else None
        if page.status != 200 or value is None:
            raise BenchError(f"no csrf_token on GET {path} (status {page.status})")
        return value.group(1)

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the form, as a browser would; raises BenchError when refused."""
        token = self.csrf_token("/sign-in")
        answer = self.post("/sign-in", {"email": email, "password": password, "csrf_token": token})
        if answer.status != 302:
            raise BenchError(f"sign-in of {email} answered {answer.status}, not 302")


def error_message(page: Response) -> str:
    """The first message of the page's GOV.UK error summary, as plain text, or ''."""
    match = _ERROR_ITEM.search(page.body)
    return " ".join(_TAG.sub("", match.group(1)).split()) if match else ""


class BenchError(Exception):
    """The bench itself could not run (as opposed to a target being missed)."""
