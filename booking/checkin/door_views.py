"""The door page: scanning, the door list, checking in and undoing; offline lists and sync."""

from booking.checkin.views import bp

del bp  # routes come with the door pages
