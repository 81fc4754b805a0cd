"""What organisers see of attendance: per event, and a person's no-shows."""

from booking.checkin.views import bp

del bp  # routes come with the door pages
