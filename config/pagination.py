"""The API's page numbers: a page parameter that is present must be a page."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination as DRFPageNumberPagination


class PageNumberPagination(DRFPageNumberPagination):
    """DRF's pagination, except that an empty ``?page=`` is refused like ``?page=abc`` (404
    「页码无效」) instead of silently meaning page 1."""

    invalid_page_message = "页码无效:{message}"

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param)
        if number is not None and not number.strip():
            raise NotFound("页码无效:请填写从 1 开始的整数。")
        return super().get_page_number(request, paginator)
