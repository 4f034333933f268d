"""Disjoint sets (union-find), for groups of copies and of reports that share an origin: each
group is named by its smallest member, so the same pairs always give the same names."""
from collections.abc import Hashable, Iterable


class DisjointSets:
    def __init__(self, items: Iterable[Hashable] = ()):
        self.parent: dict = {i: i for i in items}

    def find(self, item):
        parent = self.parent
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, a, b) -> bool:
        """Put a and b in one group; False when they already were."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True

    def roots(self) -> dict:
        """Every item seen, with its group's name (the smallest member)."""
        return {item: self.find(item) for item in list(self.parent)}

    def groups(self) -> dict:
        """Each group's name with its members."""
        found: dict = {}
        for item in list(self.parent):
            found.setdefault(self.find(item), []).append(item)
        return found
