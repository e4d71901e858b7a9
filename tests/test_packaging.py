"""The user's folders install under `animdirector.*`, from an editable and from a wheel install."""

import subprocess
import sys
import zipfile
from pathlib import Path

from animdirector.config import REPO_ROOT

SUBPACKAGES = ["agents", "agents.llm", "tools", "tools.render", "tools.critic", "memory"]
PROBE = "import importlib,sys; [print(importlib.import_module('animdirector.'+m).__file__) for m in sys.argv[1:]]"


def _import_paths(tmp_path: Path, extra_path: str | None = None) -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if extra_path:
        env["PYTHONPATH"] = extra_path
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *SUBPACKAGES],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )
    return out.stdout.split()


def test_editable_install_maps_user_folders():
    paths = _import_paths(Path("/tmp"))
    for module, path in zip(SUBPACKAGES, paths):
        assert Path(path).parent == REPO_ROOT / module.replace(".", "/")


def test_wheel_installs_under_one_namespace(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO_ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("animdirector-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert not tops & {"agents", "tools", "memory", "scenarios", "tests"}, tops
    assert any(n.startswith("animdirector/scenarios/") and n.endswith(".yaml") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    paths = _import_paths(tmp_path, str(site))
    assert all(p.startswith(str(site)) for p in paths), paths
    # the console script's modules and the data files come with the wheel
    assert "animdirector/commands/run.py" in names and "animdirector/agents/prompts/director.md" in names
    assert "animdirector/tools/critic/weights/critic.safetensors" in names
