"""A local Neo4j Community server assembled from Maven Central jars: no Docker, no tarball.

Layout (Linux only: liveness and ownership are read from /proc):

    <cache>/neo4j-<version>/    the jars of one version, shared by every server folder;
      pom.xml                   <cache> is settings.local_neo4j_cache_dir, else state_dir
      lib/                      the runtime classpath, filled by Maven's copy-dependencies
      lib.complete              written only after a complete copy; without it lib/ is redone
    <state_dir>/neo4j/          the server folder (Neo4j's home)
      conf/neo4j.conf           regenerated from settings on every start
      data/ logs/ run/ import/ plugins/
      neo4j.pid                 the server `start` launched
      console.log               its stdout and stderr, from the latest start
"""

import fcntl
import os
import re
import shutil
import signal
import subprocess
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from app.platform.ports import port_is_free
from app.settings import Settings

HOST = "127.0.0.1"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
SUPPORTED_JAVA = (17, 21)
INSTALL_HINT = "e.g. `apt-get install openjdk-17-jdk-headless maven`"
COPY_DEPENDENCIES = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies"
# The JVM options of Neo4j 5.26's own launcher; without the add-opens the server cannot start.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)
# Maven's first fetch (about 160 MB with its own plugins) says how far it has got: a line each
# PROGRESS_STEP_BYTES downloaded, or after PROGRESS_QUIET_S without one on a slow link.
DOWNLOADED = re.compile(r"Downloaded from [^:]+: \S+ \((\d+(?:\.\d+)?) (B|kB|MB|GB)")
SIZE_UNITS = {"B": 1, "kB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000}
PROGRESS_STEP_BYTES = 20_000_000
PROGRESS_QUIET_S = 10.0
STOP_GRACE_S = 60.0
KILL_GRACE_S = 10.0
POLL_INTERVAL_S = 0.5
LOG_TAIL_LINES = 20
IMPORT_HEAP = "1g"  # neo4j-admin's own heap; its caches are off-heap

Echo = Callable[[str], None]


class LocalNeo4jError(RuntimeError):
    """Why the local server could not be managed, worded for the person at the terminal."""


@dataclass(frozen=True)
class LocalStatus:
    running: bool
    pid: int | None
    port: int
    version: str
    home: Path
    uri: str


@dataclass(frozen=True)
class _Paths:
    """Where one version's jars and one server folder live."""

    jars: Path
    home: Path

    @classmethod
    def of(cls, settings: Settings) -> "_Paths":
        cache = (settings.local_neo4j_cache_dir or settings.state_dir).resolve()
        return cls(
            jars=cache / f"neo4j-{settings.local_neo4j_version}",
            home=settings.state_dir.resolve() / "neo4j",
        )

    @property
    def lib(self) -> Path:
        return self.jars / "lib"

    @property
    def lib_complete(self) -> Path:
        return self.jars / "lib.complete"

    @property
    def conf(self) -> Path:
        return self.home / "conf"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.home / "console.log"

    def server_dir(self, name: str) -> Path:
        return self.home / name


def start(settings: Settings, echo: Echo = print) -> bool:
    """Start the server and return once Bolt answers; False if it was already running."""
    paths = _Paths.of(settings)
    version, uri = settings.local_neo4j_version, _uri(settings)
    paths.home.mkdir(parents=True, exist_ok=True)
    with _exclusive(paths.home / ".lock"):
        pid = _recorded_server(paths, echo)
        if pid is not None:
            _wait_for_bolt(settings, paths, pid, launched_at=0.0)
            echo(f"Neo4j {version} is already running on {uri} (pid {pid}).")
            return False

        _check_port_free(settings.local_neo4j_port)
        java = _prepare_home(settings, paths, echo)

        echo(f"Starting Neo4j {version} on {uri} (folder {paths.home}) ...")
        launched_at = time.time()
        pid = _launch(java, settings, paths)
        paths.pid_file.write_text(f"{pid}\n")
        try:
            _wait_for_bolt(settings, paths, pid, launched_at)
        except LocalNeo4jError:
            _terminate(pid, paths.home)
            paths.pid_file.unlink(missing_ok=True)
            raise
        echo(f"Neo4j {version} is up on {uri} (pid {pid}).")
        return True


def stop(settings: Settings, echo: Echo = print) -> bool:
    """Stop the server recorded in the pid file; False if none was running."""
    paths = _Paths.of(settings)
    pid = None
    if paths.home.is_dir():
        with _exclusive(paths.home / ".lock"):
            pid = _recorded_server(paths, echo)
            if pid is not None:
                echo(f"Stopping Neo4j (pid {pid}) ...")
                _terminate(pid, paths.home)
                paths.pid_file.unlink(missing_ok=True)
                echo("Neo4j stopped.")
    if pid is None:
        echo(f"No local Neo4j is running from {paths.home}.")
    return pid is not None


def status(settings: Settings) -> LocalStatus:
    """What `mappa neo4j status` shows; reads only, never cleans up."""
    paths = _Paths.of(settings)
    pid = _read_pid(paths.pid_file)
    running = pid is not None and _is_our_server(pid, paths.home)
    return LocalStatus(
        running=running,
        pid=pid if running else None,
        port=settings.local_neo4j_port,
        version=settings.local_neo4j_version,
        home=paths.home,
        uri=_uri(settings),
    )


def import_database(
    settings: Settings, nodes: Sequence[tuple[str, Path]],
    relationships: Sequence[tuple[str, Path]], echo: Echo = print,
) -> None:
    """Replace the database with the CSV files given (`neo4j-admin database import full`, from the
    server's own jars): nodes as (labels, file), relationships as (type, file), each file's first
    line its typed header. The server must be stopped (Community imports offline)."""
    paths = _Paths.of(settings)
    paths.home.mkdir(parents=True, exist_ok=True)
    with _exclusive(paths.home / ".lock"):
        if _recorded_server(paths, echo) is not None:
            raise LocalNeo4jError(
                "Neo4j is running: `mappa neo4j stop` before importing into its database.")
        java = _prepare_home(settings, paths, echo)
        report = paths.logs / "import.report"
        admin = subprocess.run(
            [
                str(java), f"-Xmx{IMPORT_HEAP}", "-cp", f"{paths.lib}/*",
                "org.neo4j.cli.AdminTool", "database", "import", "full",
                *(f"--nodes={labels}={path}" for labels, path in nodes),
                *(f"--relationships={rel_type}={path}" for rel_type, path in relationships),
                "--overwrite-destination=true", f"--report-file={report}",
                settings.neo4j_database,
            ],
            env={**os.environ, "NEO4J_HOME": str(paths.home), "NEO4J_CONF": str(paths.conf)},
            capture_output=True, text=True, check=False,
        )
        if admin.returncode != 0:
            raise LocalNeo4jError(
                f"neo4j-admin could not import the seed files (exit {admin.returncode}); what it "
                f"refused is in {report}. The server is stopped and its database may be empty "
                f"or incomplete: `mappa neo4j start`, then `mappa seed --offenders N --reset`. "
                f"Its last lines:\n"
                f"{_last_lines(admin.stdout + admin.stderr)}"
            )


def _prepare_home(settings: Settings, paths: _Paths, echo: Echo) -> Path:
    """Java found, the jars assembled, the server folder and its configuration written, the
    password set on a new folder: what starting the server and importing into it both need."""
    java = _find_java()
    _assemble_jars(settings, paths, echo)
    for name in ("conf", "data", "logs", "run", "import", "plugins"):
        paths.server_dir(name).mkdir(exist_ok=True)
    (paths.conf / "neo4j.conf").write_text(_neo4j_conf(settings, paths))
    if not (paths.server_dir("data") / "databases" / "system").exists():
        _set_initial_password(java, settings, paths)
    return java


def _uri(settings: Settings) -> str:
    return f"bolt://{HOST}:{settings.local_neo4j_port}"


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Serialise callers across processes: a second one waits, then sees the first one's work."""
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _is_our_server(pid: int, home: Path) -> bool:
    """Whether pid is a live Neo4j of this folder (a reused pid or a zombie is not)."""
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return ENTRY_POINT.encode() in arguments and f"--home-dir={home}".encode() in arguments


def _recorded_server(paths: _Paths, echo: Echo) -> int | None:
    """The pid of our running server, removing a pid file that names anything else."""
    if not paths.pid_file.exists():
        return None
    pid = _read_pid(paths.pid_file)
    if pid is not None and _is_our_server(pid, paths.home):
        return pid
    paths.pid_file.unlink()
    echo(f"Removed a stale pid file (pid {pid} is not a running Neo4j of {paths.home}).")
    return None


def _find_java() -> Path:
    """JAVA_HOME's java if set, else PATH's; it must be Java 17 or 21."""
    wanted = " or ".join(str(v) for v in SUPPORTED_JAVA)
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = Path(java_home) / "bin" / "java"
        if not java.is_file():
            raise LocalNeo4jError(
                f"Java not found: JAVA_HOME is {java_home} but {java} does not exist. Point "
                f"JAVA_HOME at a Java {wanted} installation, or unset it to use java from PATH; "
                f"to install Java: {INSTALL_HINT}."
            )
    else:
        found = shutil.which("java")
        if found is None:
            raise LocalNeo4jError(
                f"Java not found: JAVA_HOME is unset and there is no java on PATH. Neo4j needs "
                f"Java {wanted}; install it, {INSTALL_HINT}."
            )
        java = Path(found)
    try:
        probe = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LocalNeo4jError(f"Could not run Java at {java}: {error}") from error
    match = re.search(r'version "(\d+)(?:\.(\d+))?', probe.stderr + probe.stdout)
    major = None
    if match:
        major = int(match[2] or 0) if match[1] == "1" else int(match[1])
    if major not in SUPPORTED_JAVA:
        raise LocalNeo4jError(
            f"Neo4j needs Java {wanted}, but {java} is Java {major or 'of unknown version'}. "
            f"Install Java {wanted} ({INSTALL_HINT}) and put it first on PATH or in JAVA_HOME."
        )
    return java


def _check_port_free(port: int) -> None:
    if not port_is_free(HOST, port):
        raise LocalNeo4jError(
            f"Port {port} is already in use by another program, so Neo4j cannot listen on it. "
            f"Stop that program, or choose another port with MAPPA_LOCAL_NEO4J_PORT "
            f"(e.g. MAPPA_LOCAL_NEO4J_PORT={port + 1})."
        )


def _assemble_jars(settings: Settings, paths: _Paths, echo: Echo) -> None:
    """Fetch the version's runtime jars once; later starts find lib.complete and skip Maven."""
    version = settings.local_neo4j_version
    paths.jars.mkdir(parents=True, exist_ok=True)
    with _exclusive(paths.jars / ".lock"):
        if paths.lib_complete.exists():
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalNeo4jError(
                f"Maven (mvn) not found on PATH: it is needed once per Neo4j version to fetch "
                f"the jars into {paths.lib}. Install it, {INSTALL_HINT}."
            )
        echo(f"Assembling Neo4j {version} from Maven Central into {paths.lib} (once; Maven "
             f"downloads about 150 MB the first time) ...")
        shutil.rmtree(paths.lib, ignore_errors=True)
        pom = paths.jars / "pom.xml"
        pom.write_text(_pom(version))
        returncode, last_lines = _run_maven(
            [
                mvn,
                "-B",
                "-Dstyle.color=never",
                "-f",
                str(pom),
                COPY_DEPENDENCIES,
                "-DincludeScope=runtime",
                "-DexcludeTypes=pom",
                f"-DoutputDirectory={paths.lib}",
            ],
            echo,
        )
        jars = sorted(paths.lib.glob("*.jar"))
        if returncode != 0 or not jars:
            raise LocalNeo4jError(
                f"Maven could not fetch Neo4j {version} (exit {returncode}). Check that "
                f"Maven Central (or the mirror in ~/.m2/settings.xml) is reachable, then start "
                f"again. Maven's last lines:\n{last_lines}"
            )
        paths.lib_complete.write_text(f"{len(jars)} jars\n")
        echo(f"Assembled {len(jars)} jars.")


def _run_maven(command: list[str], echo: Echo) -> tuple[int, str]:
    """Run Maven, saying how much it has downloaded as it goes (its own lines are kept for a
    failure's message); return its exit code and last lines."""
    tail: deque[str] = deque(maxlen=LOG_TAIL_LINES)
    files, downloaded, reported = 0, 0.0, 0.0
    started = said = time.monotonic()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace") as maven:
        assert maven.stdout is not None
        for line in maven.stdout:
            tail.append(line.rstrip())
            if (fetched := DOWNLOADED.search(line)) is None:
                continue
            files += 1
            downloaded += float(fetched[1]) * SIZE_UNITS[fetched[2]]
            now = time.monotonic()
            if (downloaded - reported >= PROGRESS_STEP_BYTES
                    or now - said >= PROGRESS_QUIET_S):
                echo(f"  downloaded {downloaded / 1e6:.0f} MB ({files} files) ...")
                reported, said = downloaded, now
    if files:
        echo(f"Downloaded {downloaded / 1e6:.0f} MB ({files} files) in "
             f"{time.monotonic() - started:.0f} s.")
    return maven.returncode, _last_lines("\n".join(tail))


def _pom(version: str) -> str:
    dependencies = "".join(
        f"    <dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
        f"<version>{version}</version></dependency>\n"
        for group, artifact in (("org.neo4j", "neo4j"), ("org.neo4j.app", "neo4j-server"))
    )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n"
        "  <groupId>local.mappa</groupId>\n"
        f"  <artifactId>neo4j-{version}</artifactId>\n"
        "  <version>1</version>\n"
        "  <packaging>pom</packaging>\n"
        f"  <dependencies>\n{dependencies}  </dependencies>\n"
        "</project>\n"
    )


