"""The static files storage of production: whitenoise's hashed, compressed files, with the imports
between JavaScript modules rewritten to the hashed names, so a page's modules load the same files
collectstatic wrote (and one shared module stays one instance per page)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ModuleAwareStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
