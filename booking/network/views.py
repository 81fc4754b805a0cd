"""The network context's pages share one blueprint; each part adds its routes from its own
*_views.py (subscriptions, notices, the notices' report, surveys, the pupils' pages, results)."""

from flask import Blueprint

bp = Blueprint("network", __name__)