def _neo4j_conf(settings: Settings, paths: _Paths) -> str:
    bolt = f"{HOST}:{settings.local_neo4j_port}"
    values = {
        "server.default_listen_address": HOST,
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": bolt,
        "server.bolt.advertised_address": bolt,
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        **{
            f"server.directories.{name}": str(paths.server_dir(name))
            for name in ("data", "logs", "run", "import", "plugins")
        },
        "server.memory.heap.initial_size": settings.local_neo4j_heap,
        "server.memory.heap.max_size": settings.local_neo4j_heap,
        "server.memory.pagecache.size": settings.local_neo4j_pagecache,
        "dbms.usage_report.enabled": "false",
        "db.tx_log.rotation.retention_policy": "1 days",
        # A request never waits for its query to be planned again (Neo4j would replan a plan
        # whose counts changed, on the request that finds it so, every 10 s at most): the API
        # plans every query again in the background each MAPPA_REPLAN_QUERIES_S instead.
        **({"dbms.cypher.min_replan_interval": f"{max(3600, 2 * settings.replan_queries_s):.0f}s"}
           if settings.replan_queries_s > 0 else {}),
    }
    header = "# Written by `mappa neo4j start` from MAPPA_* settings on every start; do not edit.\n"
    return header + "".join(f"{key}={value}\n" for key, value in values.items())


