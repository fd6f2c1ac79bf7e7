"""The back office for moderators and admins.

Moderators (the "Moderators" group) see answers, passages, flags, votes, members and the
log, and change things only through actions. Each action asks for a reason on a
confirmation page and calls the same moderation service as the site, so it is checked,
applied and written to the append-only log exactly as there. Nobody edits a member's
words here, and nobody — superusers included — adds, edits or deletes a log entry.

Passages and articles live in `annotations`, which must not import `debates`, so their
moderation admins are registered here: Highlight's directly, Article's and User's by
subclassing the admins their own apps define and registering the subclass instead.

  actions.py   the confirmation page, the reason forms, running a service per object
  content.py   answers, passages, flags, votes, notifications
  log.py       the moderation log (read-only for everyone)
  people.py    articles (lock / unlock) and members (suspend / lift)
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import content, log, people  # noqa: F401  (importing registers the admins)

# The back office is this product's, in the reader's language; moderators find their
# dashboard on its index (templates/admin/index.html).
admin.site.site_header = _("Counterpoint administration")
admin.site.site_title = _("Counterpoint administration")
admin.site.index_title = _("Back office")
# The changelists need the width at 1,280 px more than a second menu (the index and the
# breadcrumbs lead everywhere the sidebar did).
admin.site.enable_nav_sidebar = False
