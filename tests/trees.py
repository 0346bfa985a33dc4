"""Reference trees for the Merkle tree's tests: leaves, RFC 9162's MTH written the plain way,
the tiles a tree of a given size must have, and proofs made over them, for the unit tests and
for the Go verifier's (tests/integration/test_tlog_client.py)."""

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import cycle

from app.audit import merkle
from app.audit.merkle import TILE_HEIGHT, TILE_WIDTH, TileKey

LARGEST = 66_000  # past 65,536 leaves: the first hash of tile level 2


@cache
def leaves() -> list[bytes]:
    return [merkle.leaf_hash(f"event {number}".encode()) for number in range(LARGEST)]


@cache
def levels() -> list[list[bytes]]:
    """Every complete subtree's hash of the largest tree, level by level."""
    rows = [leaves()]
    while len(rows[-1]) > 1:
        below = rows[-1]
        rows.append([merkle.node_hash(below[at], below[at + 1])
                     for at in range(0, len(below) - 1, 2)])
    return rows


def mth(hashes: list[bytes]) -> bytes:
    """RFC 9162 2.1.1's MTH, written as the RFC writes it."""
    if not hashes:
        return merkle.EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    split = 1
    while split * 2 < len(hashes):
        split *= 2
    return merkle.node_hash(mth(hashes[:split]), mth(hashes[split:]))


def expected_tiles(size: int) -> dict[TileKey, bytes]:
    """The tiles of a tree of `size` leaves, from its complete subtrees' hashes."""
    tiles = {}
    for level in range(0, len(levels()), TILE_HEIGHT):
        row = levels()[level][: size >> level]
        for index in range(0, len(row), TILE_WIDTH):
            tiles[level // TILE_HEIGHT, index // TILE_WIDTH] = b"".join(
                row[index : index + TILE_WIDTH])
    return tiles


def grown(tiles: dict[TileKey, bytes], size: int, count: int) -> bytes:
    """Append the next `count` leaves, given only the tiles append_tiles names; the new root."""
    asked = {key: tiles[key] for key in merkle.append_tiles(size, count)}
    changed, root = merkle.append(asked, size, leaves()[size : size + count])
    tiles.update(changed)
    return root


def given(tiles: dict[TileKey, bytes], keys: set[TileKey]) -> dict[TileKey, bytes]:
    return {key: tiles[key] for key in keys}


def claims_of_inclusion(sizes: Iterable[int]) -> Iterator[tuple[int, int, list[bytes], bytes]]:
    """(index, size, proof, root) for every leaf of each tree size."""
    for size in sizes:
        tiles, root = expected_tiles(size), mth(leaves()[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(given(tiles, merkle.inclusion_tiles(index, size)),
                                           index, size)
            yield index, size, proof, root


def claims_of_consistency(pairs: Iterable[tuple[int, int]]) -> Iterator[
        tuple[int, int, list[bytes], bytes, bytes]]:
    """(old, new, proof, old root, new root) for each pair of sizes."""
    for old, new in pairs:
        tiles = expected_tiles(new)
        proof = merkle.consistency_proof(given(tiles, merkle.consistency_tiles(old, new)), old,
                                         new)
        yield old, new, proof, mth(leaves()[:old]), mth(leaves()[:new])


def every_pair(largest: int) -> Iterator[tuple[int, int]]:
    return ((old, new) for new in range(largest + 1) for old in range(new + 1))


SAMPLED_PAIRS = [(1, 65_536), (255, 65_537), (256, 65_536), (1000, 65_540), (65_535, 65_536),
                 (65_536, 65_537), (65_536, 66_000), (300, 66_000), (4097, 65_539)]


BATCHES = (1, 7, 255, 256, 257, 1000)


def built_in_batches(size: int) -> tuple[dict[TileKey, bytes], bytes]:
    """The tiles and root of the first `size` leaves, appended in batches of varying sizes."""
    tiles: dict[TileKey, bytes] = {}
    built, root, batches = 0, merkle.EMPTY_ROOT, cycle(BATCHES)
    while built < size:
        count = min(next(batches), size - built)
        root = grown(tiles, built, count)
        built += count
    return tiles, root
