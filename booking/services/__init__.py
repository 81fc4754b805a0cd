"""The domain: plain functions over a SQLAlchemy session. Never imports flask."""
