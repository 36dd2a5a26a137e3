from rest_framework.routers import DefaultRouter

from .api import ApplicationViewSet, OrderViewSet, PlanViewSet

router = DefaultRouter()
router.register("orders", OrderViewSet, basename="order")
router.register("applications", ApplicationViewSet, basename="application")
router.register("plans", PlanViewSet, basename="plan")

urlpatterns = router.urls
