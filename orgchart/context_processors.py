from orgchart.access import access_for


def roles(request):
    """The signed-in person's roles, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"access": access_for(user)}
