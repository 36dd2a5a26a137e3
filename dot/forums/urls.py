from django.urls import URLPattern, URLResolver

app_name = "forums"

urlpatterns: list[URLPattern | URLResolver] = []
