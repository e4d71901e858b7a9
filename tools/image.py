"""Scene images: K candidates of one layout, from the configured image backend.

The procedural backend draws the layout with tools/render; candidates differ by seed
(small jitter the renderer allows), so the critic has a real choice. A diffusers backend
plugs in behind the same `ImageBackend` protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from animdirector.tools.render import CharacterDesign, Layout, Manifest, Shot, render_scene
from animdirector.memory.artifacts import atomic_save, atomic_write_text


@dataclass
class Candidate:
    index: int
    seed: int
    image_path: Path
    manifest_path: Path
    manifest: Manifest


class ImageBackend(Protocol):
    name: str

    def candidates(
        self, layout: Layout, *, characters: dict[str, CharacterDesign], references: dict[str, Path],
        prompt: str, style: str, size: tuple[int, int], seed: int, k: int, out_dir: Path, shot: Shot | None = None,
    ) -> list[Candidate]: ...


def candidate_seed(round_seed: int, index: int) -> int:
    """The seed of candidate `index` of a round (the clip re-renders the kept one with it)."""
    return round_seed * 1000 + index


def _load_manifest(path: Path) -> Manifest:
    return Manifest.model_validate_json(path.read_text())


class ProceduralImages:
    """The embedded image backend: the procedural renderer, deterministic per seed."""

    name = "procedural"

    def candidates(self, layout, *, characters, references, prompt, style, size, seed, k, out_dir, shot=None):
        out_dir.mkdir(parents=True, exist_ok=True)
        found = []
        for i in range(k):
            cand_seed = candidate_seed(seed, i)
            image_path = out_dir / f"candidate-{i + 1}.png"
            manifest_path = out_dir / f"candidate-{i + 1}.json"
            if image_path.exists() and manifest_path.exists():  # finished work is found, not redone
                found.append(Candidate(i, cand_seed, image_path, manifest_path, _load_manifest(manifest_path)))
                continue
            result = render_scene(layout, shot, characters=characters, style=style, size=size, seed=cand_seed)
            atomic_write_text(manifest_path, result.manifest.model_dump_json(indent=1))
            atomic_save(image_path, result.image.save)
            found.append(Candidate(i, cand_seed, image_path, manifest_path, result.manifest))
        return found


def make_image_backend(config) -> ImageBackend:
    """The backend named in config.images (`procedural` or `diffusers`)."""
    if config.backend == "procedural":
        return ProceduralImages()
    from animdirector.tools.image_diffusers import DiffusersImages  # heavy: only when asked for

    return DiffusersImages(config.diffusers)
