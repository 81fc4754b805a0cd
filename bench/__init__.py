"""``make bench``: serve the app with gunicorn beside a bare Flask app and compare latencies.

Run as ``python -m bench`` from the repository root. Results are printed as a table and written
to ``bench/results/latest.json``.
"""