def _set_initial_password(java: Path, settings: Settings, paths: _Paths) -> None:
    """Give the neo4j user its password; only effective before the first start."""
    password = settings.neo4j_password.get_secret_value()
    if len(password) < 8:
        raise LocalNeo4jError(
            "MAPPA_NEO4J_PASSWORD must have at least 8 characters: Neo4j refuses shorter ones."
        )
    admin = subprocess.run(
        [
            str(java),
            "-cp",
            f"{paths.lib}/*",
            "org.neo4j.cli.AdminTool",
            "dbms",
            "set-initial-password",
            password,
        ],
        env={**os.environ, "NEO4J_HOME": str(paths.home), "NEO4J_CONF": str(paths.conf)},
        capture_output=True,
        text=True,
        check=False,
    )
    if admin.returncode != 0:
        raise LocalNeo4jError(
            f"Setting the initial Neo4j password failed (exit {admin.returncode}); check the "
            f"MAPPA_LOCAL_NEO4J_* settings. Its last lines:\n"
            f"{_last_lines(admin.stdout + admin.stderr)}"
        )


def _launch(java: Path, settings: Settings, paths: _Paths) -> int:
    """Start the JVM in its own session, through sh so it is nobody's child: it outlives the
    CLI and, once ended, never lingers as our zombie."""
    heap = settings.local_neo4j_heap
    classpath = ":".join(
        f"{folder}/*" for folder in (paths.server_dir("plugins"), paths.conf, paths.lib)
    )
    command = [
        str(java),
        f"-Xms{heap}",
        f"-Xmx{heap}",
        *JVM_OPTIONS,
        "-cp",
        classpath,
        ENTRY_POINT,
        f"--home-dir={paths.home}",
        f"--config-dir={paths.conf}",
        "--console-mode",
    ]
    background = 'log="$1"; shift; "$@" </dev/null >"$log" 2>&1 & echo $!'
    launched = subprocess.run(
        ["sh", "-c", background, "sh", str(paths.console_log), *command],
        capture_output=True,
        text=True,
        check=False,
        start_new_session=True,
        cwd=paths.home,
    )
    if launched.returncode != 0 or not launched.stdout.strip().isdigit():
        raise LocalNeo4jError(f"Could not launch Neo4j: {launched.stderr.strip()}")
    return int(launched.stdout)


