"""The feedback pages' blueprint: organisers' form pages, responding, summaries, certificates."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
