"""Events, conferences and their workshops: what an event is, the rules on when it takes
bookings, organisers' edits, and calendar files."""
