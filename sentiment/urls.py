app_name = "sentiment"
urlpatterns = []
