"""Load the seed policies and the demo accounts; running it again changes nothing."""

import json
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import BaseCommand, CommandError, call_command, get_commands
from django.db import transaction

from accounts.models import Office, User
from accounts.roles import Role
from accounts.services import user_grant_role
from eligibility.models import Company, CompanyProfile, Membership
from eligibility.services import company_register

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# A one-page PDF standing for the demo application's 申报书 (submission needs an attachment).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>endobj\n"
    b"4 0 obj<</Length 0>>stream\n\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class Command(BaseCommand):
    help = "载入种子政策文件与演示账户(qiye、shenhe、zhuanjia、guanli),可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--policies-only", action="store_true", help="只载入种子政策,不创建演示账户与演示企业"
        )

    def handle(self, *args, policies_only: bool = False, **options) -> None:
        if policies_only:
            self._seed_policies()
            self.stdout.write(self.style.SUCCESS("种子政策已载入。"))
            return
        if not settings.DEMO_ACCOUNTS:
            raise CommandError(
                "生产环境(DJANGO_DEBUG=false)不创建使用公开密码的演示账户。"
                "请用 manage.py createadmin 创建管理员;只载入政策请加 --policies-only。"
            )
        demo = json.loads((FIXTURES / "demo.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            for entry in demo["staff"]:
                self._staff(entry)
            for entry in demo["companies"]:
                self._company_user(entry)
            for entry in demo.get("offices", ()):
                self._office(entry)
        self._seed_policies()
        self._staff_every_office(demo.get("fallback_reviewer"))
        self._demo_application(demo["companies"][0])
        self.stdout.write(
            self.style.SUCCESS(f"演示账户已就绪,密码为 DEMO_PASSWORD(默认 {settings.DEMO_PASSWORD})。")
        )

    def _user(self, username: str, display_name: str, **fields) -> tuple[User, bool]:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name, **fields}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user, created

    def _staff(self, entry: dict) -> None:
        fields = {
            k: entry[k] for k in ("province", "city", "district", "is_staff", "is_superuser") if k in entry
        }
        user, _ = self._user(entry["username"], entry["display_name"], **fields)
        user_grant_role(user, Role(entry["role"]))

    def _office(self, entry: dict) -> None:
        """A 受理部门 with its contact details and reviewers (publishing assigns it to its region's policies)."""
        where = {k: entry.get(k, "") for k in ("name", "province", "city", "region")}
        office, _ = Office.objects.get_or_create(
            **where, defaults={"phone": entry.get("phone", ""), "address": entry.get("address", "")}
        )
        for username in entry.get("staff", ()):
            User.objects.get(username=username).offices.add(office)

    def _staff_every_office(self, username: str | None) -> None:
        """Offices made on publish for other regions get the general reviewer, so no application is orphaned."""
        reviewer = User.objects.filter(username=username).first() if username else None
        if reviewer is None:
            return
        for office in Office.objects.filter(staff__isnull=True):
            reviewer.offices.add(office)

    def _company_user(self, entry: dict) -> None:
        profile = entry["profile"]
        user, _ = self._user(entry["username"], entry["display_name"])
        user_grant_role(user, Role.ENTERPRISE)
        company = Company.objects.filter(credit_code=profile["credit_code"]).first()
        if company is None:
            company = company_register(credit_code=profile["credit_code"], name=profile["name"], owner=user)
        Membership.objects.get_or_create(company=company, user=user, defaults={"is_owner": True})
        stored = CompanyProfile.objects.get(company=company)
        if stored.data != profile:
            stored.data = profile
            stored.save()

    def _demo_application(self, entry: dict) -> None:
        """One submitted application of the demo company, so the review desk has work to show."""
        from applications.models import Application
        from applications.services import application_create, application_transition, attachment_add
        from policies.models import Clause, Policy

        company = Company.objects.get(credit_code=entry["profile"]["credit_code"])
        if Application.objects.filter(company=company).exists():
            return
        clause = (
            Clause.objects.filter(
                policy__status=Policy.Status.PUBLISHED,
                policy__province=entry["profile"]["province"],
                policy__city=entry["profile"]["city"],
                policy__region=entry["profile"]["district"],
                kind=Clause.Kind.SUPPORT,
                max_amount_yuan__isnull=False,
            )
            .order_by("policy_id", "order")
            .first()
        )
        if clause is None:
            return
        applicant = User.objects.get(username=entry["username"])
        application = application_create(
            company=company,
            clause=clause,
            applicant=applicant,
            fields={
                "requested_amount_yuan": min(clause.max_amount_yuan, 1_000_000),
                "project_description": "演示项目:面向互联网3.0的数字人内容生产平台建设。",
            },
        )
        attachment_add(
            application, applicant, ContentFile(DEMO_PDF, name="项目申报书(演示).pdf"), "项目申报书"
        )
        application_transition(application, "submit", applicant)

    def _seed_policies(self) -> None:
        if "ingest" not in get_commands():
            self.stdout.write("提示:导入命令尚不可用,跳过种子政策。")
            return
        paths = sorted(str(p) for p in (FIXTURES / "seeds").glob("*.txt"))
        call_command("ingest", *paths, publish=True, stdout=self.stdout, stderr=self.stderr)
