"""The email outbox: a queue of messages written in the transaction of the change that causes
them, a worker that delivers them with retries, transports, and a registry of composers (each
context registers its own emails; the outbox has no content of its own)."""
