"""The caller's company under /api/me/: its profile, its stored matches and the facts that unlock more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import places
from accounts.permissions import HasRole
from accounts.roles import Role
from config.query import check_api_query

from . import profile as profile_rules
from .engine.report import TOTAL_BASIS
from .facts import ENTITY_TYPES, FACTS, STAGES
from .models import Company
from .selectors import (
    STATUS_LABELS,
    Filters,
    answered_declarations,
    company_dashboard,
    company_for_user,
    declaration_questions,
    unlock_dict,
)
from .services import DeclarationError, declarations_answer, profile_update, rematch_company


class IsEnterprise(HasRole):
    roles = (Role.ENTERPRISE,)


def _money(label: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=profile_rules.MAX_YUAN,
        help_text=f"{label}(元)",
    )


def _bool(key: str) -> serializers.BooleanField:
    return serializers.BooleanField(required=False, allow_null=True, help_text=FACTS[key].question)


class QualificationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="资质/认定名称")
    level = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=10, help_text="等级(级)"
    )
    obtained_on = serializers.DateField(required=False, allow_null=True, help_text="取得日期")


class ExtraFactsSerializer(serializers.Serializer):
    project_investment_yuan = _money("项目投资额")
    equipment_investment_yuan = _money("设备投资额")
    rent_area_sqm = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=profile_rules.MAX_INT["rent_area_sqm"],
        help_text="租用面积(平方米)",
    )
    financing_yuan = _money("融资金额")
    project_level = serializers.ChoiceField(
        choices=FACTS["project_level"].choices, required=False, allow_null=True, help_text="项目级别"
    )
    first_time = _bool("first_time")
    relocated_in = _bool("relocated_in")


class ProfileSerializer(serializers.Serializer):
    """The company profile of DESIGN.md; an absent or null key is unknown (never false or 0)."""

    credit_code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="画像版本,每次修改加一")
    entity_type = serializers.ChoiceField(choices=ENTITY_TYPES, required=False, allow_null=True)
    independent_legal_person = _bool("independent_legal_person")
    province = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=50)
    city = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=50)
    district = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=100)
    zones = serializers.ListField(
        child=serializers.CharField(max_length=profile_rules.MAX_ITEM_CHARS),
        max_length=profile_rules.MAX_LIST_ITEMS["zones"],
        required=False,
        allow_null=True,
        help_text="[] 表示不在任何园区",
    )
    established_on = serializers.DateField(required=False, allow_null=True)
    stage = serializers.ChoiceField(choices=STAGES, required=False, allow_null=True)
    industries = serializers.ListField(
        child=serializers.CharField(max_length=profile_rules.MAX_ITEM_CHARS),
        max_length=profile_rules.MAX_LIST_ITEMS["industries"],
        required=False,
        allow_null=True,
    )
    employees = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=profile_rules.MAX_INT["employees"],
        help_text="从业人数(人)",
    )
    registered_capital_yuan = _money("注册资本")
    revenue_last_year_yuan = _money("上年度营业收入")
    rd_expense_last_year_yuan = _money("上年度研发投入")
    above_designated_size = _bool("above_designated_size")
    qualifications = QualificationSerializer(
        many=True, required=False, allow_null=True, max_length=profile_rules.MAX_LIST_ITEMS["qualifications"]
    )
    credit_good = _bool("credit_good")
    major_penalty_3y = _bool("major_penalty_3y")
    facts = ExtraFactsSerializer(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        existing = self.context.get("existing") or {}
        merged = {**existing, **attrs} if self.partial else attrs
        province, city = merged.get("province") or "", merged.get("city") or ""
        if province in places.MUNICIPALITY_NAMES and not city and "city" not in attrs:
            attrs["city"] = city = province
        errors = places.region_errors(province, city, merged.get("district") or "", merged.get("zones") or [])
        errors.update(profile_rules.bounds_errors(_plain(attrs), timezone.localdate()))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _plain(value: Any) -> Any:
    """Validated data as JSON values (dates as YYYY-MM-DD, nested dicts and lists)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _company(request: Request) -> Company:
    company = company_for_user(request.user)
    if company is None:
        raise NotFound("您的账户尚未关联企业")
    return company


def _profile_body(company: Company) -> dict[str, Any]:
    profile = getattr(company, "profile", None)
    data = dict(profile.data) if profile else {}
    data.update(credit_code=company.credit_code, name=company.name, version=profile.version if profile else 0)
    return data


