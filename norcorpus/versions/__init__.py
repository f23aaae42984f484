"""Corpus versions: manifests, the build, accounting and lock files."""
