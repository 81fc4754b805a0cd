"""After the event: marking attendance, closing the register, the register and sheet files."""

from booking.checkin.views import bp

del bp  # routes come with the door pages
