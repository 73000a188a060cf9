"""Truceline: watch a ceasefire from the news."""
