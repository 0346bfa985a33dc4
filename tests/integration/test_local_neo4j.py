"""The local Neo4j manager against a real server: its own folder and port, the shared jar cache."""

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from app.settings import Settings
from dev import local_neo4j
from dev.local_neo4j import LocalNeo4jError

_default = Settings()
SHARED_CACHE = _default.local_neo4j_cache_dir or _default.state_dir
JARS = SHARED_CACHE / f"neo4j-{_default.local_neo4j_version}"

needs_java = pytest.mark.skipif(
    shutil.which("java") is None and "JAVA_HOME" not in os.environ,
    reason="the local Neo4j needs Java 17 or 21",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def quiet(_message: str) -> None:
    pass


def process_is_gone(pid: int) -> bool:
    """True once the process has exited (an unreaped zombie counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def only_java_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH holds java and nothing else (so no mvn)."""
    java = shutil.which("java")
    assert java is not None
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(os.path.realpath(java))
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("JAVA_HOME", raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """A throwaway server folder on a free port; stops whatever the test started."""
    own = Settings(
        state_dir=tmp_path / "state",
        local_neo4j_cache_dir=SHARED_CACHE,
        local_neo4j_port=free_port(),
        local_neo4j_heap="512m",
        local_neo4j_pagecache="256m",
    )
    yield own
    local_neo4j.stop(own, echo=quiet)


@needs_java
@pytest.mark.slow
def test_start_answers_bolt_until_stop_ends_the_process(settings: Settings) -> None:
    home = local_neo4j.status(settings).home
    home.mkdir(parents=True)
    finished = subprocess.Popen(["true"])
    finished.wait()
    (home / "neo4j.pid").write_text(f"{finished.pid}\n")
    messages: list[str] = []

    assert local_neo4j.start(settings, echo=messages.append) is True

    assert any("stale pid file" in m for m in messages)
    uri = f"bolt://127.0.0.1:{settings.local_neo4j_port}"
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with GraphDatabase.driver(uri, auth=auth) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
    assert records[0]["one"] == 1
    running = local_neo4j.status(settings)
    assert running.running
    assert running.pid is not None
    assert running.uri == uri
    assert running.version == settings.local_neo4j_version

    jars_before = ((JARS / "lib.complete").stat().st_mtime_ns, (JARS / "lib").stat().st_mtime_ns)
    assert local_neo4j.start(settings, echo=messages.append) is False
    assert local_neo4j.status(settings).pid == running.pid
    jars_after = ((JARS / "lib.complete").stat().st_mtime_ns, (JARS / "lib").stat().st_mtime_ns)
    assert jars_after == jars_before

    assert local_neo4j.stop(settings, echo=messages.append) is True
    assert process_is_gone(running.pid)
    assert not local_neo4j.status(settings).running
    assert not (home / "neo4j.pid").exists()
    assert local_neo4j.stop(settings, echo=messages.append) is False
    assert "No local Neo4j is running" in messages[-1]


@needs_java
def test_a_port_held_by_another_program_is_named(settings: Settings) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", settings.local_neo4j_port))
        holder.listen()
        with pytest.raises(LocalNeo4jError) as failure:
            local_neo4j.start(settings, echo=quiet)
    message = str(failure.value)
    assert str(settings.local_neo4j_port) in message
    assert "MAPPA_LOCAL_NEO4J_PORT" in message
    assert not local_neo4j.status(settings).running


def test_missing_java_is_reported(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("JAVA_HOME", str(empty))
    monkeypatch.setenv("PATH", str(empty))

    with pytest.raises(LocalNeo4jError, match="Java"):
        local_neo4j.start(settings, echo=quiet)


@needs_java
def test_a_half_finished_jar_cache_is_fetched_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jars without the completion marker do not count: Maven is needed (and missing here)."""
    own = Settings(
        state_dir=tmp_path / "state",
        local_neo4j_cache_dir=tmp_path / "cache",
        local_neo4j_port=free_port(),
    )
    lib = tmp_path / "cache" / f"neo4j-{own.local_neo4j_version}" / "lib"
    lib.mkdir(parents=True)
    (lib / f"neo4j-{own.local_neo4j_version}.jar").write_bytes(b"truncated")
    only_java_on_path(tmp_path, monkeypatch)

    with pytest.raises(LocalNeo4jError, match=r"Maven \(mvn\) not found"):
        local_neo4j.start(own, echo=quiet)
    assert not local_neo4j.status(own).running


MAVEN_REPOSITORY = Path.home() / ".m2" / "repository"
needs_maven_repository = pytest.mark.skipif(
    shutil.which("mvn") is None or not (
        MAVEN_REPOSITORY / "org" / "neo4j" / "neo4j" / _default.local_neo4j_version).is_dir(),
    reason="needs mvn, and this machine's Maven repository holding Neo4j (an earlier start)",
)


@needs_java
@needs_maven_repository
@pytest.mark.slow
def test_the_first_assembly_says_how_much_it_has_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first start on a machine whose Maven has fetched nothing yet: Maven downloads, here
    from a mirror of this machine's own repository (file://, no network), into an empty one;
    the terminal (and CI's log) is told how far it has got, then the server starts."""
    home = tmp_path / "maven-home"
    (home / ".m2").mkdir(parents=True)
    (home / ".m2" / "settings.xml").write_text(
        "<settings><mirrors><mirror><id>this-machine</id><mirrorOf>*</mirrorOf>"
        f"<url>{MAVEN_REPOSITORY.as_uri()}</url></mirror></mirrors></settings>\n")
    monkeypatch.setenv("MAVEN_OPTS", f"-Duser.home={home}")
    own = Settings(state_dir=tmp_path / "state", local_neo4j_cache_dir=tmp_path / "cache",
                   local_neo4j_port=free_port(), local_neo4j_heap="512m",
                   local_neo4j_pagecache="256m")
    messages: list[str] = []
    try:
        assert local_neo4j.start(own, echo=messages.append) is True
    finally:
        local_neo4j.stop(own, echo=quiet)
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)

    assert messages[0].startswith(f"Assembling Neo4j {own.local_neo4j_version}")
    progress = [int(m.split()[1]) for m in messages if m.startswith("  downloaded ")]
    # A line at least every 20 MB of the 150 or so: it is seen to be alive.
    assert len(progress) >= 5, messages
    assert progress == sorted(progress)
    total = next(m for m in messages if m.startswith("Downloaded "))
    assert int(total.split()[1]) >= progress[-1]
    assert any(m.startswith("Assembled ") and m.endswith(" jars.") for m in messages)
    assert messages[-1].startswith(f"Neo4j {own.local_neo4j_version} is up")
