from django.urls import path

from apps.publishing import views

app_name = "publishing"
urlpatterns = [
    path("work/", views.work_view, name="work"),
    path("work/next/", views.work_next_view, name="work_next"),
    path("articles/<int:pk>/review/", views.review_view, name="review"),
    path("articles/<int:pk>/review/transition/", views.transition_view, name="transition"),
    path("articles/<int:pk>/review/assign/", views.assign_view, name="assign"),
]
