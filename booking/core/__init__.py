"""What every context shares: the model base and types, errors, the clock, how dates read,
public links and QR codes. Imports nothing of the other contexts."""
