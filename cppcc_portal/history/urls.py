from django.urls import path

from cppcc_portal.history import views

app_name = "history"
urlpatterns = [
    path("<slug:kind>/<int:pk>/", views.record_history, name="record"),
]
