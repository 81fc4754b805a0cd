"""Browser tests: the system Chromium drives the app, served live with the demo content.

The whole directory is skipped when Chromium or Playwright is missing; ``playwright install`` is
never run. Every test gets a fresh browser context (so no cookies leak between tests), and pages
are checked with axe-core (``tests/browser/vendor/axe.min.js``) against WCAG 2.2 AA.
"""

import importlib.util
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE_SOURCE_PATH = HERE / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 10_000


def _chromium() -> str | None:
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


CHROMIUM = _chromium()
SKIP_REASON = (
    "browser tests need the system Chromium (/usr/bin/chromium or `chromium` on PATH); "
    "install Debian's `chromium` package. `playwright install` is deliberately not used."
    if CHROMIUM is None
    else "browser tests need the Python package playwright (pip install -e '.[dev]')"
    if importlib.util.find_spec("playwright") is None
    else None
)


def pytest_ignore_collect(collection_path, config):
    """Without Playwright, leave out the modules that import it (they cannot even be read);
    the rest are collected and skipped with the reason, which CI turns into failures."""
    if importlib.util.find_spec("playwright") is not None or collection_path.suffix != ".py":
        return None
    return "from playwright" in collection_path.read_text() or None


def pytest_collection_modifyitems(config, items):
    """Mark every test here as a browser test, and skip them all when Chromium is missing."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


# --- the live server -----------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    app: object

    def writer_session(self):
        return self.app.extensions["sessions"].writer()

    def deliver_mail(self) -> None:
        """Run the outbox delivery worker once: due emails land in the demo mailbox."""
        from booking.outbox.wiring import worker

        worker(self.app.config, self.app.extensions["sessions"]).deliver_all_due()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app with demo content in a fresh SQLite database, served on a free local port."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    from booking import create_app, demo
    from booking.cli import upgrade_database
    from booking.core.clock import utcnow

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    holder = {}

    def wsgi(environ, start_response):  # the app is made once the port is known
        return holder["app"](environ, start_response)

    server = make_server("127.0.0.1", 0, wsgi, threaded=True, request_handler=QuietHandler)
    try:
        port = server.server_port
        folder = tmp_path_factory.mktemp("browser")
        database_url = f"sqlite:///{folder}/browser.sqlite3"
        app = create_app(
            {
                "DATABASE_URL": database_url,
                "DEMO": True,
                "SESSION_COOKIE_SECURE": False,
                "REMEMBER_COOKIE_SECURE": False,
                "SECRET_KEY": "browser-tests",
                "BASE_URL": f"http://127.0.0.1:{port}",
                "PASSWORD_HASH_COSTS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
                "MAIL_DIRECTORY": str(folder / "mail"),  # the demo mailbox, not instance/mail
                "SMTP_HOST": "",
            }
        )
        holder["app"] = app
        upgrade_database(database_url)
        with app.extensions["sessions"].writer() as session:
            demo.load(session, now=utcnow())
            session.commit()
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(url=f"http://127.0.0.1:{port}", app=app)
        finally:
            server.shutdown()
            thread.join(timeout=10)
    finally:
        server.server_close()
        if "app" in holder:
            holder["app"].extensions["engine"].dispose()


# --- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Make pages in fresh contexts: ``new_page(java_script_enabled=False)``.

    Each page records main-frame documents answered with a server error, uncaught script
    errors and console errors (a script or style blocked by the Content-Security-Policy shows
    as one); the test fails on any (``check_axe`` fails fast on server errors).
    """
    contexts = []
    pages = []

    def make(**context_options):
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", **context_options
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.java_script_enabled = context_options.get("java_script_enabled", True)
        page.server_errors = []
        page.script_errors = []

        def on_response(response):
            if (
                response.request.is_navigation_request()
                and response.frame == page.main_frame
                and response.status >= 500
            ):
                page.server_errors.append(f"{response.status} {response.url}")

        page.on("response", on_response)
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                page.script_errors.append(f"console: {message.text} ({page.url})")
                if message.type == "error"
                else None
            ),
        )
        pages.append(page)
        return page

    yield make
    for context in contexts:
        context.close()
    problems = [e for page in pages for e in page.server_errors + page.script_errors]
    assert not problems, f"server or script errors in the browser: {problems}"


