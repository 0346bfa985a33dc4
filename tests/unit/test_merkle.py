"""The audit log's Merkle tree against RFC 9162's definitions computed the plain way: roots by the
recursive MTH, tiles by hashing each level of the tree in full; proofs checked both ways round.
The same proofs are checked by Go's transparency-log libraries in
tests/integration/test_tlog_client.py."""

from collections.abc import Iterator
from functools import cache

import pytest

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


def test_the_root_of_every_size_to_600_is_rfc_9162s_mth() -> None:
    tiles: dict[TileKey, bytes] = {}
    builder = merkle.TreeBuilder()
    for size in range(601):
        assert merkle.root(given(tiles, merkle.root_tiles(size)), size) == mth(leaves()[:size])
        assert builder.size == size
        assert builder.root() == mth(leaves()[:size])
        assert tiles == expected_tiles(size)
        if size < 600:
            assert grown(tiles, size, 1) == mth(leaves()[: size + 1])
            builder.add(leaves()[size])


def test_the_empty_tree_is_the_hash_of_nothing() -> None:
    assert merkle.EMPTY_ROOT.hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert merkle.root({}, 0) == merkle.EMPTY_ROOT
    assert merkle.append({}, 0, []) == ({}, merkle.EMPTY_ROOT)


@pytest.mark.parametrize("start", [0, 1, 5, 255, 256, 300, 511, 65_279, 65_535, 65_536])
def test_appending_in_batches_gives_the_tiles_and_root_of_one_by_one(start: int) -> None:
    tiles, size = expected_tiles(start), start
    for count in (1, 7, 255, 256, 257, 1000, 1, 257, 7):
        if size + count > LARGEST:
            break
        asked = given(tiles, merkle.append_tiles(size, count))
        changed, root = merkle.append(asked, size, leaves()[size : size + count])
        size += count
        for (level, index), hashes in changed.items():
            right_edge = index == (size >> TILE_HEIGHT * level) // TILE_WIDTH
            assert len(hashes) == TILE_WIDTH * merkle.HASH_SIZE or right_edge, (level, index)
        tiles.update(changed)
        assert tiles == expected_tiles(size)
        assert root == mth(leaves()[:size])


def test_a_batch_rewrites_only_the_right_edge_and_what_it_adds() -> None:
    tiles = expected_tiles(1000)
    changed, _ = merkle.append(given(tiles, merkle.append_tiles(1000, 10)), 1000,
                               leaves()[1000:1010])
    assert set(changed) == {(0, 3)}
    assert merkle.append_tiles(1000, 10) == {(0, 3), (1, 0)}


