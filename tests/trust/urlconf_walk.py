"""Every URL pattern of the portal, read from the URLconf itself (through every include)."""

from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    name: str  # "proposals:detail"; an unnamed pattern is known by its route, e.g. "favicon.ico"
    # (inside a namespace, "admin:admin/<url>")
    route: str  # "proposals/<int:pk>/"
    kwargs: tuple  # ("pk",)
    named: bool = True

    @property
    def names_objects(self):
        """Whether the URL names a stored object (an integer argument)."""
        return "<int:" in self.route

    def url(self, kwargs):
        return reverse(self.name, kwargs=kwargs) if self.named else "/" + self.route


def _walk(patterns, prefix, namespaces):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            spaces = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, route, spaces)
        else:
            name = ":".join((*namespaces, pattern.name or route))
            yield Route(name, route, tuple(pattern.pattern.converters), named=bool(pattern.name))


def portal_routes():
    return list(_walk(get_resolver().url_patterns, "", ()))
