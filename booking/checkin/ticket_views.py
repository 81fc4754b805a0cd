"""What a ticket link opens: the ticket for its holder, the check-in for the door."""

from booking.checkin.views import bp

del bp  # routes come with the door pages