def claims_of_inclusion(sizes: Iterator[int]) -> Iterator[tuple[int, int, list[bytes], bytes]]:
    """(index, size, proof, root) for every leaf of each tree size."""
    for size in sizes:
        tiles, root = expected_tiles(size), mth(leaves()[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(given(tiles, merkle.inclusion_tiles(index, size)),
                                           index, size)
            yield index, size, proof, root


@pytest.mark.slow
def test_every_inclusion_proof_to_300_leaves_verifies_and_a_tampered_one_does_not() -> None:
    for index, size, proof, root in claims_of_inclusion(iter(range(1, 301))):
        leaf = leaves()[index]
        assert merkle.verify_inclusion(leaf, index, size, proof, root)
        assert not merkle.verify_inclusion(leaves()[index + 1], index, size, proof, root)
        if size > 1:
            assert not merkle.verify_inclusion(leaf, (index + 1) % size, size, proof, root)
            assert not merkle.verify_inclusion(leaf, index, size, proof, leaves()[0])
            at = index % len(proof)  # each position of the proof, over the indices
            tampered = [*proof[:at], merkle.leaf_hash(proof[at]), *proof[at + 1 :]]
            assert not merkle.verify_inclusion(leaf, index, size, tampered, root)
            assert not merkle.verify_inclusion(leaf, index, size, proof[:-1], root)
        assert not merkle.verify_inclusion(leaf, index, size, [*proof, root], root)
        assert not merkle.verify_inclusion(leaf, index, index, proof, root)


@pytest.mark.parametrize("size", [65_535, 65_536, 65_537, 65_540])
def test_inclusion_proofs_around_65536_leaves_built_in_batches(size: int) -> None:
    tiles: dict[TileKey, bytes] = {}
    built = 0
    for count in (1, 7, 255, 256, 257, 1000) * 300:
        count = min(count, size - built)
        root = grown(tiles, built, count)
        built += count
        if built == size:
            break
    assert root == mth(leaves()[:size])
    for index in (0, 1, 255, 256, 4095, 65_279, 65_534, size - 2, size - 1):
        proof = merkle.inclusion_proof(given(tiles, merkle.inclusion_tiles(index, size)),
                                       index, size)
        assert merkle.verify_inclusion(leaves()[index], index, size, proof, root)
        assert not merkle.verify_inclusion(leaves()[index], index ^ 1, size, proof, root)


def claims_of_consistency(pairs: Iterator[tuple[int, int]]) -> Iterator[
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


def test_every_consistency_proof_to_130_leaves_and_samples_beyond_verify() -> None:
    pairs = [*every_pair(130), *SAMPLED_PAIRS]
    for old, new, proof, old_root, new_root in claims_of_consistency(iter(pairs)):
        assert merkle.verify_consistency(old, new, proof, old_root, new_root), (old, new)
        if 0 < old < new:
            assert not merkle.verify_consistency(old, new, proof, new_root, new_root)
            assert not merkle.verify_consistency(old, new, proof, old_root, old_root)
            assert not merkle.verify_consistency(old, new, proof[:-1], old_root, new_root)
            for at in range(len(proof)):
                tampered = [*proof[:at], merkle.leaf_hash(proof[at]), *proof[at + 1 :]]
                assert not merkle.verify_consistency(old, new, tampered, old_root, new_root)


def test_a_truncated_or_rewritten_log_is_not_consistent_with_its_past() -> None:
    old_root = mth(leaves()[:100])
    assert not merkle.verify_consistency(100, 90, [], old_root, mth(leaves()[:90]))
    rewritten = [*leaves()[:150]]
    rewritten[42] = merkle.leaf_hash(b"an altered event")
    tiles, new_root = merkle.append({}, 0, rewritten)
    proof = merkle.consistency_proof(tiles, 100, 150)
    assert not merkle.verify_consistency(100, 150, proof, old_root, new_root)


def test_impossible_arguments_are_refused_in_words() -> None:
    tiles = expected_tiles(10)
    with pytest.raises(ValueError, match="leaf index 10 is not in a tree of 10 leaves"):
        merkle.inclusion_proof(tiles, 10, 10)
    with pytest.raises(ValueError, match="leaf index 10 is not in a tree of 10 leaves"):
        merkle.inclusion_tiles(10, 10)
    with pytest.raises(ValueError, match="no consistency proof from size 11 to size 10"):
        merkle.consistency_proof(tiles, 11, 10)
    with pytest.raises(ValueError, match="tile 0/0 is needed and was not given"):
        merkle.root({}, 10)
    with pytest.raises(ValueError, match="tile 0/0 holds fewer hashes"):
        merkle.inclusion_proof(expected_tiles(5), 3, 10)
    with pytest.raises(ValueError, match="32-byte leaf hash"):
        merkle.append(tiles, 10, [b"an event, not its leaf hash"])
    with pytest.raises(ValueError, match="32-byte leaf hash"):
        merkle.TreeBuilder().add(b"an event")
    assert merkle.consistency_proof(tiles, 0, 10) == []
    assert merkle.consistency_proof(tiles, 10, 10) == []


def test_proofs_at_an_older_size_read_the_tiles_of_the_grown_tree() -> None:
    """auditProof(eventId, treeSize) at a size the tree has since grown past."""
    tiles, root = expected_tiles(5000), mth(leaves()[:300])
    proof = merkle.inclusion_proof(tiles, 299, 300)
    assert merkle.verify_inclusion(leaves()[299], 299, 300, proof, root)
    assert merkle.root(tiles, 300) == root
