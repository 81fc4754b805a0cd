"""Places: booking, the waiting list, cancelling, tickets, and the emails that tell people."""
