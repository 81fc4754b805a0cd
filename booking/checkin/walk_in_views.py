"""Adding a walk-in at the door."""

from booking.checkin.views import bp

del bp  # routes come with the door pages
