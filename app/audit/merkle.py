"""The audit log's Merkle tree (RFC 9162 section 2.1) stored as tiles, its proofs and their checks.

Pure code: no I/O. The tree's hashes live in tiles (C2SP tlog-tiles' shape): tile (k, i) holds
the hashes of tree level 8k at indices [256 i, 256 i + w), concatenated, 32 bytes each; a hash
is stored once its subtree is complete, so only the right-edge tile of a level is partial.
A hash at a level between two tile levels is recomputed from the tile below it (at most 128
hashes). Each function that reads tiles has a `*_tiles` twin naming exactly the tiles it reads,
so that a caller fetches them in one query first; the twin runs the same walk with a recorder
in place of the tiles, so the tile arithmetic is written once.

Leaves are leaf hashes throughout (`leaf_hash(data)`, RFC 9162 2.1.1), as the tiles hold them.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence

HASH_SIZE = 32
TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT

TileKey = tuple[int, int]
"""(tile level k, tile index i): the hashes of tree level 8k from index 256 i."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""The root of the empty tree (RFC 9162 2.1.1: MTH({}) = HASH())."""


def leaf_hash(data: bytes) -> bytes:
    """MTH of one entry: SHA-256(0x00 || data) (RFC 9162 2.1.1)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An interior node: SHA-256(0x01 || left || right) (RFC 9162 2.1.1)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


# Reading hashes from tiles


class _Tiles:
    """The tree's hashes as the tiles give them."""

    def __init__(self, tiles: Mapping[TileKey, bytes]) -> None:
        self.tiles = tiles

    def hashes(self, level: int, start: int, count: int) -> bytes:
        """`count` hashes of tile level `level` from index `start`, all within one tile."""
        if count == 0:
            return b""
        key = (level, start // TILE_WIDTH)
        if key not in self.tiles:
            raise ValueError(f"tile {key[0]}/{key[1]} is needed and was not given")
        offset = (start % TILE_WIDTH) * HASH_SIZE
        found = self.tiles[key][offset : offset + count * HASH_SIZE]
        if len(found) != count * HASH_SIZE:
            raise ValueError(
                f"tile {key[0]}/{key[1]} holds fewer hashes than the tree's size needs")
        return found

    def node(self, level: int, index: int) -> bytes:
        """The hash of the complete subtree at tree level `level`, index `index`: recomputed
        from the tile level at or below it (at most 128 hashes)."""
        tile_level, height = divmod(level, TILE_HEIGHT)
        return self.subtree(tile_level, index << height, 1 << height)

    def subtree(self, level: int, start: int, count: int) -> bytes:
        return _fold(self.hashes(level, start, count))


class _Recorder(_Tiles):
    """Stands in for the tiles: notes each tile asked for, answers zeros without hashing."""

    def __init__(self) -> None:
        super().__init__({})
        self.keys: set[TileKey] = set()

    def hashes(self, level: int, start: int, count: int) -> bytes:
        if count:
            self.keys.add((level, start // TILE_WIDTH))
        return bytes(count * HASH_SIZE)

    def subtree(self, level: int, start: int, count: int) -> bytes:
        self.hashes(level, start, count)
        return bytes(HASH_SIZE)


def _fold(hashes: bytes) -> bytes:
    """The root of a complete subtree given its bottom row (a power of two of hashes)."""
    row = [hashes[at : at + HASH_SIZE] for at in range(0, len(hashes), HASH_SIZE)]
    while len(row) > 1:
        row = [node_hash(row[at], row[at + 1]) for at in range(0, len(row), 2)]
    return row[0]


def _split(width: int) -> int:
    """The largest power of two smaller than `width` (> 1): RFC 9162's k."""
    return 1 << ((width - 1).bit_length() - 1)


def _range(read: _Tiles, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range of RFC 9162's recursion (start aligned to its width)."""
    width = end - start
    if width & (width - 1) == 0:
        level = width.bit_length() - 1
        return read.node(level, start >> level)
    middle = start + _split(width)
    return node_hash(_range(read, start, middle), _range(read, middle, end))


def _recorded(walk: Callable[[_Tiles], object]) -> set[TileKey]:
    recorder = _Recorder()
    walk(recorder)
    return recorder.keys


# The root


def _root(read: _Tiles, size: int) -> bytes:
    if size < 0:
        raise ValueError(f"a tree's size is not negative (got {size})")
    return _range(read, 0, size) if size else EMPTY_ROOT


def root_tiles(size: int) -> set[TileKey]:
    """The tiles `root` reads for a tree of `size` leaves."""
    return _recorded(lambda read: _root(read, size))


def root(tiles: Mapping[TileKey, bytes], size: int) -> bytes:
    """The Merkle tree hash of the first `size` leaves (RFC 9162 2.1.1)."""
    return _root(_Tiles(tiles), size)


# Appending leaves


class _Overlay(_Tiles):
    """The tiles an append wrote, over the tiles it was given."""

    def __init__(self, written: dict[TileKey, bytes], below: _Tiles) -> None:
        super().__init__(written)
        self.below = below

    def subtree(self, level: int, start: int, count: int) -> bytes:
        if (level, start // TILE_WIDTH) in self.tiles:
            return super().subtree(level, start, count)
        return self.below.subtree(level, start, count)


def _append(read: _Tiles, size: int, leaves: Sequence[bytes]) -> tuple[dict[TileKey, bytes], bytes]:
    if size < 0:
        raise ValueError(f"a tree's size is not negative (got {size})")
    if any(len(leaf) != HASH_SIZE for leaf in leaves):
        raise ValueError("a leaf is given as its 32-byte leaf hash (leaf_hash(data))")
    changed: dict[TileKey, bytes] = {}
    level, first, fresh = 0, size, list(leaves)  # `fresh`: the new hashes of this tile level
    while fresh:
        end = first + len(fresh)
        for index in range(first // TILE_WIDTH, (end - 1) // TILE_WIDTH + 1):
            low, high = max(first, index * TILE_WIDTH), min(end, (index + 1) * TILE_WIDTH)
            kept = read.hashes(level, index * TILE_WIDTH, low - index * TILE_WIDTH)
            changed[level, index] = kept + b"".join(fresh[low - first : high - first])
        # The tiles this append completed are the next tile level's new hashes.
        completed = range(first // TILE_WIDTH, end // TILE_WIDTH)
        level, first = level + 1, first // TILE_WIDTH
        fresh = [_fold(changed[level - 1, index]) for index in completed]
    return changed, _root(_Overlay(changed, read), size + len(leaves))


def append_tiles(size: int, count: int) -> set[TileKey]:
    """The tiles `append` reads to add `count` leaves to a tree of `size` leaves."""
    return _recorded(lambda read: _append(read, size, [bytes(HASH_SIZE)] * count))


def append(
    tiles: Mapping[TileKey, bytes], size: int, leaves: Sequence[bytes]
) -> tuple[dict[TileKey, bytes], bytes]:
    """Add leaf hashes to a tree of `size` leaves: every tile changed (its whole new content)
    and the root of the tree of size + len(leaves) (RFC 9162 2.1.1)."""
    return _append(_Tiles(tiles), size, leaves)


# Inclusion proofs (RFC 9162 2.1.3)


def _path(read: _Tiles, index: int, start: int, end: int) -> list[bytes]:
    if end - start == 1:
        return []
    middle = start + _split(end - start)
    if index < middle:
        return [*_path(read, index, start, middle), _range(read, middle, end)]
    return [*_path(read, index, middle, end), _range(read, start, middle)]


def _inclusion(read: _Tiles, index: int, size: int) -> list[bytes]:
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of {size} leaves")
    return _path(read, index, 0, size)


def inclusion_tiles(index: int, size: int) -> set[TileKey]:
    """The tiles `inclusion_proof` reads."""
    return _recorded(lambda read: _inclusion(read, index, size))


def inclusion_proof(tiles: Mapping[TileKey, bytes], index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]) (RFC 9162 2.1.3.1): the leaf `index` is in the tree of `size`."""
    return _inclusion(_Tiles(tiles), index, size)


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 2.1.3.2: `leaf` (a leaf hash) is at `index` in the tree of `size` with `root`."""
    if not 0 <= index < size or any(len(node) != HASH_SIZE for node in proof):
        return False
    fn, sn, hashed = index, size - 1, leaf
    for node in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            hashed = node_hash(node, hashed)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            hashed = node_hash(hashed, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hashed == root


# Consistency proofs (RFC 9162 2.1.4)


def _subproof(read: _Tiles, old: int, start: int, end: int, whole: bool) -> list[bytes]:
    if old == end:
        return [] if whole else [_range(read, start, end)]
    middle = start + _split(end - start)
    if old <= middle:
        return [*_subproof(read, old, start, middle, whole), _range(read, middle, end)]
    return [*_subproof(read, old, middle, end, False), _range(read, start, middle)]


def _consistency(read: _Tiles, old: int, new: int) -> list[bytes]:
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from size {old} to size {new}")
    return _subproof(read, old, 0, new, True) if old else []


def consistency_tiles(old: int, new: int) -> set[TileKey]:
    """The tiles `consistency_proof` reads."""
    return _recorded(lambda read: _consistency(read, old, new))


def consistency_proof(tiles: Mapping[TileKey, bytes], old: int, new: int) -> list[bytes]:
    """PROOF(old, D[new]) (RFC 9162 2.1.4.1): the tree of `old` leaves is a prefix of the tree
    of `new` leaves. Empty when old is 0 or old == new."""
    return _consistency(_Tiles(tiles), old, new)


def verify_consistency(
    old: int, new: int, proof: Sequence[bytes], old_root: bytes, new_root: bytes
) -> bool:
    """RFC 9162 2.1.4.2: the tree of `old` leaves with `old_root` is a prefix of the tree of
    `new` leaves with `new_root`. Equal sizes need equal roots and an empty proof; from the
    empty tree, any tree is consistent with an empty proof."""
    if not 0 <= old <= new or any(len(node) != HASH_SIZE for node in proof):
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof
    if not proof:
        return False
    path = [old_root, *proof] if old & (old - 1) == 0 else list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first, second = node_hash(node, first), node_hash(node, second)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first == old_root and second == new_root


# Recomputing a tree from its leaves


class TreeBuilder:
    """The tree of leaves added in order, kept as its compact range (the roots of its complete
    subtrees, O(log n) hashes): its root at any size, for checking a stored tree."""

    def __init__(self) -> None:
        self.size = 0
        self._peaks: list[bytes] = []  # complete subtrees, largest first

    def add(self, leaf: bytes) -> None:
        """Add the next leaf (its leaf hash)."""
        if len(leaf) != HASH_SIZE:
            raise ValueError("a leaf is given as its 32-byte leaf hash (leaf_hash(data))")
        self._peaks.append(leaf)
        self.size += 1
        merged = self.size
        while not merged & 1:  # each trailing zero bit of the size closes one subtree
            right = self._peaks.pop()
            self._peaks[-1] = node_hash(self._peaks[-1], right)
            merged >>= 1

    def root(self) -> bytes:
        """MTH of the leaves added so far (RFC 9162 2.1.1)."""
        if not self._peaks:
            return EMPTY_ROOT
        hashed = self._peaks[-1]
        for peak in reversed(self._peaks[:-1]):
            hashed = node_hash(peak, hashed)
        return hashed
