"""The feedback context's pages share one blueprint; each part adds its routes from its own
*_views.py (the form builder from builder_views.py)."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
