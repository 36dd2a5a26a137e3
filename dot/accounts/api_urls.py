from rest_framework.routers import DefaultRouter

from .api import RoleAssignmentViewSet, UserViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("role-assignments", RoleAssignmentViewSet, basename="role-assignment")

urlpatterns = router.urls
