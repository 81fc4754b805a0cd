"""Browser tests: the system Chromium drives the live app (see conftest.py)."""
