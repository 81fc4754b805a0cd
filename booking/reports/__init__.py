"""Reach: attendance by sector for an event, reports across events, schools not yet reached,
what an organisation's training lead sees, and refresher prompts."""
