"""The feedback context's blueprint: its pages add their routes to it (``*_views.py``)."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
