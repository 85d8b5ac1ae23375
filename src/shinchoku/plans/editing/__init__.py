"""Use cases that change a plan itself (not its yearly rounds): the plan editor's services.

One module per concept: :mod:`.settings` (title, period, levels, rules), :mod:`.scale` (rating
codes), :mod:`.departments`, :mod:`.tree` (nodes, order, parents, cross-listings, owners) and
:mod:`.indicators` (indicators and their interim targets). Every function is named verb_noun,
takes the acting user, asks :mod:`shinchoku.accounts.permissions`, runs in one transaction and
records an audit entry (whose id moves the data version, so cached pages are rendered again).
A change that would break stored data is refused with :class:`~.base.PlanEditError`, whose
Japanese message says what is in the way and what to do.
"""
