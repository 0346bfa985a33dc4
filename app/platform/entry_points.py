"""What other installed packages plug in, by entry-point group: the development tools' commands
(`mappa.commands`) and the demo personas of the development pages (`mappa.personas`).

The project's metadata declares them, but a production install ships neither `dev/` nor `seed/`:
an entry point whose top-level package is not installed is left out, while any other import error
(a module missing inside a package that is there) still fails loudly."""

from importlib.metadata import entry_points
from typing import Any


def installed(group: str) -> list[Any]:
    """The objects the group's entry points name, in name order, for those whose package is
    installed."""
    found = []
    for entry in sorted(entry_points(group=group), key=lambda entry: entry.name):
        try:
            found.append(entry.load())
        except ModuleNotFoundError as missing:
            if missing.name != entry.module.partition(".")[0]:
                raise
    return found
