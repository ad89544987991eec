def navigation(request):
    user = getattr(request, "user", None)
    return {"is_guest": bool(user and user.is_authenticated and user.is_guest)}
