"""Editions of a plan's published years: the structure a published round showed, frozen when it
was published, and the corrections (正誤) made to a published year afterwards."""
