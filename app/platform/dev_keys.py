"""Development keys, made on first use in state_dir (outside git, mode 0600)."""

import os
import uuid
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path


def made_once(path: Path, make: Callable[[], bytes]) -> bytes:
    """The key in `path`, made by `make` if there is none yet. Made under a temporary name and
    linked into place, so that processes starting together agree on one key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        made = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
        made.touch(mode=0o600)
        made.write_bytes(make())
        with suppress(FileExistsError):
            os.link(made, path)
        made.unlink()
    return path.read_bytes()
