from rest_framework.routers import DefaultRouter

from .api import CurriculumLineViewSet, CurriculumViewSet, ProgrammeViewSet

router = DefaultRouter()
router.register("programmes", ProgrammeViewSet, basename="academics-programme")
router.register("curricula", CurriculumViewSet, basename="academics-curriculum")
router.register("curriculum-lines", CurriculumLineViewSet, basename="academics-curriculum-line")

urlpatterns = router.urls

from .people_api import router as people_router  # noqa: E402 - people side

urlpatterns += people_router.urls
