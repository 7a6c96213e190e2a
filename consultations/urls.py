from django.urls import path

from consultations.views import activities, calendar, deliberation, outcomes, plans

app_name = "consultations"
urlpatterns = [
    path("", calendar.my_schedule, name="mine"),
    path("calendar/", calendar.staff_calendar, name="calendar"),
    # annual plan
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/do/<slug:action>/", plans.plan_transition, name="plan_transition"),
    path("plans/<int:plan_pk>/items/new/", plans.plan_item_edit, name="plan_item_create"),
    path("plans/<int:pk>/pdf/", plans.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/versions/<int:number>/", plans.plan_version, name="plan_version"),
    path("items/<int:pk>/", plans.plan_item_detail, name="plan_item"),
    path("items/<int:pk>/edit/", plans.plan_item_edit, name="plan_item_edit"),
    path("items/<int:pk>/delete/", plans.plan_item_delete, name="plan_item_delete"),
    path("items/<int:item_pk>/activities/new/", activities.activity_create, name="activity_create_from_item"),
    # activities
    path("activities/", activities.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/schedule/", activities.activity_schedule, name="activity_schedule"),
    path("activities/<int:pk>/do/<slug:action>/", activities.activity_action, name="activity_action"),
    path("activities/<int:pk>/reply/", activities.activity_reply, name="activity_reply"),
    path("activities/<int:pk>/qr/", activities.activity_qr, name="activity_qr"),
    path("activities/<int:pk>/participants/", activities.participant_list, name="participants"),
    path("activities/<int:pk>/participants/add/", activities.participant_add, name="participant_add"),
    path("activities/<int:pk>/participants/<int:pid>/remove/", activities.participant_remove, name="participant_remove"),
    path("activities/<int:pk>/participants/<int:pid>/leave/", activities.participant_leave, name="participant_leave"),
    path("activities/<int:pk>/participants/<int:pid>/signin/", activities.participant_signin, name="participant_signin"),
    path(
        "activities/<int:pk>/participants/<int:pid>/attendance/", activities.participant_attendance, name="participant_attendance"
    ),
    path("activities/<int:pk>/agenda/", activities.agenda_add, name="agenda_add"),
    path("activities/<int:pk>/agenda/<int:item_pk>/delete/", activities.agenda_delete, name="agenda_delete"),
    path("activities/<int:pk>/materials/", activities.material_upload, name="material_upload"),
    path("activities/<int:pk>/materials/<int:material_pk>/download/", activities.material_download, name="material_download"),
    path("activities/<int:pk>/materials/<int:material_pk>/delete/", activities.material_delete, name="material_delete"),
    path("activities/<int:pk>/speeches/new/", activities.speech_submit, name="speech_submit"),
    path("activities/<int:pk>/speeches/<int:speech_pk>/", activities.speech_detail, name="speech_detail"),
    path("activities/<int:pk>/speeches/<int:speech_pk>/decide/", activities.speech_decide, name="speech_decide"),
    path("activities/<int:activity_pk>/outcomes/new/", outcomes.outcome_create, name="outcome_create"),
    path("signin/<str:token>/", activities.signin_view, name="signin"),
    # online deliberation
    path("deliberations/", deliberation.DeliberationListView.as_view(), name="deliberation_list"),
    path("deliberations/new/", deliberation.deliberation_edit, name="deliberation_create"),
    path("deliberations/<int:pk>/", deliberation.deliberation_detail, name="deliberation_detail"),
    path("deliberations/<int:pk>/edit/", deliberation.deliberation_edit, name="deliberation_edit"),
    path("deliberations/<int:pk>/open/", deliberation.deliberation_open, name="deliberation_open"),
    path("deliberations/<int:pk>/close/", deliberation.deliberation_close, name="deliberation_close"),
    path("deliberations/<int:pk>/opinions/", deliberation.opinion_post, name="opinion_post"),
    path("deliberations/<int:pk>/opinions/<int:opinion_pk>/hide/", deliberation.opinion_hide, name="opinion_hide"),
    path("deliberations/<int:pk>/opinions/<int:opinion_pk>/restore/", deliberation.opinion_restore, name="opinion_restore"),
    path("deliberations/<int:pk>/summary/", deliberation.deliberation_summary, name="deliberation_summary"),
    path("deliberations/<int:deliberation_pk>/outcomes/new/", outcomes.outcome_create, name="deliberation_outcome_create"),
    # outcomes
    path("outcomes/", outcomes.OutcomeListView.as_view(), name="outcome_list"),
    path("outcomes/<int:pk>/", outcomes.outcome_detail, name="outcome_detail"),
    path("outcomes/<int:pk>/edit/", outcomes.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/submit/", outcomes.outcome_submit, name="outcome_submit"),
    path("outcomes/<int:pk>/feedback/", outcomes.outcome_feedback, name="outcome_feedback"),
    path("outcomes/<int:pk>/file/", outcomes.outcome_file, name="outcome_file"),
]
