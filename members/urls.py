from django.urls import path

from members import duty_views, personal_data_views, scoring_views, views

app_name = "members"
urlpatterns = [
    path("", views.MemberListView.as_view(), name="list"),
    path("me/", views.my_profile, name="me"),
    path("me/data/", personal_data_views.my_data, name="my_data"),
    path("me/data/download/", personal_data_views.my_data_download, name="my_data_download"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("import/", views.member_import, name="import"),
    path("import/template.xlsx", views.member_import_template, name="import_template"),
    path("roster/pdf/", views.member_roster_pdf, name="roster_pdf"),
    # 履职: the duty file
    path("duty/", duty_views.my_duty, name="duty_me"),
    path("duty/new/", duty_views.duty_activity_new, name="duty_new"),
    path("duty/members/<int:pk>/", duty_views.duty_file, name="duty_file"),
    path("duty/records/<int:pk>/", duty_views.duty_record_detail, name="duty_record"),
    path("duty/records/<int:pk>/edit/", duty_views.duty_activity_edit, name="duty_edit"),
    path("duty/records/<int:pk>/<str:action>/", duty_views.duty_record_action, name="duty_action"),
    path("duty/photos/<int:pk>/", duty_views.duty_photo, name="duty_photo"),
    path("duty/review/", duty_views.DutyReviewListView.as_view(), name="duty_review"),
    path("duty/review/verify/", duty_views.duty_review_bulk_verify, name="duty_bulk_verify"),
    path("duty/attendance/", duty_views.AttendanceSheetListView.as_view(), name="duty_attendance"),
    path("duty/attendance/import/", duty_views.attendance_import, name="duty_attendance_import"),
    path("duty/attendance/template/", duty_views.attendance_template, name="duty_attendance_template"),
    path("duty/attendance/<int:pk>/", duty_views.attendance_detail, name="duty_attendance_detail"),
    path("duty/attendance/<int:pk>/delete/", duty_views.attendance_delete, name="duty_attendance_delete"),
    # 履职量化考核: scores, rules, documents
    path("duty/ranking/", scoring_views.RankingView.as_view(), name="duty_ranking"),
    path("duty/below-minimum/", scoring_views.BelowMinimumView.as_view(), name="duty_below"),
    path("duty/at-risk/", scoring_views.AtRiskView.as_view(), name="duty_risk"),
    path("duty/stats/", scoring_views.duty_stats, name="duty_stats"),
    path("duty/rules/", scoring_views.duty_rules, name="duty_rules"),
    path("duty/rules/edit/", scoring_views.duty_rules_edit, name="duty_rules_edit"),
    path("duty/rules/recompute/", scoring_views.duty_recompute_request, name="duty_recompute_request"),
    path("duty/recompute/<int:pk>/", scoring_views.duty_recompute, name="duty_recompute"),
    path("duty/recompute/<int:pk>/status/", scoring_views.duty_recompute_status, name="duty_recompute_status"),
    path("duty/report/pdf/", scoring_views.duty_report_pdf, name="duty_report_pdf"),
    path("duty/summary/pdf/", scoring_views.duty_summary_pdf, name="duty_summary_pdf"),
    path("duty/reports/pdf/", scoring_views.duty_reports_all_pdf, name="duty_reports_all_pdf"),
]
