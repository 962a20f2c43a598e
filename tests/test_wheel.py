"""The package works as a downstream system installs it: from a wheel, outside the checkout.

The wheel is built from this tree and installed into a fresh virtual environment that
sees the already installed dependencies (so no download is needed); `ingest run` on a
seed PDF and `ingest compare` on its output must work from a folder that is not the
repository, which is where missing package data (schemas, rules, templates) shows.
"""
import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy the tracked tree")
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    (wheel,) = dist.glob("handbook_ingest-*.whl")
    env_dir = root / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True)
    return python, root


def _ingest(python, *args, cwd):
    return subprocess.run([str(python), "-m", "ingest", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_the_installed_wheel_is_the_package_that_runs(installed):
    python, root = installed
    where = subprocess.run([str(python), "-c", "import ingest; print(ingest.__file__)"],
                           capture_output=True, text=True, cwd=root, check=True).stdout
    assert str(ROOT) not in where and "site-packages" in where


def test_the_installed_wheel_ingests_a_pdf_and_compares_it(installed):
    python, root = installed
    pdf = next((ROOT / "sources").glob("002_*.pdf"))
    run = _ingest(python, "run", pdf, "--out", root / "out", "--no-cache", cwd=root)
    assert run.returncode == 0, run.stdout + run.stderr
    record = json.loads((root / "out" / f"{pdf.stem}.json").read_text(encoding="utf-8"))
    assert len(record["services"]) >= 5
    compare = _ingest(python, "compare", root / "out" / "catalog.json", "--out", root / "matrix.html", cwd=root)
    assert compare.returncode == 0, compare.stdout + compare.stderr
    assert "<table" in (root / "matrix.html").read_text(encoding="utf-8")