class MyProfileView(APIView):
    """The caller's company profile: read it, replace it (PUT) or change some keys (PATCH)."""

    permission_classes = [IsEnterprise]
    serializer_class = ProfileSerializer

    @extend_schema(responses=ProfileSerializer, tags=["me"], summary="读取本企业画像")
    def get(self, request: Request) -> Response:
        return Response(_profile_body(_company(request)))

    @extend_schema(
        request=ProfileSerializer, responses=ProfileSerializer, tags=["me"], summary="替换本企业画像"
    )
    def put(self, request: Request) -> Response:
        return self._save(request, partial=False)

    @extend_schema(
        request=ProfileSerializer,
        responses=ProfileSerializer,
        tags=["me"],
        summary="修改本企业画像的部分字段",
    )
    def patch(self, request: Request) -> Response:
        return self._save(request, partial=True)

    def _save(self, request: Request, *, partial: bool) -> Response:
        company = _company(request)
        existing = dict(company.profile.data) if hasattr(company, "profile") else {}
        serializer = ProfileSerializer(data=request.data, partial=partial, context={"existing": existing})
        serializer.is_valid(raise_exception=True)
        data = _plain_keep_nulls(serializer.validated_data)
        if partial:
            given = serializer.validated_data.get("facts")
            facts = {**(existing.get("facts") or {}), **_plain_keep_nulls(given or {})}
            data.pop("facts", None)
            data = {**existing, **data, "facts": facts}
        profile_update(company, data, request.user)
        return Response(_profile_body(Company.objects.select_related("profile").get(pk=company.pk)))


def _plain_keep_nulls(data: dict[str, Any]) -> dict[str, Any]:
    """Top-level nulls are kept (a PATCH with null clears a key); nested values are made plain."""
    return {k: (None if v is None else _plain(v)) for k, v in data.items()}


FILTER_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=list(STATUS_LABELS), description="只看某种匹配结果"),
    OpenApiParameter("policy", OpenApiTypes.INT, description="只看某个政策(id)"),
    OpenApiParameter("region", OpenApiTypes.STR, description="只看某个地区的政策:省份|城市|区县"),
]


class MatchFilterSerializer(serializers.Serializer):
    """The filters of /api/me/matches/: a value outside these is a 400, never the whole list."""

    status = serializers.ChoiceField(choices=list(STATUS_LABELS), required=False, allow_blank=True)
    policy = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    region = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    fact = serializers.CharField()
    outcome = serializers.BooleanField(allow_null=True, help_text="true 满足,false 不满足,null 未知")
    text = serializers.CharField()


class MissingSerializer(serializers.Serializer):
    fact = serializers.CharField(
        allow_null=True, help_text="null 表示原文条件(kind=requirement),无对应画像字段"
    )
    question = serializers.CharField()
    label = serializers.CharField()
    decisive = serializers.BooleanField(help_text="回答它会改变结果")
    kind = serializers.CharField(required=False, help_text="fact 或 requirement(需对照原文核实的条件)")
    text = serializers.CharField(required=False, allow_null=True, help_text="原文条件的文字")
    span = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        help_text="原文条件在政策文本中的位置",
    )


class EstimateSerializer(serializers.Serializer):
    max_yuan = serializers.IntegerField(allow_null=True, help_text="上限(元),null 表示条款未注明金额")
    yuan = serializers.IntegerField(
        allow_null=True, help_text="按企业数据算出的金额(元),null 表示在 [0, 上限] 之间"
    )
    basis = serializers.CharField(required=False)
    needs = serializers.CharField(required=False, help_text="补充该事实即可算出金额")


class ClauseQuestionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="问题标识:多个条款问同一件事时相同,只需回答一次")
    question = serializers.CharField()
    answer_type = serializers.ChoiceField(choices=["bool", "number"], help_text="bool 是/否;number 数字")
    unit = serializers.CharField(allow_null=True, help_text="数字的单位")
    text = serializers.CharField(allow_null=True, required=False, help_text="条款原文中的条件")


class MatchItemSerializer(serializers.Serializer):
    policy = serializers.DictField(help_text="{id, title, region}")
    clause = serializers.DictField(help_text="{id, number, heading}")
    status = serializers.ChoiceField(choices=list(STATUS_LABELS))
    reasons = ReasonSerializer(many=True)
    missing = MissingSerializer(many=True)
    estimate = EstimateSerializer()
    stacking_group = serializers.CharField(allow_null=True)
    draft = serializers.BooleanField()
    set_aside = serializers.BooleanField(help_text="与同组条款不重复享受,未计入合计")
    by_declaration = serializers.BooleanField(help_text="依据贵企业的声明判定为可申报")
    review = serializers.ListField(child=serializers.CharField(), help_text="以评审结果为准的条件")
    questions = ClauseQuestionSerializer(many=True, help_text="该条款尚未回答的声明问题")
    clause_version = serializers.IntegerField()
    profile_version = serializers.IntegerField()
    computed_at = serializers.DateTimeField()


class UnlockSerializer(serializers.Serializer):
    fact = serializers.CharField()
    label = serializers.CharField()
    question = serializers.CharField()
    unlock_yuan = serializers.IntegerField(help_text="回答后可能解锁的金额(元,已考虑不重复享受)")
    clauses = serializers.IntegerField(help_text="取决于它的条款数")
    profile_link = serializers.CharField()


