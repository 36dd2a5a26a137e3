from rest_framework.routers import DefaultRouter

from .api import ForumViewSet, PostViewSet, ThreadViewSet

router = DefaultRouter()
router.register("forums", ForumViewSet, basename="forum")
router.register("threads", ThreadViewSet, basename="thread")
router.register("posts", PostViewSet, basename="post")

urlpatterns = router.urls
