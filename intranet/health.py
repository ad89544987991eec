"""Health endpoints for load balancers and operators.

- /healthz/live: the process answers (restart it when this fails).
- /healthz/ready (and /healthz, for existing probes): database, migrations, Redis, search; 503 when
  the process cannot serve. Anonymous callers see only {"status": "up" | "degraded" | "down"}; staff
  and `Authorization: Bearer <METRICS_TOKEN>` see each component (document counts, index lag).
"""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from intranet.ops import readiness
from intranet.ops.operator_access import is_operator


@require_GET
@login_not_required
@never_cache
def live(request):
    return JsonResponse({"status": readiness.UP})


@require_GET
@login_not_required
@never_cache
def ready(request):
    report = readiness.report()
    body = report if is_operator(request) else {"status": report["status"]}
    return JsonResponse(body, status=503 if report["status"] == readiness.DOWN else 200)


health = ready
