"""Static files as deployed: hashed names (cached for a year, immutable) with brotli and gzip
copies beside them, written once by `collectstatic` (WhiteNoise's compressed manifest storage)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedCompressedStorage(CompressedManifestStaticFilesStorage):
    # app.js imports NHS.UK frontend's module by a relative path: rewrite it to the hashed name.
    support_js_module_import_aggregation = True
