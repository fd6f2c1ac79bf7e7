from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from annotations.selectors import article_list
from debates.selectors import member_activity

from .forms import ProfileForm
from .models import User


def profile(request, username):
    member = get_object_or_404(User, username=username, is_active=True)
    articles = article_list().filter(imported_by=member)[:50]
    activity = member_activity(member=member, viewer=request.user)
    return render(
        request,
        "accounts/profile.html",
        {"member": member, "articles": articles, "activity": activity},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Profile saved."))
            return redirect(request.user)
        return render(request, "accounts/profile_edit.html", {"form": form}, status=422)
    return render(request, "accounts/profile_edit.html", {"form": form})
