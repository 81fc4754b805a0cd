"""The demo's messages and alerts to the network: the plan's "10 messages (some of which have
been alerts), circulated in 6 months", four of them alerts, and one alert still a draft. Plain
text as organisers write it: paragraphs, "- " lists and links."""

from dataclasses import dataclass

from booking.accounts.models import Sector
from booking.network.models import NoticeKind

ALERT, INFORMATION = NoticeKind.ALERT, NoticeKind.INFORMATION
FORUM, LEADS = 0, 1  # the demo's two networks, in the order ``demo_network.NETWORKS`` lists them


@dataclass(frozen=True)
class DemoNotice:
    days_ago: int  # None: a draft
    kind: NoticeKind
    title: str
    body: str
    networks: tuple[int, ...] = (FORUM,)
    sectors: tuple[Sector, ...] = ()  # none: every sector


SENT = [
    DemoNotice(
        176,
        INFORMATION,
        "Network update: new resources and the forum's next meeting",
        "Thank you to everyone who came to the network's forum last term.\n\n"
        "This term we are sharing:\n"
        "- the county's updated online safety policy template for schools\n"
        "- Thinkuknow's new films for 8 to 10 year olds: https://www.thinkuknow.co.uk\n"
        "- a one-page guide to reporting harmful content online\n\n"
        "The next forum meets in Banbury. Book a place on the training site, and tell us what "
        "you would like on the agenda by replying to the network's organiser.",
    ),
    DemoNotice(
        158,
        ALERT,
        "Live location sharing in a popular photo-messaging app",
        "A recent update to a photo-messaging app popular with children lets friends share "
        "their live location with each other, and it is easy to switch on without meaning "
        "to.\n\n"
        "Children in several of our schools have shown their exact location, including their "
        "home address, to people they have only met online.\n\n"
        "What to do:\n"
        "- remind pupils to check who can see their location (the safest setting is Ghost "
        "mode, or only me)\n"
        "- tell parents and carers how to check the setting with their child\n"
        "- treat any report of an adult asking a child for their location as a safeguarding "
        "concern\n\n"
        "Guidance for parents: https://www.saferinternet.org.uk",
    ),
    DemoNotice(
        141,
        INFORMATION,
        "Safer Internet Day: free resources to plan ahead",
        "The UK Safer Internet Centre has published its education packs for the next Safer "
        "Internet Day, for every age from 3 to 18, with assembly plans, lesson plans and a "
        "family activity sheet.\n\n"
        "Download them here: https://www.saferinternet.org.uk/safer-internet-day\n\n"
        "Our own family drop-in will run on the day itself; posters for parents will follow.",
    ),
    DemoNotice(
        119,
        ALERT,
        "A viral 'challenge' circulating on video apps: respond calmly",
        "We have had reports from schools and from the police about a dangerous 'challenge' "
        "being shared on short-video apps, encouraging children to hold their breath until "
        "they pass out.\n\n"
        "Please do not name the challenge to pupils or show them the videos: warnings that "
        "name it spread it further.\n\n"
        "What to do:\n"
        "- talk generally about content online that pressures people into doing something "
        "risky, and that it is always fine to say no\n"
        "- make sure staff know to pass on any concern to the designated safeguarding lead\n"
        "- share the NSPCC's advice on viral challenges with parents: "
        "https://www.nspcc.org.uk/keeping-children-safe/online-safety/",
        sectors=(Sector.SCHOOL, Sector.POST_16),
    ),
    DemoNotice(
        102,
        INFORMATION,
        "Sextortion: what every setting should know",
        "Reports of financially motivated sextortion of young people, most of them boys aged "
        "14 to 18, are rising nationally. An offender posing as a young person persuades the "
        "child to share a nude image, then demands money and threatens to share it.\n\n"
        "Key messages for young people:\n"
        "- it is not your fault, and you are not in trouble\n"
        "- do not pay, and stop replying\n"
        "- tell a trusted adult, and report it to CEOP: https://www.ceop.police.uk\n\n"
        "Designated safeguarding leads: please brief your staff, and follow the national "
        "guidance on sharing nudes and semi-nudes. Do not view or forward any image.",
        networks=(FORUM, LEADS),
    ),
    DemoNotice(
        86,
        ALERT,
        "Fake giveaway scam targeting young gamers",
        "A fake 'free in-game currency' giveaway is being advertised to children through "
        "game chats and video comments. The link leads to a copy of a game's sign-in page that "
        "steals the child's account, and sometimes asks for a parent's card details.\n\n"
        "What to do:\n"
        "- remind pupils that real giveaways never ask for a password\n"
        "- ask parents to switch on two-step sign-in for their child's game accounts\n"
        "- if a card was used, the family should contact their bank straight away\n\n"
        "Report scam adverts and messages to Action Fraud: https://www.actionfraud.police.uk",
    ),
    DemoNotice(
        64,
        INFORMATION,
        "Report Remove: helping young people remove nude images",
        "Childline and the Internet Watch Foundation's Report Remove tool lets any young "
        "person under 18 report a nude image or video of themselves so that it can be "
        "removed from the internet.\n\n"
        "Please share it with pupils and parents: https://www.childline.org.uk/report-remove",
    ),
    DemoNotice(
        45,
        INFORMATION,
        "Updated statutory guidance: what changes for online safety",
        "The updated statutory guidance for schools and colleges comes into force at the start "
        "of next term. For online safety it asks schools to:\n"
        "- review their filtering and monitoring every year\n"
        "- name who is responsible for it in their online safety policy\n"
        "- include misinformation and disinformation in their teaching\n\n"
        "Our briefing for designated safeguarding leads covers each change and is on the "
        "training site.",
        networks=(LEADS,),
    ),
    DemoNotice(
        27,
        ALERT,
        "'Nudify' apps: when pupils' photos are misused",
        "We are aware of incidents in which pupils' ordinary photos, taken from social media, "
        "have been turned into fake nude images with 'nudify' apps and shared between "
        "pupils.\n\n"
        "These images are indecent images of children, even though they are fake. Treat any "
        "report as you would the sharing of a real nude image:\n"
        "- do not view, copy or forward the image\n"
        "- support the child whose image was used, and involve their parents or carers\n"
        "- contact the police where an adult is involved, and use Report Remove to have the "
        "image taken down: https://www.childline.org.uk/report-remove",
    ),
    DemoNotice(
        9,
        INFORMATION,
        "Digital parenting sessions: please share with families",
        "Our monthly online digital parenting sessions continue: a relaxed evening on screen "
        "time, gaming and social media for parents and carers, with time for questions.\n\n"
        "Social workers and early help workers can refer families, and schools are welcome "
        "to share the dates in their newsletters. Places are free and booked on the training "
        "site.",
    ),
]

DRAFT = DemoNotice(
    0,
    ALERT,
    "Voice-cloning scam calls claiming a child is in trouble",
    "Parents in the county have received calls in which a cloned voice of their child, made "
    "from videos posted online, says they are in trouble and asks for money to be sent "
    "urgently.\n\n"
    "Please share with parents and carers:\n"
    "- agree a family password to ask for on any worrying call\n"
    "- hang up and call your child, or their school, on a number you already know\n"
    "- never send money on the strength of a call or a voice message\n\n"
    "Report it to Action Fraud: https://www.actionfraud.police.uk",
)
