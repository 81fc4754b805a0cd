"""What a sent notice reached, kept with it: {"people": n, "shared_addresses": n,
"organisations": {<Sector value>: n}}."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReachSnapshot:
    people: int = 0
    shared_addresses: int = 0
    organisations: dict[str, int] = field(default_factory=dict)  # by Sector value

    def to_json(self) -> dict:
        return {
            "people": self.people,
            "shared_addresses": self.shared_addresses,
            "organisations": dict(self.organisations),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "ReachSnapshot":
        data = data or {}
        return cls(
            people=int(data.get("people", 0)),
            shared_addresses=int(data.get("shared_addresses", 0)),
            organisations={str(k): int(v) for k, v in (data.get("organisations") or {}).items()},
        )
