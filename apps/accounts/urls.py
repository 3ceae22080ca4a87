from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

from apps.accounts import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="articles:list"), name="home"),
    path(
        "login/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/keys/", views.api_keys_view, name="api_keys"),
    path("account/keys/<int:pk>/revoke/", views.api_key_revoke_view, name="api_key_revoke"),
]
