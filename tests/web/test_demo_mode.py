"""Demo mode stays a demo: its mailbox shows everyone's links, so it answers only on the
computer it runs on, and says so when started to listen elsewhere."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.outbox.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("address", ["192.0.2.10", "10.0.0.5", "2001:db8::1"])
def test_demo_mode_refuses_other_computers_with_a_page_that_says_why(app, client, address):
    app.config["DEMO"] = True
    response = client.get("/dev/mail", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 403
    assert "only on the computer it runs on" in response.get_data(as_text=True)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.1.1", "::1"])
def test_demo_mode_answers_on_this_computer(app, client, address):
    app.config["DEMO"] = True
    assert client.get("/dev/mail", environ_base={"REMOTE_ADDR": address}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Forwarded-For": "127.0.0.1"},
        {"Forwarded": "for=127.0.0.1"},
        {"X-Real-IP": "127.0.0.1"},
        {"Host": "rebind.attacker.example"},
        {"Host": "rebind.attacker.example:5000"},
    ],
)
def test_demo_mode_refuses_what_a_proxy_forwarded_or_another_name_reached(app, client, headers):
    """A proxy on this computer makes every visitor look local, and a page on another site can
    rebind its name to 127.0.0.1: both are refused, whatever BOOKING_PROXY_HOPS says."""
    app.config["DEMO"] = True
    response = client.get("/dev/mail", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 403


@pytest.mark.parametrize("host", ["localhost:5000", "127.0.0.1:5000", "[::1]:5000", "localhost"])
def test_demo_mode_answers_its_own_names_on_any_port(app, client, host):
    app.config["DEMO"] = True
    response = client.get("/dev/mail", headers={"Host": host})
    assert response.status_code == 200


def test_outside_demo_mode_every_address_is_answered(client):
    assert client.get("/events", environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code == 200


def test_demo_mode_started_to_listen_on_every_address_says_so(tmp_path):
    env = {
        **os.environ,
        "BOOKING_DEMO": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "SECRET_KEY": "test-secret",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "booking",
            "run",
            "--host",
            "0.0.0.0",
            "--port",
            str(free_port()),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first_line = server.stdout.readline()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Demo mode answers only on this computer" in first_line


def test_the_demo_mailbox_says_when_it_lists_only_the_newest(app, client, tmp_path):
    app.config.update(DEMO=True, MAIL_DIRECTORY=str(tmp_path))
    for n in range(102):
        email = f"Subject: Message {n}\r\nTo: someone@example.test\r\n\r\nHello\r\n"
        (tmp_path / f"{n:032x}.eml").write_text(email)
    page = client.get("/dev/mail").get_data(as_text=True)
    assert "These are the newest 100 of 102" in page and page.count("/dev/mail/") == 100
