"""Every action the audit log records, with the words people read for it, and the kinds of
thing an entry is about. A new action is added here before anything records it: ``record``
refuses a code this list does not hold, so the viewer can name and filter every entry."""

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from booking.core.formatting import time_of_day

# What an entry is about (its subject_type), with the words the viewer uses.
SUBJECT_TYPES = MappingProxyType(
    {
        "booking": "Booking",
        "event": "Event",
        "user": "Account",
        "organisation": "Organisation",
        "report": "Report",
        "notice": "Network message",
        "survey": "Pupils' survey",
        "network": "Network",
    }
)

ACTIONS = MappingProxyType(
    {
        # At the door and after the event (the checkin context).
        "checkin.check_in": "Checked in",
        "checkin.undo": "Check-in undone",
        "checkin.walk_in": "Walk-in added",
        "checkin.mark_attended": "Marked as attended",
        "checkin.mark_absent": "Marked as not attended",
        "checkin.close_register": "Register closed",
        "checkin.reopen_register": "Register reopened",
        # Feedback summaries: files and free-text answers hidden from them (details: which).
        "feedback.answer_hidden": "Feedback answer hidden from exports",
        "feedback.answer_shown": "Feedback answer shown in exports again",
        "feedback.exported": "Feedback file downloaded",
        # Files taken away (details: which file).
        "export.download": "File downloaded",
        # Reports: attendance and reach (details: which file).
        "report.exported": "Report downloaded",
        # Organisers' changes to events.
        "event.create": "Event created",
        "event.edit": "Event changed",
        "event.publish": "Event published",
        "event.duplicate": "Event duplicated",
        "event.cancel": "Event cancelled",
        "event.trainers": "Trainers changed",
        # Feedback forms (the feedback context's builder).
        "feedback.form_changed": "Feedback form changed",
        "feedback.form_created": "Feedback form created",
        # Feedback responses (the feedback context).
        "feedback.paper_entered": "Paper feedback form typed in",
        # Organisers (and training leads) managing people's bookings.
        "booking.booked_on_behalf": "Booked on someone's behalf",
        "booking.cancelled_on_behalf": "Booking cancelled on someone's behalf",
        "booking.event_emailed": "Everyone booked emailed",
        "booking.moved": "Booking moved to another date",
        "booking.offered": "Place offered from the waiting list",
        # Seeing what can be health data.
        "needs.view": "Access and dietary needs viewed",
        # Feedback and certificates (the feedback context).
        "feedback.certificate_issued": "Certificate of attendance issued",
        # Accounts.
        "account.create": "Account created",
        "account.role": "Role changed",
        "account.update": "Account details changed",
        "account.email_change_requested": "New email address asked for",
        "account.email_changed": "Email address changed",
        "account.password_changed": "Password changed",
        "account.close": "Account closed",
        # The register of organisations (organisers curating it).
        "organisation.changed": "Organisation changed",
        "organisation.imported": "Organisations imported",
        "organisation.merged": "Organisations merged",
        "organisation.renamed": "Organisation renamed",
        # Training leads and referrals of parents (reach).
        "lead.approved": "Training lead approved",
        "lead.ended": "Training lead ended",
        "lead.refused": "Training lead refused",
        "lead.requested": "Asked to be training lead",
        "referral.made": "Parent referred",
        # Messages and alerts to the networks (details: recipients, send_at, reason).
        "notice.created": "Network message written",
        "notice.changed": "Network message changed",
        "notice.scheduled": "Network message scheduled",
        "notice.unscheduled": "Network message's schedule cancelled",
        "notice.sent": "Network message sent",
        # The pupils' survey's results (details: which file, and the school's place if one).
        "survey.results_exported": "Survey results downloaded",
        # The pupils' survey (the network context): its set-up and its schools.
        "survey.created": "Pupils' survey created",
        "survey.changed": "Pupils' survey changed",
        "survey.opened": "Pupils' survey opened",
        "survey.closed": "Pupils' survey closed",
        "survey.school_added": "School added to a pupils' survey",
        "survey.school_removed": "School removed from a pupils' survey",
        # The partnership's networks (details: ``subscriber``, "p12" or "a3", never an address).
        "network.created": "Network created",
        "network.changed": "Network changed",
        "network.invited": "People invited to a network",
        "network.member_removed": "Member removed from a network",
        "network.joined": "Joined a network",
        "network.left": "Left a network",
        "network.unsubscribed": "Unsubscribed from a network by an email's link",
        "network.shared_address_named": "Shared alerts address named",
        "network.shared_address_confirmed": "Shared alerts address confirmed",
    }
)


