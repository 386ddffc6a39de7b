"""Three limits on failed admin sign-ins, on top of django-axes.

django-axes counts failures for each group of AXES_LOCKOUT_PARAMETERS and locks out when
the largest count reaches one AXES_FAILURE_LIMIT. One limit does not suit all three
groups we count (settings.LOGIN_FAILURE_LIMITS):

- one user name from one address (a typo-prone editor, or a guesser): a few;
- any user names from one address (a guesser trying accounts): more, as an office's
  editors may share an address;
- one user name from any addresses (a guess at one account spread over many addresses):
  in between.

So each group's count is reported to axes relative to its own limit: a count that has
reached its group's limit is reported as at least AXES_FAILURE_LIMIT, and one below it
as less (``count * AXES_FAILURE_LIMIT // limit``). Which limit was reached is kept on
the request for the lockout page, which says what is locked.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def group_name(parameters):
    """``"username+ip_address"`` for ``["username", "ip_address"]``, ``"ip_address"``
    for ``"ip_address"``: AXES_LOCKOUT_PARAMETERS' entries as LOGIN_FAILURE_LIMITS
    names them."""
    return parameters if isinstance(parameters, str) else "+".join(parameters)


class LoginLimitsHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        base = settings.AXES_FAILURE_LIMIT
        reported = 0
        request.login_limit_reached = None
        groups = get_lockout_parameters(request, credentials)
        for parameters, attempts in zip(
            groups, self.get_user_attempts(request, credentials), strict=True
        ):
            name = group_name(parameters)
            limit = settings.LOGIN_FAILURE_LIMITS[name]
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if count >= limit and request.login_limit_reached is None:
                request.login_limit_reached = (name, limit)
            reported = max(reported, count * base // limit)
        return reported

    def reset_user_attempts(self, request, credentials=None):
        """After a successful sign-in, forget that user name's failures from that address
        only (axes would forget every failure from the address, and every failure of the
        user name: one account of one's own would then reset the count of guesses at
        the others, and the owner signing in would reset a distributed guess)."""
        username = get_client_username(request, credentials)
        pair = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
        count, _deleted = pair.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE), in the visitor's language, saying which
    limit was reached."""
    # Set by LoginLimitsHandler.get_failures, which axes calls before locking out.
    reached = getattr(request, "login_limit_reached", None) or (
        "username+ip_address",
        settings.AXES_FAILURE_LIMIT,
    )
    name, limit = reached
    context = {"limit_reached": name.replace("+", "_"), "limit": limit}
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
