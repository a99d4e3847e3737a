"""REST API for applications: list/create/detail, workflow actions, events, attachments, expert reviews."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import Role
from eligibility.selectors import company_for_user
from policies.models import Clause, Policy

from . import rules, selectors, services, workflow
from .models import Application, ApplicationEvent, Attachment, Review

ACTION_PARAM = OpenApiParameter(
    "action_name",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=list(workflow.ACTIONS),
    description="工作流操作:" + ",".join(f"{a}({t.label})" for a, t in workflow.TRANSITIONS.items()),
)


class ApplicationSerializer(serializers.ModelSerializer):
    """An application; clients write only the draft fields."""

    clause = serializers.PrimaryKeyRelatedField(
        # Unreviewed drafts are unknown; other policies not taking applications are refused with the reason.
        queryset=Clause.objects.exclude(policy__status=Policy.Status.DRAFT)
    )
    state_name = serializers.SerializerMethodField(
        help_text="状态名称(按调用者角色:审核人员名称或申报人名称)"
    )
    company_name = serializers.CharField(source="company.name", read_only=True)
    eligibility_status = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "state",
            "state_name",
            "company",
            "company_name",
            "policy",
            "clause",
            "requested_amount_yuan",
            "project_description",
            "project_investment_yuan",
            "eligibility_status",
            "eligibility",
            "revision",
            "submitted_at",
            "due_on",
            "publicity_ends_on",
            "proposed_amount_yuan",
            "approved_amount_yuan",
            "disbursed_amount_yuan",
            "disbursed_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in services.DRAFT_FIELDS and f != "clause"]
        extra_kwargs = {
            "requested_amount_yuan": {
                "min_value": 1,
                "max_value": rules.MAX_AMOUNT_YUAN,
                "help_text": "申请金额,单位:元;不超过条款最高支持金额",
            },
            "project_investment_yuan": {
                "min_value": 1,
                "max_value": rules.MAX_AMOUNT_YUAN,
                "help_text": "项目总投资,单位:元",
            },
            "project_description": {"max_length": rules.MAX_DESCRIPTION_CHARS},
        }

    def get_state_name(self, obj: Application) -> str:
        request = self.context.get("request")
        if request is not None and _is_applicant_view(request.user):
            return obj.applicant_state
        return obj.staff_state


class ApplicationUpdateSerializer(ApplicationSerializer):
    clause = serializers.PrimaryKeyRelatedField(read_only=True)


class ActionRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=rules.MAX_COMMENT_CHARS,
        help_text="意见;退回补正、不予支持时必填",
    )
    approved_amount_yuan = serializers.IntegerField(
        required=False, min_value=1, max_value=rules.MAX_AMOUNT_YUAN, help_text="批准金额(元),approve 必填"
    )
    disbursed_amount_yuan = serializers.IntegerField(
        required=False, min_value=1, max_value=rules.MAX_AMOUNT_YUAN, help_text="拨付金额(元),disburse 必填"
    )
    disbursed_on = serializers.DateField(required=False, help_text="拨付日期,disburse 必填")
    publicity_days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=rules.MAX_PUBLICITY_WORKING_DAYS,
        help_text="公示期(工作日),默认5",
    )
    publicity_ends_on = serializers.DateField(required=False, help_text="公示截止日期(代替公示期)")
    proposed_amount_yuan = serializers.IntegerField(
        required=False, help_text="拟支持金额(元),conclude_expert 可填;默认为专家核减后的最低金额或申请金额"
    )


class AssignExpertSerializer(serializers.Serializer):
    expert = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="专家用户 id")


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    action_label = serializers.CharField(read_only=True)

    class Meta:
        model = ApplicationEvent
        fields = [
            "id",
            "action",
            "action_label",
            "from_state",
            "to_state",
            "actor",
            "comment",
            "created_at",
            "data",
        ]

    def get_actor(self, obj: ApplicationEvent) -> str | None:
        if obj.actor is None:
            return None
        if (
            self.context.get("hide_staff")
            and not obj.actor.companies.filter(pk=obj.application.company_id).exists()
        ):
            return "审核人员"
        return obj.actor.username


class ReviewSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.username", read_only=True)
    scores = serializers.DictField(child=serializers.IntegerField(min_value=0), help_text="各评审指标得分")

    class Meta:
        model = Review
        fields = [
            "id",
            "expert",
            "scores",
            "total_score",
            "recommendation",
            "reduced_amount_yuan",
            "comment",
            "revision",
            "created_at",
        ]
        read_only_fields = ["id", "expert", "total_score", "revision", "created_at"]
        extra_kwargs = {
            "reduced_amount_yuan": {"min_value": 1, "help_text": "核减后建议金额(元),建议核减后支持时必填"}
        }


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "size", "content_type", "description", "created_at", "download_url"]

    def get_download_url(self, obj: Attachment) -> str:
        from django.urls import reverse

        return reverse("applications:attachment", args=[obj.pk])


def _is_applicant_view(user: User) -> bool:
    return user.is_enterprise and not (user.is_reviewer or user.is_expert or user.is_portal_admin)


def _error(error: services.WorkflowError) -> Response:
    body: dict = {"detail": error.message}
    if isinstance(error, services.TransitionConflict):
        body["current_state"] = error.current_state
    if error.field_errors:
        body["errors"] = error.field_errors
    return Response(body, status=error.status)


ERRORS = {
    400: OpenApiResponse(description="提交的数据不符合要求"),
    403: OpenApiResponse(description="当前角色不能执行该操作"),
    404: OpenApiResponse(description="申报不存在或无权查看"),
    409: OpenApiResponse(
        inline_serializer(
            "Conflict",
            {
                "detail": serializers.CharField(),
                "current_state": serializers.CharField(
                    required=False, help_text="申报当前状态(工作流状态冲突时返回)"
                ),
            },
        ),
        description="申报当前状态不允许该操作(返回当前状态)",
    ),
}


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications visible to the caller (own company, region, assigned); writes go through services."""

    permission_classes = [IsAuthenticated]
    serializer_class = ApplicationSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["state", "policy", "clause"]

    def get_queryset(self):
        return (
            Application.objects.visible_to(self.request.user)
            .select_related("company", "policy", "clause")
            .order_by("-created_at", "-id")
        )

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ApplicationUpdateSerializer
        return ApplicationSerializer

    @extend_schema(responses={201: ApplicationSerializer, 400: ERRORS[400], 403: ERRORS[403]})
    def create(self, request: Request, *args, **kwargs) -> Response:
        """Start a draft for a clause of a published policy (enterprise users, for their company)."""
        if not request.user.has_role(Role.ENTERPRISE):
            raise PermissionDenied("只有企业用户可以申报。")
        company = company_for_user(request.user)
        if company is None:
            raise PermissionDenied("请先登记企业信息。")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            application = services.application_create(
                company=company, clause=data["clause"], applicant=request.user, fields=data
            )
        except services.WorkflowError as error:
            return _error(error)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: ApplicationSerializer, 400: ERRORS[400], 403: ERRORS[403], 409: ERRORS[409]}
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        """Change a draft or a returned application (its company's members)."""
        application = self.get_object()
        serializer = self.get_serializer(application, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            application = services.application_update_draft(
                application, request.user, serializer.validated_data
            )
        except services.WorkflowError as error:
            return _error(error)
        return Response(self.get_serializer(application).data)

    def update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        parameters=[ACTION_PARAM],
        request=ActionRequestSerializer,
        responses={200: ApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_name>[a-z_]+)")
    def take_action(self, request: Request, pk=None, action_name: str = "") -> Response:
        """Take a workflow action; returns the application in its new state, 409 naming the current one."""
        application = self.get_object()
        if workflow.transition(action_name) is None:
            raise Http404
        payload = ActionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        comment = data.pop("comment", "")
        try:
            application = services.application_transition(
                application, action_name, request.user, comment, data
            )
        except services.WorkflowError as error:
            return _error(error)
        return Response(self.get_serializer(application).data)

    @extend_schema(responses={200: EventSerializer(many=True), 404: ERRORS[404]})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request: Request, pk=None) -> Response:
        """The application's events, oldest first (applicants see the public ones)."""
        application = self.get_object()
        applicant = _is_applicant_view(request.user)
        events = selectors.timeline(application, public_only=applicant)
        return Response(EventSerializer(events, many=True, context={"hide_staff": applicant}).data)

    @extend_schema(
        methods=["GET"], responses={200: ReviewSerializer(many=True), 403: ERRORS[403], 404: ERRORS[404]}
    )
    @extend_schema(methods=["POST"], request=ReviewSerializer, responses={201: ReviewSerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def reviews(self, request: Request, pk=None) -> Response:
        """Expert reviews: reviewers see all, an expert its own; assigned experts add theirs (append-only)."""
        application = self.get_object()
        user = request.user
        if request.method == "POST":
            serializer = ReviewSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                review = services.review_submit(
                    application,
                    user,
                    scores=serializer.validated_data["scores"],
                    recommendation=serializer.validated_data["recommendation"],
                    comment=serializer.validated_data["comment"],
                    reduced_amount_yuan=serializer.validated_data.get("reduced_amount_yuan"),
                )
            except services.WorkflowError as error:
                return _error(error)
            return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
        if user.is_reviewer or user.is_portal_admin:
            reviews = application.reviews.select_related("expert")
        elif user.is_expert:
            reviews = application.reviews.filter(expert=user).select_related("expert")
        else:
            raise PermissionDenied("申报人不能查看专家评审意见。")
        return Response(ReviewSerializer(reviews, many=True).data)

    @extend_schema(
        request=AssignExpertSerializer,
        responses={201: OpenApiResponse(description="已分配"), **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def experts(self, request: Request, pk=None) -> Response:
        """Assign an expert (reviewers of the region, admins)."""
        application = self.get_object()
        payload = AssignExpertSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        expert = User.objects.filter(pk=payload.validated_data["expert"], is_active=True).first()
        if expert is None:
            return Response({"detail": "专家不存在。"}, status=status.HTTP_400_BAD_REQUEST)
        try:
            services.expert_assign(application, request.user, expert)
        except services.WorkflowError as error:
            return _error(error)
        return Response({"expert": expert.pk, "application": application.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: AttachmentSerializer(many=True), 404: ERRORS[404]})
    @extend_schema(
        methods=["POST"],
        request={
            "multipart/form-data": inline_serializer(
                "AttachmentUpload",
                {"file": serializers.FileField(), "description": serializers.CharField(required=False)},
            )
        },
        responses={201: AttachmentSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
        filter_backends=[],
    )
    def attachments(self, request: Request, pk=None) -> Response:
        """The application's attachments; its company's members upload while it is editable."""
        application = self.get_object()
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                return Response({"detail": "请选择要上传的文件。"}, status=status.HTTP_400_BAD_REQUEST)
            try:
                attachment = services.attachment_add(
                    application, request.user, upload, request.data.get("description", "")
                )
            except services.WorkflowError as error:
                return _error(error)
            return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        return Response(AttachmentSerializer(application.attachments.all(), many=True).data)
