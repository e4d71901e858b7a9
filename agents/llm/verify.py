"""The one exchange `animdirector models verify` has with a model: a short story to retell, which
shows in a few seconds that the weights load, the model follows an instruction, and how fast it is."""

from __future__ import annotations

from autogen_core.models import LLMMessage, SystemMessage, UserMessage

VERIFY_SYSTEM = "You are the writer in a small animation studio. You answer briefly and plainly."
VERIFY_STORY = (
    "Mia is a seven-year-old girl with a yellow raincoat. On a windy Saturday she flies her red "
    "diamond-shaped kite on the green hill behind her house. The string snaps and the kite drifts "
    "over the village, past the bakery with the blue door and the old stone bridge, until it lands "
    "in the branches of a tall oak tree in the park. Mia runs after it with her dog Pepper, a small "
    "brown terrier. A friendly gardener named Tom lends her a ladder, and together they free the kite. "
    "At sunset Mia flies it again, this time holding the string with both hands, while Pepper barks at "
    "the gulls and Tom waves from the park gate."
)
VERIFY_USER = "Retell this story in three short sentences:\n\n" + VERIFY_STORY


def verify_messages() -> list[LLMMessage]:
    return [SystemMessage(content=VERIFY_SYSTEM), UserMessage(content=VERIFY_USER, source="user")]
