from rest_framework.routers import DefaultRouter

from .api import CourseViewSet, UmkViewSet

router = DefaultRouter()
router.register("courses", CourseViewSet, basename="course")
router.register("umk", UmkViewSet, basename="umk")

urlpatterns = router.urls
