"""At the door: door lists, scans, undo, walk-ins, no-shows, offline sync, registers."""
