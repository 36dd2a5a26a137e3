from rest_framework.routers import DefaultRouter

from .api import AnnouncementViewSet, ContactViewSet, ConversationViewSet

router = DefaultRouter()
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("contacts", ContactViewSet, basename="contact")
router.register("announcements", AnnouncementViewSet, basename="announcement")

urlpatterns = router.urls
