from django.urls import path

from mahalleh.minutes import downloads, views

app_name = "minutes"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.review, name="review"),
    path("meetings/<int:pk>.pdf", downloads.meeting_minutes, {"fmt": "pdf"}, name="meeting_pdf"),
    path("meetings/<int:pk>.docx", downloads.meeting_minutes, {"fmt": "docx"}, name="meeting_docx"),
    path("import/<int:pk>/original/", views.import_original, name="import_original"),
    path("meetings/<int:pk>/original/", views.meeting_original, name="meeting_original"),
]
