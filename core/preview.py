"""A preview of the public page with an editor's unsaved changes, in every language."""


class PreviewAdminMixin:
    """Filled in by the preview work (issue 10)."""
