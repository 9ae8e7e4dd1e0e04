"""Database machinery shared by every app's migrations."""
