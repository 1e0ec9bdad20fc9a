from forum_site.plugins import app_submodules, project_app_configs


def test_only_the_projects_own_apps_take_part():
    names = [config.name for config in project_app_configs()]
    assert names[0] == "forum_site"
    assert {"practices", "consultations", "events", "search"} <= set(names)
    assert not any(name.startswith(("django.", "wagtail", "channels")) for name in names)


def test_demo_modules_are_found_in_installed_apps_order():
    found = [module.__name__ for module in app_submodules("demo", exclude=("forum_site",))]
    order = [config.name for config in project_app_configs()]
    assert found == sorted(found, key=lambda name: order.index(name.rsplit(".", 1)[0]))
    assert "practices.demo" in found and "forum_site.demo" not in found


def test_websocket_routes_of_apps_are_collected():
    from forum_site.routing import websocket_urlpatterns

    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    assert "ws/notifications/" in routes
    assert any(route.startswith("ws/threads/") for route in routes)
