"""The report's sentence, as a board report writes it: "78 delegates attended (92 booked, 19
no-shows, 5 walk-ins). 35 schools were represented, 2 post-16 establishments, and
professionals from children's social care, early help, CAMHS, public health and elected
members." Every sector with someone there is named; none is left out."""

from collections.abc import Sequence

from booking.accounts.models import Sector
from booking.core.formatting import whole_percent as percent  # the one rounding rule

# The words for a sector inside a sentence, as people write them: lower case but for names
# (CAMHS), and plural for people ("elected members", "foster carers").
SECTOR_WORDS = {
    Sector.SCHOOL: "schools",
    Sector.POST_16: "post-16 establishments",
    Sector.EARLY_YEARS: "early years",
    Sector.SOCIAL_CARE: "children's social care",
    Sector.EARLY_HELP: "early help",
    Sector.HEALTH: "health",
    Sector.CAMHS: "CAMHS",
    Sector.POLICE: "police",
    Sector.PUBLIC_HEALTH: "public health",
    Sector.VOLUNTARY: "the voluntary and community sector",
    Sector.FOSTER_CARER: "foster carers",
    Sector.LOCAL_AUTHORITY: "the local authority",
    Sector.ELECTED_MEMBER: "elected members",
    Sector.OTHER: "other organisations",
}


def joined(words: Sequence[str]) -> str:
    """Words as a list in a sentence: "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def counted(number: int, one: str, many: str) -> str:
    """ "1 school", "35 schools", "0 schools"."""
    return f"{number} {one if number == 1 else many}"


def figures_sentence(*, attended: int, booked: int, no_shows: int | None, walk_ins: int) -> str:
    """ "78 delegates attended (92 booked, 19 no-shows, 5 walk-ins)." ``booked`` counts the
    places booked before the day; no-shows are left out until they are known."""
    inside = [f"{booked} booked"]
    if no_shows is not None:
        inside.append(counted(no_shows, "no-show", "no-shows"))
    inside.append(counted(walk_ins, "walk-in", "walk-ins"))
    return f"{counted(attended, 'delegate', 'delegates')} attended ({', '.join(inside)})."


def represented_sentence(organisations: dict[Sector, int]) -> str:
    """ "35 schools were represented, 2 post-16 establishments, and professionals from
    children's social care and CAMHS." from the number of distinct organisations of each
    sector that had someone there (sectors with none left out); "" when there are none."""
    parts = []
    if organisations.get(Sector.SCHOOL):
        parts.append(counted(organisations[Sector.SCHOOL], "school", "schools"))
    if organisations.get(Sector.POST_16):
        parts.append(
            counted(
                organisations[Sector.POST_16], "post-16 establishment", "post-16 establishments"
            )
        )
    others = [
        SECTOR_WORDS[sector]
        for sector in Sector
        if sector not in (Sector.SCHOOL, Sector.POST_16) and organisations.get(sector)
    ]
    if others:
        parts.append("professionals from " + joined(others))
    if not parts:
        return ""
    many = not parts[0].startswith("1 ")
    parts[0] += " were represented" if many else " was represented"
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
    return text[0].upper() + text[1:] + "."


def schools_reached_sentence(reached: int, in_register: int) -> str:
    """ "41 of 63 schools in the register (65%) sent someone"."""
    share = percent(reached, in_register)
    rate = f" ({share}%)" if share is not None else ""
    schools = counted(in_register, "school", "schools")
    return f"{reached} of {schools} in the register{rate} sent someone"
