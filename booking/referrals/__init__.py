"""Referrals: professionals refer parents and carers to the digital parenting sessions; the
parent's place is a booking like any other, and the referrer sees only whether they came."""
