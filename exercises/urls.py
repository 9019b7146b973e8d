from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("ovning/<slug:key>/", views.exercise_page, name="exercise"),
    path("ovning/<slug:key>/svar/", views.answer, name="answer"),
    path("mitt-resultat/", views.summary, name="summary"),
]
