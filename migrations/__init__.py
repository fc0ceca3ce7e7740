"""Alembic revisions of the indopac schema.

A package only so that a non-editable install carries them (as ``indopac.migrations``);
Alembic itself reads the folder by path and never imports it.
"""
