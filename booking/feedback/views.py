"""The feedback blueprint: its routes are added by the context's *_views.py modules."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
