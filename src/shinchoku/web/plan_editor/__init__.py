"""The plan editor of the staff site: the 事務局 edits its plan's settings, rating scale,
departments, tree, owners and indicators. Views are thin: each authorises, parses a form, calls
one service of :mod:`shinchoku.plans.editing` and redirects, or renders the page again with the
refusal beside the field it concerns."""
