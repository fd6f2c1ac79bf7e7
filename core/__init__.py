"""What every app shares and no app owns. No models; imports no app of ours.

- errors: domain errors, each carrying its own `code` and HTTP `status`
- members: member-level predicates (is_moderator, is_suspended, require_member, ...)
- ratelimit: the per-member write limiter
- http: HTML helpers (member_required, running a service from a form, the refusal
  middleware)
- api: the API's conventions (errors, parsing, strict fields, pagination, schema hooks)
"""
