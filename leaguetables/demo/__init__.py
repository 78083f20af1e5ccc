"""The fictional demo data, out of the product's way: `write_demo_files` writes NHS England's
formats for invented trusts, which `load_demo` imports through the real importer."""

from leaguetables.demo.generate import (
    DATA_HEADER,
    DEFAULT_SEED,
    ILLUSTRATIVE_CODE_PREFIX,
    LEAGUE_HEADER,
    SHORT_LEAGUE_HEADER,
    build,
)
from leaguetables.demo.writer import write_demo_files

__all__ = [
    "DATA_HEADER",
    "DEFAULT_SEED",
    "ILLUSTRATIVE_CODE_PREFIX",
    "LEAGUE_HEADER",
    "SHORT_LEAGUE_HEADER",
    "build",
    "write_demo_files",
]
