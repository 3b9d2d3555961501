from django.urls import path

from support_desk.replies.api.views import (
    SavedReplyDetailView,
    SavedReplyListView,
    SavedReplyPreviewView,
    SavedReplySendView,
)

urlpatterns = [
    path("", SavedReplyListView.as_view(), name="saved-reply-list"),
    path("<id:reply_id>/", SavedReplyDetailView.as_view(), name="saved-reply-detail"),
    path("<id:reply_id>/preview/", SavedReplyPreviewView.as_view(), name="saved-reply-preview"),
    path("<id:reply_id>/send/", SavedReplySendView.as_view(), name="saved-reply-send"),
]
