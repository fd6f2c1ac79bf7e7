"""The API's conventions: the error shape and exception handler (errors), strict JSON
with a size limit (parsers), strict input fields (fields), cursor pagination
(pagination), query filters that refuse empty values and the filter backend (filters),
what the read models share (output), the OpenAPI post-processing hooks (schema), and the
views every API path shares (views)."""
