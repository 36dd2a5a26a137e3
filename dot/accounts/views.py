"""Login, profile and password pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from .auth_forms import PortalAuthenticationForm, ProfileForm
from .models import User
from .roles import held_roles
from .self_service import profile_update


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Switch the interface language the way Django's set_language view does."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        translation.activate(language)
    return response


class PortalLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = PortalAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # The portal speaks the language the user saved in their profile.
        return _remember_language(response, form.get_user().language)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Reload so that a failed validation above cannot leave half-set attributes.
        user.refresh_from_db()
        profile_update(
            user=user, email=data["email"], phone=data["phone"], language=data["language"]
        )
        response = redirect("accounts:profile")
        _remember_language(response, user.language)
        messages.success(request, _("Your profile is saved."))
        return response
    return render(request, "accounts/profile.html", {"form": form, "roles": held_roles(user)})
