"""Configuration: a secret is written under instance/ only when none is given."""

from booking.config import from_environment


def test_a_given_secret_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("BOOKING_DEMO", "1")  # no partnership details needed
    config = from_environment(str(tmp_path / "instance"), {"SECRET_KEY": "given"})
    assert config["SECRET_KEY"] == "given"
    assert not (tmp_path / "instance").exists()


def test_without_a_secret_one_is_kept_for_the_next_start(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("BOOKING_DEMO", "1")  # no partnership details needed
    first = from_environment(str(tmp_path / "instance"), {})["SECRET_KEY"]
    assert from_environment(str(tmp_path / "instance"), {})["SECRET_KEY"] == first
    assert (tmp_path / "instance" / "secret_key").read_text().strip() == first
