"""Proofs from the tree's tiles: that an event is in the log, and that one size of the log is a
prefix of another (RFC 9162 2.1.3 and 2.1.4)."""

from app.audit import merkle, repository
from app.platform.neo4j.driver import Graph


async def inclusion(graph: Graph, index: int, size: int) -> list[bytes]:
    """The inclusion proof of leaf `index` in the tree of `size` leaves."""
    tiles = await graph.read_one(repository.read_tiles, merkle.inclusion_tiles(index, size))
    return merkle.inclusion_proof(tiles, index, size)


async def consistency(graph: Graph, old: int, new: int) -> list[bytes]:
    """The consistency proof from the tree of `old` leaves to the tree of `new` leaves."""
    tiles = await graph.read_one(repository.read_tiles, merkle.consistency_tiles(old, new))
    return merkle.consistency_proof(tiles, old, new)
