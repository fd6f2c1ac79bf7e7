"""The API's conventions: the error shape and exception handler (errors), strict JSON
with a size limit (parsers), strict input fields (fields), cursor pagination
(pagination), query filters that refuse empty values (filters), the OpenAPI
post-processing hooks (schema), and the views every API path shares (views)."""