class UnknownAction(ValueError):
    """A programming error: an action or subject type missing from this module."""


def ensure_known(action: str, subject_type: str) -> None:
    """Raise UnknownAction (a ValueError) unless both are listed here."""
    if action not in ACTIONS:
        raise UnknownAction(f"{action!r} is not an audited action: add it to audit.actions")
    if subject_type not in SUBJECT_TYPES:
        raise UnknownAction(f"{subject_type!r} is not an audited subject: add it to audit.actions")


def action_label(action: str) -> str:
    """The words for an action; an entry older than the list keeps its code."""
    return ACTIONS.get(action, action)


def detail_lines(details: dict, ways: Mapping[str, str] | None = None) -> list[str]:
    """What an entry's details say, a line each, for people: how a check-in was made (``via``,
    worded by ``ways``, the checkin context's labels) and whether a phone sent it later, the
    check-in time a phone's earlier scan replaced, the file downloaded, the fields changed (by
    name), roles from and to, trainers added and removed (account ids), how many people a list
    showed (and "door" when the door page showed them). Keys recorders use: ``via``,
    ``offline`` (true for a synced scan), ``replaced``,
    ``file``, ``fields``, ``from`` and ``to``, ``added`` and ``removed``, ``people``,
    ``copied_from``, ``moved_people`` (a merge), ``added_count`` and ``updated_count`` (an
    import), ``to_event`` (a booking moved), ``reason`` (an organiser's, for cancelling
    someone's booking or giving a place out of turn); others are not shown."""
    lines = []
    if details.get("via") == "door":
        lines.append("On the door page")
    elif details.get("via"):
        lines.append((ways or {}).get(details["via"], details["via"]))
    if details.get("offline"):
        lines.append("Sent later by a phone with no signal")
    if details.get("replaced"):
        replaced = datetime.fromisoformat(details["replaced"].replace("Z", "+00:00"))
        lines.append(f"Earlier than the check-in recorded at {time_of_day(replaced)}")
    if details.get("file"):
        lines.append(f"File: {details['file']}")
    if details.get("fields"):
        lines.append("Changed: " + ", ".join(_field_name(f) for f in details["fields"]))
    if details.get("from") and details.get("to"):
        lines.append(f"From {details['from']} to {details['to']}")
    for key, words in (("added", "Trainers added"), ("removed", "Trainers removed")):
        if details.get(key):
            lines.append(f"{words}: " + ", ".join(f"account {i}" for i in details[key]))
    if "people" in details:
        lines.append(f"People listed: {details['people']}")
    if details.get("copied_from"):
        lines.append(f"Copy of event {details['copied_from']}")
    if "moved_people" in details:
        lines.append(f"People moved: {details['moved_people']}")
    for key, words in (("added_count", "Added"), ("updated_count", "Updated")):
        if key in details:
            lines.append(f"{words}: {details[key]}")
    if details.get("to_event"):
        lines.append(f"Moved to event {details['to_event']}")
    if details.get("reason"):
        lines.append(f"Reason: {details['reason']}")
    return lines


def _field_name(name: object) -> str:
    return str(name).replace("_id", "").replace("_", " ")
