from django.urls import URLPattern, URLResolver
from rest_framework.routers import DefaultRouter

from .api import BankViewSet, CategoryViewSet, QuestionViewSet

router = DefaultRouter()
router.register("banks", BankViewSet, basename="questions-bank")
router.register("categories", CategoryViewSet, basename="questions-category")
router.register("questions", QuestionViewSet, basename="questions-question")

urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
