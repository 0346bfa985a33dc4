"""The audit log's Merkle tree against RFC 9162's definitions computed the plain way: roots by the
recursive MTH, tiles by hashing each level of the tree in full; proofs checked both ways round.
The same proofs are checked by Go's transparency-log libraries in
tests/integration/test_tlog_client.py."""

import pytest

from app.audit import merkle
from app.audit.merkle import TILE_HEIGHT, TILE_WIDTH, TileKey
from tests.trees import (
    LARGEST,
    SAMPLED_PAIRS,
    built_in_batches,
    claims_of_consistency,
    claims_of_inclusion,
    every_pair,
    expected_tiles,
    given,
    grown,
    leaves,
    mth,
)


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


@pytest.mark.slow
def test_every_inclusion_proof_to_300_leaves_verifies_and_a_tampered_one_does_not() -> None:
    for index, size, proof, root in claims_of_inclusion(range(1, 301)):
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
    tiles, root = built_in_batches(size)
    assert root == mth(leaves()[:size])
    for index in (0, 1, 255, 256, 4095, 65_279, 65_534, size - 2, size - 1):
        proof = merkle.inclusion_proof(given(tiles, merkle.inclusion_tiles(index, size)),
                                       index, size)
        assert merkle.verify_inclusion(leaves()[index], index, size, proof, root)
        assert not merkle.verify_inclusion(leaves()[index], index ^ 1, size, proof, root)


def test_every_consistency_proof_to_130_leaves_and_samples_beyond_verify() -> None:
    pairs = [*every_pair(130), *SAMPLED_PAIRS]
    for old, new, proof, old_root, new_root in claims_of_consistency(pairs):
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
