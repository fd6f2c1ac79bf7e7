"""The API for the member's own account and their API token: parse, call the account
services, serialise."""

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services as account_services
from .serializers import MeOutput, TokenInput, TokenOutput


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The signed-in member", responses=MeOutput)
    def get(self, request):
        return Response(MeOutput(request.user).data)


# A key is a password: no cache (the browser's, a proxy's) keeps a copy of the answer.
@method_decorator(never_cache, name="dispatch")
class TokenApi(APIView):
    # Password guessing is limited by the sign-in limiter (accounts/signin.py), shared
    # with the sign-in page and the admin; the anonymous throttle applies as everywhere.

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        summary="Exchange an email or username and password for an API token",
        description="Send the key as `Authorization: Token <key>`. Repeated calls return the "
        "same key until it is revoked.",
        request=TokenInput,
        responses={200: TokenOutput},
        auth=[],
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = account_services.user_for_credentials(
            request=request,
            login=data.validated_data["login"],
            password=data.validated_data["password"],
        )
        token = account_services.token_get_or_create(user=user)
        return Response(TokenOutput(token).data)

    @extend_schema(summary="Revoke one's API token", request=None, responses={204: None})
    def delete(self, request):
        account_services.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
