"""The installed program: a wheel holds every package and the resources, and its window opens
from a fresh virtual environment, away from the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _packages() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
        "packages"
    ]


def test_every_package_folder_is_listed():
    found = {
        ".".join(p.parent.relative_to(ROOT / "desktop").parts)
        for p in (ROOT / "desktop").rglob("__init__.py")
    }
    found |= {"papershelf.resources"} | {
        "papershelf.resources." + ".".join(p.relative_to(ROOT / "resources").parts)
        for p in (ROOT / "resources").rglob("*")
        if p.is_dir() and p.name != "__pycache__"
    }
    assert sorted(found) == sorted(_packages())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    tree = tmp_path_factory.mktemp("tree")  # built from a copy: nothing written beside the source
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    for name in ("desktop", "resources"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(tree)],
        check=True,
        timeout=300,
    )  # fmt: skip
    (built,) = out.glob("papershelf-*.whl")
    return built


def test_the_wheel_carries_the_resources(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in ROOT.joinpath("resources").rglob("*"):
        if resource.is_file() and "__pycache__" not in resource.parts:
            inside = "papershelf/resources/" + resource.relative_to(ROOT / "resources").as_posix()
            assert inside in names


@pytest.mark.timeout(300)
def test_the_installed_wheel_opens_the_demo_window(wheel: Path, tmp_path: Path):
    fresh = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(fresh)], check=True, timeout=120)
    bin_dir = fresh / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=120,
    )
    # The dependencies come from this environment (a path, not its .pth files: the editable
    # install of the source tree stays out); Papershelf itself only from the wheel.
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "borrowed-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    where = subprocess.run(
        [python, "-c", "import papershelf, sys; print(papershelf.__file__)"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(fresh))
    done = subprocess.run(
        [bin_dir / "papershelf", "--demo", "--quit-when-ready"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "65 papers listed" in done.stdout
