"""Memory: the story bible, the SQLite run store, content-addressed artifacts and the run layout.

Plain Python (no AutoGen); the AutoGen Memory adapter is agents/bible_memory.py.
"""

from animdirector.memory.artifacts import (
    ArtifactCache,
    atomic_save,
    atomic_write_bytes,
    atomic_write_text,
    canonical_json,
    inputs_hash,
    sha256_file,
)
from animdirector.memory.bible import CharacterEntry, SettingEntry, StoryBible
from animdirector.memory.layout import artifacts_dir, db_path, run_dir, version_dir
from animdirector.memory.store import (
    PRE,
    Artifact,
    CorruptDatabase,
    Event,
    NewerSchema,
    RunInfo,
    RunStore,
    SceneRecord,
    Score,
    StoreError,
    ToolCall,
    UnknownRun,
    VersionInfo,
    idem_key,
)

__all__ = [
    "PRE",
    "Artifact",
    "ArtifactCache",
    "CharacterEntry",
    "CorruptDatabase",
    "Event",
    "NewerSchema",
    "RunInfo",
    "RunStore",
    "SceneRecord",
    "Score",
    "SettingEntry",
    "StoreError",
    "StoryBible",
    "ToolCall",
    "UnknownRun",
    "VersionInfo",
    "artifacts_dir",
    "atomic_save",
    "atomic_write_bytes",
    "atomic_write_text",
    "canonical_json",
    "db_path",
    "idem_key",
    "inputs_hash",
    "run_dir",
    "sha256_file",
    "version_dir",
]
