"""What installed packages plug in: a development install's commands and personas, and a
production install that declares them without shipping their modules."""

from importlib.metadata import EntryPoint

import pytest

from app.platform import entry_points
from app.platform.entry_points import installed


def declared(monkeypatch: pytest.MonkeyPatch, *points: EntryPoint) -> None:
    monkeypatch.setattr(entry_points, "entry_points", lambda group: points)


def test_the_development_install_plugs_in_its_commands_and_personas() -> None:
    [register] = installed("mappa.commands")
    [personas] = installed("mappa.personas")
    assert register.__module__ == "dev.cli"
    assert "demo.police.ppo" in {p.officer_id for p in personas()}


def test_an_entry_point_whose_package_is_not_installed_is_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declared(monkeypatch,
             EntryPoint("gone", "no_such_package.cli:register", "mappa.commands"),
             EntryPoint("here", "app.platform.ports:port_is_free", "mappa.commands"))
    assert [found.__name__ for found in installed("mappa.commands")] == ["port_is_free"]


def test_a_broken_import_inside_an_installed_package_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declared(monkeypatch, EntryPoint("broken", "app.no_such_module:register", "mappa.commands"))
    with pytest.raises(ModuleNotFoundError):
        installed("mappa.commands")
