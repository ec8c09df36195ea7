"""Renderers: turn computed results into text, JSON, GitHub annotations, markdown, HTML."""
