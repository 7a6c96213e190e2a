"""How big each part is: the committees of the province and each one's share of the totals."""

from dataclasses import dataclass

MEMBERS = 190_000
PROPOSALS = 150_000
DUTY_RECORDS = 2_000_000
REPORTS = 100_000
# Members per committee at full scale (DOMAIN.md's province: 190,000 over four levels).
WEIGHT = {"province": 2_000, "city": 4_000, "county": 1_300}
MIN_MEMBERS = 30


@dataclass(frozen=True)
class Sizes:
    scale: float

    @property
    def extra_cities(self):
        return 13 if self.scale >= 1 else max(1, round(13 * self.scale))

    @property
    def extra_counties(self):
        return 99 if self.scale >= 1 else max(1, round(99 * self.scale))

    def total(self, full):
        return round(full * self.scale)


def shares(total, weights, floors=None):
    """Split `total` by `weights` (largest remainder, so the parts add up exactly), each part at
    least its floor."""
    floors = floors or [0] * len(weights)
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return [max(p, f) for p, f in zip(parts, floors, strict=True)]
