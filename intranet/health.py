"""A health check for load balancers: the database answers, and which search backend serves."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
def health(request):
    from search.backends import search_status

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    status = {"database": "ok", "search": search_status()}
    return JsonResponse(status)
