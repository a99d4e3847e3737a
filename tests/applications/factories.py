"""factory_boy factories for applications: policies, clauses and companies are built as rows directly."""

from __future__ import annotations

import factory
from django.core.files.base import ContentFile

from accounts.roles import Role
from applications import workflow
from applications.models import Application, Assignment, Attachment, Review
from eligibility.models import Company, CompanyProfile, Membership
from policies.models import Benefit, Clause, Policy
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HERE = {"province": "北京市", "city": "北京市", "district": "朝阳区"}


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"朝阳区关于支持科技创新发展的若干措施({n})")
    province = "北京市"
    city = "北京市"
    region = "朝阳区"
    status = Policy.Status.PUBLISHED
    stacking = None


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clause

    policy = factory.SubFactory(PolicyFactory)
    order = factory.Sequence(lambda n: n)
    number = factory.Sequence(lambda n: f"第{n + 1}条")
    heading = "支持研发投入"
    text = "对符合条件的企业,按研发投入给予最高100万元支持。"
    kind = Clause.Kind.SUPPORT
    max_amount_yuan = 1_000_000
    amounts_yuan = factory.LazyAttribute(lambda o: [o.max_amount_yuan] if o.max_amount_yuan else [])
    conditions = factory.LazyFunction(dict)


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    clause = factory.SubFactory(ClauseFactory)
    kind = Benefit.Kind.SUBSIDY
    ratio = 0.2
    base = "项目总投资"
    cap_yuan = 1_000_000


class CompanyFactory(factory.django.DjangoModelFactory):
    """A company with a profile in 北京市朝阳区; ``members=[user, ...]`` adds members."""

    class Meta:
        model = Company
        skip_postgeneration_save = True

    credit_code = factory.Sequence(lambda n: f"91110105MA{n:08d}")
    name = factory.Sequence(lambda n: f"北京测试科技有限公司{n}")

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if create:
            data = {"credit_code": obj.credit_code, "name": obj.name, "entity_type": "enterprise", **HERE}
            data.update(extracted or {})
            CompanyProfile.objects.create(company=obj, data=data)

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create:
            for index, user in enumerate(extracted or ()):
                Membership.objects.create(company=obj, user=user, is_owner=index == 0)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    clause = factory.SubFactory(ClauseFactory)
    policy = factory.LazyAttribute(lambda o: o.clause.policy)
    applicant = factory.SubFactory(UserFactory)
    state = workflow.DRAFT
    requested_amount_yuan = 500_000
    project_description = "建设人工智能算力平台,完成模型研发与示范应用。"

    @factory.post_generation
    def attachments(obj, create, extracted, **kwargs):
        """One PDF 申报书 by default (submission requires an attachment); ``attachments=0`` for none."""
        if not create:
            return
        for index in range(1 if extracted is None else extracted):
            Attachment.objects.create(
                application=obj,
                file=ContentFile(PDF, name=f"申报书{index + 1}.pdf"),
                original_name=f"申报书{index + 1}.pdf",
                size=len(PDF),
                content_type="application/pdf",
                uploaded_by=obj.applicant,
            )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory)
    expert = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    expert = factory.SubFactory(UserFactory)
    scores = factory.LazyFunction(lambda: {"技术先进性": 80, "经济效益": 70, "实施可行性": 90})
    total_score = 240
    recommendation = Review.Recommendation.SUPPORT
    comment = "技术方案可行,建议支持。"


ROLES = (Role.ENTERPRISE, Role.REVIEWER, Role.EXPERT, Role.ADMIN)