class MatchReportSerializer(serializers.Serializer):
    company = serializers.DictField(help_text="{credit_code, name}")
    computed_at = serializers.DateTimeField(allow_null=True)
    profile_version = serializers.IntegerField(allow_null=True)
    total_estimate_yuan = serializers.IntegerField(help_text="仅可申报条款,每个不重复享受分组取最高")
    total_potential_yuan = serializers.IntegerField(help_text="可申报与可能可申报条款合计上限(条件均满足时)")
    total_range = serializers.DictField(help_text="{low, high, unmodelled}")
    results = MatchItemSerializer(many=True)
    set_aside = serializers.ListField(child=serializers.DictField())
    unlock = UnlockSerializer(many=True)


class RankedQuestionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="问题标识,回答时使用")
    question = serializers.CharField()
    answer_type = serializers.ChoiceField(choices=["bool", "number"], help_text="bool 是/否;number 数字")
    unit = serializers.CharField(allow_null=True, help_text="数字的单位")
    yuan_at_stake = serializers.IntegerField(help_text="回答后可确定的金额(元,已考虑不重复享受)")
    clauses = serializers.ListField(child=serializers.DictField(), help_text="问到它的条款")


class AnsweredSerializer(serializers.Serializer):
    key = serializers.CharField()
    question = serializers.CharField()
    value = serializers.JSONField(help_text="true/false,或数字(单位见 unit)")
    unit = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField()


class CalculatorSerializer(serializers.Serializer):
    questions = RankedQuestionSerializer(many=True, help_text="尚未回答的问题,按可确定的金额从高到低")
    answered = AnsweredSerializer(many=True, help_text="已回答的问题,可再次提交以修改")
    total_estimate_yuan = serializers.IntegerField(help_text="仅可申报条款,每个不重复享受分组取最高")
    total_basis = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="各匹配结果的条款数")


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        allow_empty=False,
        help_text="{问题标识: 回答};是/否问题回答 true/false(或“是”“否”),数字问题回答数字(可写“300万”);null 清除回答",
        error_messages={
            "empty": "请至少回答一个问题",
            "not_a_dict": "answers 应为对象,键为问题标识、值为回答",
        },
    )

    def validate_answers(self, value: dict[str, Any]) -> dict[str, Any]:
        if len(value) > 100:
            raise serializers.ValidationError("一次最多回答 100 个问题")
        for raw in value.values():
            if isinstance(raw, str) and len(raw) > 30:
                raise serializers.ValidationError("回答过长")
            if isinstance(raw, list | dict):
                raise serializers.ValidationError("回答应为 是/否 或数字")
        return value


def _calculator(company: Company) -> dict[str, Any]:
    board = company_dashboard(company)
    return {
        "questions": [q.to_dict() for q in board.questions],
        "answered": [
            {
                "key": a.key,
                "question": a.question,
                "value": a.value,
                "unit": a.unit,
                "answered_at": a.answered_at,
            }
            for a in answered_declarations(company)
        ],
        "total_estimate_yuan": board.total_estimate_yuan,
        "total_basis": TOTAL_BASIS,
        "counts": board.counts,
    }


class MyQuestionsView(APIView):
    """The policy calculator: questions only the company can answer, and its answers."""

    permission_classes = [IsEnterprise]
    serializer_class = AnswersSerializer

    @extend_schema(responses=CalculatorSerializer, tags=["me"], summary="政策计算器:待回答的问题")
    def get(self, request: Request) -> Response:
        return Response(CalculatorSerializer(_calculator(_company(request))).data)

    @extend_schema(
        request=AnswersSerializer,
        responses={200: CalculatorSerializer, 400: OpenApiTypes.OBJECT},
        tags=["me"],
        summary="回答(或修改、清除)政策计算器的问题,匹配结果随即更新",
    )
    def post(self, request: Request) -> Response:
        company = _company(request)
        serializer = AnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            change = declarations_answer(
                company,
                serializer.validated_data["answers"],
                request.user,
                questions=declaration_questions(),
                queue=False,
            )
        except DeclarationError as exc:
            raise serializers.ValidationError({"answers": {exc.key or "": [exc.reason]}}) from exc
        if change is not None:
            rematch_company(company.pk)
        return Response(CalculatorSerializer(_calculator(company)).data)


class MyMatchesView(APIView):
    """The caller's stored match results, in the shape of the ``match`` command's JSON."""

    permission_classes = [IsEnterprise]

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses=MatchReportSerializer,
        tags=["me"],
        summary="本企业的匹配结果",
        description="未知的查询参数或无效的取值(如 status=bogus)返回 400,errors 中按参数名给出中文说明。",
    )
    def get(self, request: Request) -> Response:
        query = request.query_params
        check_api_query(query, MatchFilterSerializer().fields, MatchFilterSerializer(data=query))
        company = _company(request)
        board = company_dashboard(company, Filters.from_query(query), reasons=True)
        return Response(board.to_dict(company))


class MyUnlockView(APIView):
    """Decisive missing facts ranked by the money answering them could unlock."""

    permission_classes = [IsEnterprise]

    @extend_schema(responses=UnlockSerializer(many=True), tags=["me"], summary="补充哪些信息可解锁更多支持")
    def get(self, request: Request) -> Response:
        board = company_dashboard(_company(request))
        return Response([unlock_dict(u) for u in board.unlock])