def _wait_for_bolt(settings: Settings, paths: _Paths, pid: int, launched_at: float) -> None:
    """Poll with the driver until Bolt answers; fail fast when the process dies."""
    uri, timeout = _uri(settings), settings.local_neo4j_start_timeout_s
    deadline = time.monotonic() + timeout
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with GraphDatabase.driver(uri, auth=auth, connection_timeout=5.0) as driver:
        while True:
            try:
                driver.verify_connectivity()
            except AuthError as error:
                raise LocalNeo4jError(
                    f"Neo4j on {uri} refused user {settings.neo4j_user!r}: its data folder "
                    f"{paths.server_dir('data')} was set up with another password. Set "
                    f"MAPPA_NEO4J_PASSWORD to that one, or start afresh: `mappa neo4j stop`, then "
                    f"delete that folder (its graph is lost)."
                ) from error
            except (DriverError, Neo4jError, OSError):
                pass
            else:
                return
            if not _is_our_server(pid, paths.home):
                raise LocalNeo4jError(
                    f"Neo4j (pid {pid}) exited before Bolt answered on {uri}.\n"
                    f"{_log_tails(paths, launched_at)}"
                )
            if time.monotonic() >= deadline:
                raise LocalNeo4jError(
                    f"Neo4j (pid {pid}) did not answer on {uri} within {timeout:.0f} s. "
                    f"On a slow machine raise MAPPA_LOCAL_NEO4J_START_TIMEOUT_S.\n"
                    f"{_log_tails(paths, launched_at)}"
                )
            time.sleep(POLL_INTERVAL_S)


