"""CSRF on every POST, sign-in sessions, and security headers with a nonce-based CSP."""

import hashlib
import hmac
import ipaddress
import secrets
from functools import wraps

from flask import Flask, abort, current_app, g, render_template, request, session
from flask_login import LoginManager, current_user, login_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from booking.accounts.models import Role, User
from booking.accounts.queries import Identity, signed_in_identity
from booking.web.database import db

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_id: str) -> "SignedInUser | None":
    """The signed-in user, if the session was made with their current password and they have
    not signed out since."""
    user_id, _, stamp = session_id.partition(":")
    if not user_id.isascii() or not user_id.isdigit() or len(user_id) > 10:
        return None
    identity = signed_in_identity(db(), int(user_id))
    if identity is None or not hmac.compare_digest(stamp, _session_stamp(identity)):
        return None
    return SignedInUser(identity)


def _session_stamp(user: "User | Identity") -> str:
    # Changing the password (a reset) or signing out changes the stamp, which ends every session
    # made before.
    return hashlib.sha256(f"{user.password_hash}:{user.session_stamp}".encode()).hexdigest()[:16]


class SignedInUser:
    """The flask-login face of a person (kept out of the model, which knows nothing of the web):
    built from a User at sign-in, or from its ``Identity`` on later requests."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user: "User | Identity"):
        self.id = user.id
        self.name = user.name
        self.role = user.role
        self.email_confirmed = user.email_confirmed_at is not None
        self._stamp = _session_stamp(user)

    def get_id(self) -> str:
        return f"{self.id}:{self._stamp}"

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER

    @property
    def may_work_doors(self) -> bool:
        """Trainers and organisers check people in at doors ("Your events")."""
        return self.role in (Role.TRAINER, Role.ORGANISER)


def current_person_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def role_required(*roles: Role):
    """Only signed-in people with one of these roles; others get a 403 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


organisers_only = role_required(Role.ORGANISER)


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def allow_camera(view):
    """A page that may use the camera (the door page's ticket scanner); every other page is
    refused it by its Permissions-Policy."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        g.camera_allowed = True
        return view(*args, **kwargs)

    return wrapped


def _security_headers(response):
    nonce = g.get("csp_nonce")
    script = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'; worker-src 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    camera = "(self)" if g.get("camera_allowed") else "()"
    response.headers["Permissions-Policy"] = f"camera={camera}, geolocation=(), microphone=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config["SESSION_COOKIE_SECURE"]:  # served over HTTPS
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


DEMO_ONLY_HERE = (
    "This demo answers only on the computer it runs on",
    "Demo mode shows every email the service sends, with everyone's links, so it does not "
    "answer other computers, nor anything passed on by a proxy. Open it on the computer running "
    "it, at {base_url}, or run the service without BOOKING_DEMO for other people to use.",
)
# Headers a proxy adds: behind one on this computer, every visitor would look local.
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP")
# The names this computer answers to; any other name was rebound to it by someone else's page.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def _demo_only_on_this_computer():
    """In demo mode, a page saying why for any request that is not from this computer,
    straight to it by one of its own names."""
    if current_app.config["DEMO"] and not _straight_from_this_computer():
        title, advice = DEMO_ONLY_HERE
        advice = advice.format(base_url=current_app.config["BASE_URL"])
        return render_template("errors/error.html", title=title, advice=advice), 403
    return None


def _straight_from_this_computer() -> bool:
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    return (
        is_loopback(request.remote_addr)
        and host.lower() in LOCAL_HOSTS
        and not any(name in request.headers for name in FORWARDING_HEADERS)
    )


def is_loopback(address: str | None) -> bool:
    """Whether a client or listening address is this computer (127.0.0.0/8, ::1, localhost)."""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def init_app(app: Flask) -> None:
    hops = app.config["PROXY_HOPS"]
    # Behind a reverse proxy the client's address comes from X-Forwarded-For; a demo is never
    # behind one (see _demo_only_on_this_computer).
    if hops and not app.config["DEMO"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    csrf.init_app(app)
    login_manager.init_app(app)
    app.before_request(_demo_only_on_this_computer)
    app.after_request(_security_headers)


def start_signed_in_session(user: SignedInUser) -> None:
    """Sign the person in on a new session: nothing set before sign-in carries over (a CSRF
    secret planted in the browser by someone else would let them forge this person's forms),
    except the messages waiting to be shown."""
    waiting = session.get("_flashes")
    session.clear()
    if waiting:
        session["_flashes"] = waiting
    login_user(user)
