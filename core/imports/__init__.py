"""The generic spreadsheet import/export pipeline that every workstream reuses.

An app registers each kind of row it owns in its ``imports.py``::

    register_kind(ImportKind(key="people", label=_("People"), resource_class=PersonResource,
                             view_perm=Perm.VIEW_PEOPLE, edit_perm=Perm.EDIT_PEOPLE,
                             example={"ชื่อ": "สมชาย", ...}), order=20)

and gets, under ``/n/<network>/``: an upload page with templates (.xlsx, .csv), a
preview (dry run) listing every row's errors, an all-or-nothing confirm, and
exports in the same columns. ``files`` reads and writes files safely,
``resources`` holds the network-scoped resource base and widgets, ``services``
runs imports and exports.
"""

from core.imports.files import ImportFileError
from core.imports.registry import ImportKind, all_kinds, get_kind, register_kind

__all__ = ["ImportFileError", "ImportKind", "all_kinds", "get_kind", "register_kind"]
