"""The service's public links: the addresses that leave the site in emails, QR codes, calendars
and the API, and the host that names calendar entries and emails.

Each link is written here once, beside the endpoint that serves it; a test checks every one
against the app's URL map, so a route cannot move without its links following.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

# name: (endpoint that serves it, path with its values in braces)
PUBLIC_LINKS = {
    "events": ("catalogue.events", "/events"),
    "events_feed": ("catalogue.events_feed", "/events.ics"),
    "event": ("catalogue.event", "/events/{event_id}"),
    "event_calendar": ("catalogue.event_calendar", "/events/{event_id}.ics"),
    "my_bookings": ("bookings.mine", "/bookings"),
    "booking_ticket": ("bookings.ticket", "/bookings/{booking_id}/ticket"),
    "booking_workshops": ("bookings.workshops", "/bookings/{booking_id}/workshops"),
    "booking_needs": ("bookings.needs", "/bookings/{booking_id}/needs"),
    "ticket": ("door.ticket_link", "/t/{token}"),
    "certificate": ("feedback.verify", "/certificates/{code}"),
    "sign_in": ("auth.sign_in", "/sign-in"),
    "confirm_email": ("auth.confirm_email", "/confirm-email/{token}"),
    "confirm_new_email": ("auth.confirm_new_email", "/confirm-new-email/{token}"),
    "reset_password": ("auth.reset_password", "/reset-password/{token}"),
    "reminders_off": ("auth.reminders_off", "/reminders/off/{token}"),
    "account": ("auth.account", "/account"),
    "contact": ("pages.contact", "/contact"),
    "feedback": ("feedback.respond", "/feedback/{token}"),
    "network_message": ("network.archive_notice", "/network/messages/{notice_id}"),
    "network_unsubscribe": ("network.unsubscribe", "/networks/unsubscribe/{token}"),
    "survey": ("network.pupil_survey", "/survey/{code}"),
    "network_invitation": ("network.accept_invitation", "/networks/invitation/{token}"),
    "shared_address_confirm": (
        "network.confirm_shared_address",
        "/networks/shared-address/{token}",
    ),
    "your_networks": ("network.your_networks", "/account/networks"),
}


@dataclass(frozen=True)
class Links:
    """Absolute public links on ``base_url`` (the ``BASE_URL`` setting, without a final /)."""

    base_url: str

    def to(self, name: str, **values) -> str:
        """The absolute link called ``name`` in PUBLIC_LINKS, with its values filled in."""
        _endpoint, path = PUBLIC_LINKS[name]
        return self.base_url.rstrip("/") + path.format(**values)

    def ticket(self, token: str) -> str:
        """What a ticket's QR code encodes: any phone camera opens it."""
        return self.to("ticket", token=token)

    def event(self, event_id: int) -> str:
        return self.to("event", event_id=event_id)

    def calendar_subscription(self, query: dict[str, str]) -> str:
        """The calendar feed of the events these filters list, as a ``webcal://`` link:
        calendar apps subscribe to it (and keep it up to date) instead of importing it once."""
        feed = self.to("events_feed") + (f"?{urlencode(query)}" if query else "")
        return "webcal://" + feed.split("://", 1)[1]

    @property
    def host(self) -> str:
        """The host name, without a port: the right-hand side of calendar UIDs and of
        Message-IDs, the same in a downloaded .ics and an emailed invitation."""
        return urlsplit(self.base_url).hostname or "localhost"