def _terminate(pid: int, home: Path) -> None:
    """SIGTERM, then SIGKILL after STOP_GRACE_S; signals only a process that is our server."""
    for sig, grace in ((signal.SIGTERM, STOP_GRACE_S), (signal.SIGKILL, KILL_GRACE_S)):
        if not _is_our_server(pid, home):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _is_our_server(pid, home):
            time.sleep(0.2)
    if _is_our_server(pid, home):
        raise LocalNeo4jError(f"Neo4j (pid {pid}) survived SIGKILL; end it by hand.")


def _log_tails(paths: _Paths, since: float) -> str:
    """The last lines of the logs written since `since` (a launch time; 0 for any)."""
    tails = []
    for log in (paths.console_log, paths.logs / "debug.log"):
        if log.is_file() and log.stat().st_mtime >= since - 1:
            with log.open(errors="replace") as lines:
                tail = "".join(deque(lines, maxlen=LOG_TAIL_LINES)).rstrip()
            tails.append(f"--- last lines of {log} ---\n{tail}")
    return "\n".join(tails) or f"(no log output; see {paths.logs})"


def _last_lines(output: str) -> str:
    return "\n".join(output.strip().splitlines()[-LOG_TAIL_LINES:]) or "(no output)"


def import_folder(settings: Settings) -> Path:
    """The server folder's import/ directory, where files for `import_database` may be put."""
    return _Paths.of(settings).server_dir("import")
