from django.urls import URLPattern, URLResolver

app_name = "messaging"

urlpatterns: list[URLPattern | URLResolver] = []
