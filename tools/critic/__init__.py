"""The CLIP critic: checklist alignment, ranking, identity and clip metrics (plain Python + torch + open_clip).

    from animdirector.tools.critic import get_critic
    critic = get_critic(config.critic, threads=1)
    report = critic.alignment(image, ["a boy in a red shirt", "a red round ball", "a garden at sunset"])
    best = critic.rank(candidates, phrases).best_index

The default model is the small critic this project trains on its own renders (weights/, see
weights/TRAINING.md); any open_clip architecture with a local checkpoint replaces it by config.
"""

from .arch import BUNDLED_ARCH, WordTokenizer, register_bundled_arch
from .loading import CriticWeightsError, LoadedModel, Thresholds, load_bundled, load_model, load_open_clip, save_critic
from .evaluate import checklist_for_layout
from .metrics import ClipMetrics
from .negatives import Negative, Vocabulary, default_vocabulary, make_negatives
from .score import (
    AlignmentReport,
    Critic,
    CriticInputError,
    IdentityResult,
    NegativeScore,
    PhraseScore,
    RankResult,
    get_critic,
    load_image,
    sheet_views,
)

__all__ = [
    "BUNDLED_ARCH", "AlignmentReport", "ClipMetrics", "Critic", "CriticInputError", "CriticWeightsError",
    "IdentityResult", "checklist_for_layout", "LoadedModel", "Negative", "NegativeScore", "PhraseScore", "RankResult", "Thresholds",
    "Vocabulary", "WordTokenizer", "default_vocabulary", "get_critic", "load_bundled", "load_image",
    "load_model", "load_open_clip", "make_negatives", "register_bundled_arch", "save_critic", "sheet_views",
]
