"""indopac installed from a wheel, not from the checkout: the wheel holds the whole package
(models, migrations, plugins) under `indopac/` only, and its `indopac build` works from a
folder that is no checkout.

The wheel goes into a fresh virtual environment with ``--no-deps``; the dependencies come
from this environment's site-packages through a ``.pth`` line. A path line in a ``.pth`` file
adds the folder to ``sys.path`` without running the ``.pth`` files inside it, so the
editable install's finder (``__editable__*.pth``) stays off and ``indopac`` is the wheel's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from indopac import __version__
from indopac.paths import ROOT
from tests.helpers import copy_seeds, read_only

pytestmark = pytest.mark.slow

# What the build backend reads; anything else of the checkout (environments, builds, caches,
# databases) stays out of the copy the wheel is built from.
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "*.db",
)


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    site_packages: Path

    @property
    def indopac(self) -> Path:
        return self.venv / "bin" / "indopac"


def _env() -> dict[str, str]:
    # Nothing may point the child back at the checkout.
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("install")
    # pip builds in the source folder (build/, *.egg-info): a copy keeps the checkout clean.
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    wheels = work / "wheels"
    # The build backend (setuptools>=77) is fetched by pip into its isolated build env.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
        env=_env(),
    )
    (wheel,) = wheels.glob("indopac-*.whl")

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = ["install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *install],
        check=True,
        capture_output=True,
        timeout=300,
        env=_env(),
    )
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    dependencies = sysconfig.get_paths()["purelib"]  # this environment's
    (site_packages / "indopac-test-dependencies.pth").write_text(dependencies + "\n")
    return Installed(wheel, venv, site_packages)


def test_the_wheel_holds_the_package_only_and_all_of_it(installed: Installed) -> None:
    """Fails when the wheel installs a top-level name besides indopac (schema/, seeds/,
    migrations/), or lacks a module, the migration template or a plugin of the checkout."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    top = {name.split("/")[0] for name in names}
    assert top == {"indopac", f"indopac-{__version__}.dist-info"}
    expected = {
        "indopac/migrations/script.py.mako",
        "indopac/reference/CAMEO.goldsteinscale.txt",  # the dyadic export's Goldstein scores
    }
    # Every module of the checkout, where the package-dir of pyproject.toml installs it.
    for folder, package in (("indopac", "indopac"), ("schema", "indopac/schema")):
        expected |= {
            f"{package}/{p.relative_to(ROOT / folder).as_posix()}"
            for p in (ROOT / folder).rglob("*.py")
        }
    expected |= {
        f"indopac/migrations/{p.relative_to(ROOT / 'migrations').as_posix()}"
        for p in (ROOT / "migrations").rglob("*.py")
    }
    assert "indopac/migrations/versions/0001_initial_schema.py" in expected
    assert "indopac/schema/__init__.py" in expected
    assert any(name.startswith("indopac/datasette_plugins/") for name in expected)
    assert expected - names == set()


def test_indopac_comes_from_the_wheel_not_the_checkout(installed: Installed) -> None:
    """Fails when the fresh environment imports indopac, its models or its migrations from
    the checkout (the editable finder leaking in), which would make the other tests here
    prove nothing."""
    python = installed.venv / "bin" / "python"
    result = subprocess.run(
        [
            str(python),
            "-c",
            "import indopac, indopac.schema, indopac.migrations\n"
            "for m in (indopac, indopac.schema, indopac.migrations): print(m.__file__)",
        ],
        capture_output=True,
        text=True,
        cwd=installed.venv.parent,
        env=_env(),
    )
    assert result.returncode == 0, result.stderr
    for file in result.stdout.split():
        assert Path(file).is_relative_to(installed.site_packages), file


def test_an_installed_indopac_builds_from_a_seed_folder_outside_any_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    """Fails when the installed command cannot build without a checkout (package data
    missing, a path assumed to be the checkout's), or builds other than the 35 events."""
    seeds = copy_seeds(tmp_path)
    out = tmp_path / "indopac.db"
    result = subprocess.run(
        [str(installed.indopac), "build", "--seeds", str(seeds), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "35 events" in result.stdout
    with read_only(out) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (35,)
        assert conn.execute("SELECT count(*) FROM timeline").fetchone() == (35,)


@pytest.mark.parametrize("command", ["build", "validate"])
def test_an_installed_indopac_without_seeds_says_so_in_one_sentence(
    installed: Installed, tmp_path: Path, command: str
) -> None:
    """Fails when `indopac build` or `validate` run without --seeds in an install (which has
    no seeds/ beside it) end in a traceback, in more than one line, without naming --seeds,
    or after writing into the environment's site-packages."""
    before = sorted(p.name for p in installed.site_packages.iterdir())
    result = subprocess.run(
        [str(installed.indopac), command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=300,
    )
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "--seeds" in result.stderr
    assert sorted(p.name for p in installed.site_packages.iterdir()) == before
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["build", "--seeds", "{seeds}"], "--out"),
        (["export"], "--database"),
        (["release", "--seeds", "{seeds}"], "--out"),
        (["serve", "--seeds", "{seeds}", "--out", "{tmp}/indopac.db"], "metadata.yml"),
    ],
    ids=["build-out", "export-database", "release-out", "serve-metadata"],
)
def test_an_installed_indopac_names_what_only_a_checkout_has(
    installed: Installed, tmp_path: Path, arguments: list[str], named: str
) -> None:
    """Fails when a command left to a default that only a checkout has (dist/ beside the
    package, metadata.yml) writes into site-packages or ends in a traceback, instead of one
    sentence naming the option or file to give."""
    seeds = copy_seeds(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.format(seeds=seeds, tmp=out) for a in arguments]
    before = sorted(p.name for p in installed.site_packages.iterdir())
    result = subprocess.run(
        [str(installed.indopac), *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert named in result.stderr
    assert sorted(p.name for p in installed.site_packages.iterdir()) == before
    assert list(out.iterdir()) == []
