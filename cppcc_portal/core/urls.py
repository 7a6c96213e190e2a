from django.urls import path

from cppcc_portal.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
