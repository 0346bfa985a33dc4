"""What other installed packages plug in, by entry-point group: the development tools' commands
(`mappa.commands`) and the demo personas of the development pages (`mappa.personas`).

The project's metadata declares them, but a production install ships neither `dev/` nor `seed/`:
an entry point whose own module is not installed is left out, while any other import error in a
module that is there still fails loudly."""

from importlib.metadata import entry_points
from typing import Any


def installed(group: str) -> list[Any]:
    """The objects the group's entry points name, in name order, for those whose module is
    installed."""
    found = []
    for entry in sorted(entry_points(group=group), key=lambda entry: entry.name):
        try:
            found.append(entry.load())
        except ModuleNotFoundError as missing:
            if not missing.name or not (entry.module == missing.name
                                        or entry.module.startswith(missing.name + ".")):
                raise
    return found
