from django.urls import path

from support_desk.tickets.api.tags import TagDetailView, TagListView, TagMergeView

urlpatterns = [
    path("", TagListView.as_view(), name="tag-list"),
    path("<id:tag_id>/", TagDetailView.as_view(), name="tag-detail"),
    path("<id:tag_id>/merge/", TagMergeView.as_view(), name="tag-merge"),
]
