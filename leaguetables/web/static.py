"""Static files as deployed: hashed names (cached for a year, immutable) with brotli and gzip
copies beside them, written once by `collectstatic` (WhiteNoise's compressed manifest storage)."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

log = logging.getLogger("leaguetables.static")


class HashedCompressedStorage(CompressedManifestStaticFilesStorage):
    # app.js imports NHS.UK frontend's module by a relative path: rewrite it to the hashed name.
    support_js_module_import_aggregation = True
    _warned = False

    def stored_name(self, name: str) -> str:
        """Where collectstatic has run, the hashed name (a name it does not know is an error, as
        Django has it); where it has not (a checkout, `manage.py check`), the plain name, which
        WhiteNoise serves from the source folders, with one warning."""
        if not self.hashed_files:
            if not HashedCompressedStorage._warned:
                HashedCompressedStorage._warned = True
                log.warning("no static files manifest: run manage.py collectstatic")
            return name
        return super().stored_name(name)