@pytest.fixture
def page(new_page):
    return new_page()


# --- accessibility ---------------------------------------------------------------------------


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE_PATH.read_text(encoding="utf-8")


AXE_RUN = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({
            target: n.target, html: n.html, failureSummary: n.failureSummary,
        })),
    }));
}"""


def _axe_violations(page, axe_source: str) -> list[dict]:
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(axe_source)
    return page.evaluate(AXE_RUN, AXE_TAGS)


@pytest.fixture
def check_axe(browser, axe_source) -> Iterator[Callable]:
    """``check_axe(page)``: no WCAG 2.2 A/AA violations on the page as it is now.

    axe is injected with ``page.evaluate``, which runs over DevTools and so is not blocked by
    the app's nonce-based Content-Security-Policy (a ``<script>`` tag would be). axe needs
    timers, which do not run in a page without JavaScript; such a page's DOM is checked in a
    copy served at the same address, with its scripts removed, in a JavaScript-enabled page.
    """
    copies = []

    def copy_page():
        if not copies:
            copies.append(browser.new_context().new_page())
        return copies[0]

    def without_javascript(page) -> list[dict]:
        html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
        target = page.url
        copy = copy_page()
        copy.unroute_all()
        copy.route(
            lambda url: url == target,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        copy.goto(target)
        return _axe_violations(copy, axe_source)

    def check(page) -> None:
        assert not page.server_errors, f"server error: {page.server_errors}"
        page.wait_for_load_state("load")
        if page.java_script_enabled:
            violations = _axe_violations(page, axe_source)
        else:
            violations = without_javascript(page)
        assert not violations, _format_violations(page.url, violations)

    yield check
    for copy in copies:
        copy.context.close()


# --- people ----------------------------------------------------------------------------------


@pytest.fixture
def new_professional(live_server) -> Callable:
    """``new_professional(name=...)``: a fresh account with a confirmed email address, made
    directly in the database; returns the address (the password is ``PASSWORD``). Bookings
    persist in the shared server's database, so a test that books uses its own account."""
    from booking.accounts.models import Role, Sector
    from booking.accounts.services import Registration, create_account
    from booking.core.clock import utcnow

    def make(name: str = "Browser Tester") -> str:
        email = f"browser-{uuid.uuid4().hex[:12]}@example.org"
        with live_server.writer_session() as session:
            create_account(
                session,
                Registration(
                    name=name,
                    email=email,
                    job_title="Teacher",
                    organisation="Browser Test Primary School",
                    sector=Sector.SCHOOL,
                    password=PASSWORD,
                ),
                role=Role.PROFESSIONAL,
                now=utcnow(),
                confirmed=True,
            )
            session.commit()
        return email

    return make


@pytest.fixture
def sign_in(check_axe) -> Callable:
    """``sign_in(page, email, password)`` through the sign-in form (works without JavaScript)."""
    from playwright.sync_api import expect

    def do(page, email: str, password: str = PASSWORD) -> None:
        page.goto("/sign-in")
        check_axe(page)
        page.get_by_label("Email address", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        # organisers land on Manage events, trainers on Your events
        landing = re.compile(r"^(My bookings|Manage events|Your events)$")
        expect(page.get_by_role("heading", level=1, name=landing)).to_be_visible()

    return do


@pytest.fixture
def open_event(check_axe) -> Callable:
    """``open_event(page, title, places=...)``: search the catalogue for the title, check the
    results page, and follow the first listing with that title (and, if given, places text)."""
    from urllib.parse import urlencode

    from playwright.sync_api import expect

    def go(page, title: str, *, places: str | re.Pattern | None = None) -> str:
        page.goto("/events?" + urlencode({"q": title}))
        check_axe(page)
        link = page.get_by_role("link", name=title, exact=True)
        listings = page.locator(".app-event-list > li").filter(has=link)
        if places is not None:
            listings = listings.filter(has=page.locator(".app-places-left").filter(has_text=places))
        listings.first.get_by_role("link", name=title, exact=True).click()
        expect(page.get_by_role("heading", level=1, name=title, exact=True)).to_be_visible()
        check_axe(page)
        return page.url.partition("?")[0]  # the event's own address, without the search

    return go
