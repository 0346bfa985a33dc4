"""Verifying the audit log: every event recomputed into the tree, against every signed
checkpoint the log stores and any held outside it.

What is caught from Neo4j alone: an event altered (its leaf no longer the one the tree holds),
missing (a gap in the sequence) or deleted from the end while a checkpoint stored in Neo4j still
signs the longer log; a checkpoint not signed by the log's key. What needs a checkpoint kept
outside Neo4j (the folder sink, a witness, one an auditor saved): a log rewritten with every
hash, tile and checkpoint recomputed to match, events reordered the same way, or the newest
events deleted together with the checkpoints that signed them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from app.audit import merkle, repository
from app.audit.checkpoint import CheckpointError, open_checkpoint
from app.audit.models import AuditEvent, ChainStatus
from app.platform.neo4j.driver import Graph

PAGE = 4 * merkle.TILE_WIDTH * 5


@dataclass(frozen=True)
class Held:
    """A signed checkpoint and where it was found ("Neo4j", a file name)."""

    size: int
    root: bytes
    source: str


def opened(notes: Iterable[tuple[str, str]], verifier_key: str) -> list[Held] | ChainStatus:
    """The checkpoints (source, note) opened with the key, by size; or what is wrong."""
    held: dict[int, Held] = {}
    for source, note in notes:
        try:
            checkpoint = open_checkpoint(note, verifier_key)
        except CheckpointError as error:
            return ChainStatus(ok=False, length=0, detail=f"a checkpoint in {source} does not "
                               f"verify: {error}")
        other = held.get(checkpoint.size)
        if other is not None and other.root != checkpoint.root:
            return ChainStatus(ok=False, length=0, detail=(
                f"two checkpoints sign different logs of {checkpoint.size:,} events ({other.source}"
                f" and {source}): the log was rewritten"))
        held.setdefault(checkpoint.size, Held(checkpoint.size, checkpoint.root, source))
    return sorted(held.values(), key=lambda h: h.size)


async def _stored_notes(tx: AsyncManagedTransaction) -> list[tuple[str, str]]:
    notes, after = [], 0
    while page := await repository.list_checkpoints(tx, after, 10_000):
        notes += [("Neo4j", note) for _, note in page]
        after = page[-1][0]
    return notes


async def verify_log(
    graph: Graph, verifier_key: str, exported: Iterable[tuple[str, str]] = ()
) -> ChainStatus:
    """Recompute the tree from the first event; name the first altered or missing event, or the
    first checkpoint the events no longer match."""
    checkpoints = opened([*await graph.read(_stored_notes), *exported], verifier_key)
    if isinstance(checkpoints, ChainStatus):
        return checkpoints
    walked = await _walk(graph, checkpoints)
    if isinstance(walked, ChainStatus):
        return walked
    tree = await graph.read_one(repository.latest_checkpoint)
    if (size := tree[0] if tree else 0) != walked:
        return ChainStatus(ok=False, length=walked, detail=(
            f"the tree records {size:,} events but the log holds {walked:,}"))
    return ChainStatus(ok=True, length=walked,
                       pending=await graph.read_one(repository.count_pending))


async def _walk(graph: Graph, checkpoints: list[Held]) -> int | ChainStatus:
    """Every event in sequence order into a tree, checked against its tile and against each
    checkpoint as the tree reaches its size: how many events, or what is wrong."""
    builder, waiting, good = merkle.TreeBuilder(), list(checkpoints), 0

    def reached() -> ChainStatus | None:
        nonlocal good
        while waiting and waiting[0].size == builder.size:
            held = waiting.pop(0)
            if builder.root() != held.root:
                return ChainStatus(ok=False, length=builder.size, detail=(
                    f"the log's first {held.size:,} events are not those signed at that size "
                    f"({held.source}): an event after the {good:,}th and at or before the "
                    f"{held.size:,}th was altered, removed, added or reordered"))
            good = held.size
        return None

    broken = reached()  # the empty log's checkpoint, signed before any event
    while broken is None and (page := await graph.read(repository.list_chain, builder.size,
                                                        PAGE)):
        first, last = builder.size // merkle.TILE_WIDTH, page[-1].sequence // merkle.TILE_WIDTH
        tiles = await graph.read_one(repository.read_tiles,
                                     {(0, i) for i in range(first, last + 1)})
        for event in page:
            broken = _check(event, builder.size + 1, tiles)
            if broken is None:
                builder.add(merkle.leaf_hash(event.leaf(event.sequence)))
                broken = reached()
            if broken is not None:
                break
    if broken is not None:
        return broken
    if waiting:
        return ChainStatus(ok=False, length=builder.size, detail=(
            f"the log holds {builder.size:,} events but a checkpoint ({waiting[-1].source}) "
            f"signed {waiting[-1].size:,}: the newest events are missing"))
    return builder.size


def _check(
    event: AuditEvent, expected: int, tiles: dict[tuple[int, int], bytes]
) -> ChainStatus | None:
    """Whether `event`, read where event `expected` should be, is it, as the tree holds it."""
    if event.sequence != expected:
        return ChainStatus(ok=False, length=expected - 1, first_broken_id=event.id,
                           detail=f"event {expected:,} is missing before this one")
    index = event.sequence - 1
    tile = tiles.get((0, index // merkle.TILE_WIDTH), b"")
    at = (index % merkle.TILE_WIDTH) * merkle.HASH_SIZE
    if tile[at:at + merkle.HASH_SIZE] != merkle.leaf_hash(event.leaf(event.sequence)):
        return ChainStatus(ok=False, length=expected - 1, first_broken_id=event.id,
                           detail=f"event {event.sequence:,} was altered: it is not the leaf "
                           "the tree holds")
    return None
