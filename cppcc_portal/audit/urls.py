from django.urls import path

from cppcc_portal.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditEventListView.as_view(), name="list"),
    path("<int:pk>/", views.event_detail, name="detail"),
]
