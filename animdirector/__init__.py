"""animdirector: a multi-agent studio that turns a short story into an animated film."""

__version__ = "0.1.0"
