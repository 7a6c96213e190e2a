from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.MemberListView.as_view(), name="list"),
    path("me/", views.my_profile, name="me"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("import/", views.member_import, name="import"),
    path("import/template.xlsx", views.member_import_template, name="import_template"),
    path("roster/pdf/", views.member_roster_pdf, name="roster_pdf"),
]
