"""URL map of the department entry pages (joined to the web namespace by shinchoku.web.urls)."""

from django.urls import path

from shinchoku.web.entries import actions, quality, views

urlpatterns = [
    path("my/", views.my_entries, name="my_entries"),
    path("entries/<int:entry_id>/", views.entry_detail, name="entry"),
    path("entries/<int:entry_id>/history/", views.entry_history_page, name="entry_history"),
    path(
        "entries/<int:entry_id>/approve-department/",
        actions.approve_for_department,
        name="entry_approve_department",
    ),
    path("entries/<int:entry_id>/approve/", actions.approve, name="entry_approve"),
    path("entries/<int:entry_id>/return/", actions.return_, name="entry_return"),
    path("entries/<int:entry_id>/reopen/", actions.reopen, name="entry_reopen"),
    path("entries/<int:entry_id>/findings/dismiss/", quality.dismiss, name="entry_dismiss_finding"),
]
