"""Finding and publishing events: the catalogue with its places left, an event's page as each
viewer sees it, the organisers' pages, calendar feeds and the public API."""
