"""Panflute document helpers shared by the essay passes, the book and the renderers: text, state, notes."""
